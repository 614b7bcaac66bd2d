"""API tokens: named keys that other systems send to act for a person, each with an expiry."""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# How many leading characters of a key are stored in clear: enough to find its row and for
# the owner to recognise it, far too few to guess the rest (a new key has 256 random bits).
PREFIX_LENGTH = 12


def key_digest(key: str) -> str:
    """The SHA-256 of a key, as stored. A key is random, so no salt or slow hash is needed."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, *, at=None) -> "ApiTokenQuerySet":
        """Neither revoked nor expired at ``at`` (now by default)."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=at or timezone.now())

    def listed(self) -> "ApiTokenQuerySet":
        """What the owner sees on the profile page: every token not revoked, newest first."""
        return self.filter(revoked_at__isnull=True).order_by("-created_at", "-pk")


class ApiToken(models.Model):
    """A key another system sends (``Authorization: Token <key>``) to call the API with its
    owner's roles. Only the key's SHA-256 is stored: the key is shown once, when created."""

    class Lifetime(models.IntegerChoices):
        MONTH = 30, _("30 days")
        QUARTER = 90, _("90 days")
        HALF_YEAR = 180, _("180 days")
        YEAR = 365, _("1 year")

    # A token's last use is written at most once per this interval, not on every request.
    LAST_USED_PRECISION = timedelta(minutes=1)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner of the token"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("beginning of the token"), max_length=PREFIX_LENGTH, db_index=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created on"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires on"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def matches(self, key: str) -> bool:
        return hmac.compare_digest(self.digest, key_digest(key))

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
