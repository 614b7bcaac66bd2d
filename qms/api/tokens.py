"""API tokens: a person creates named tokens on the profile page (or an administrator with
``manage.py api_token``), sees each key once, and revokes them one by one."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions

from qms.agencies.models import User
from qms.api.models import PREFIX_LENGTH, ApiToken, key_digest

# "qms_" makes a leaked key recognisable to secret scanners; 32 random bytes follow.
KEY_START = "qms_"
DEFAULT_LIFETIME = ApiToken.Lifetime.QUARTER


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its key: the only moment the key is known."""

    token: ApiToken
    key: str


@transaction.atomic
def token_issue(*, user: User, name: str, days: int = DEFAULT_LIFETIME) -> IssuedToken:
    """Create a token named ``name`` for ``user``, valid for ``days`` days. Earlier tokens keep
    working: each system gets its own and loses it alone."""
    key = KEY_START + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100],
        prefix=key[:PREFIX_LENGTH],
        digest=key_digest(key),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    return IssuedToken(token=token, key=key)


@transaction.atomic
def token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Revoke ``token`` at once. Only its owner revokes it (the view finds it among the
    owner's tokens, so another person's token is a 404 there); revoking twice changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != by.pk:
        raise PermissionDenied("A token is revoked by its owner only.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_revoke_all(*, user: User) -> int:
    """Revoke every token of ``user`` (``api_token --regenerate``); return how many."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def token_authenticate(*, key: str) -> ApiToken:
    """The usable token whose key is ``key``, its last use recorded (at most once a minute).

    Raises AuthenticationFailed (401) for an unknown, revoked or expired key, or an inactive
    owner, with a message saying which, so that the system's operator knows what to do.
    """
    candidates = ApiToken.objects.filter(prefix=key[:PREFIX_LENGTH]).select_related("user")
    token = next((token for token in candidates if token.matches(key)), None)
    if token is None:
        raise exceptions.AuthenticationFailed(_("Invalid token."))
    if token.revoked_at is not None:
        raise exceptions.AuthenticationFailed(
            _("This API token was revoked. Its owner can create a new one on the profile page.")
        )
    now = timezone.now()
    if token.expires_at <= now:
        raise exceptions.AuthenticationFailed(
            _(
                "This API token expired on %(date)s. Its owner can create a new one on the "
                "profile page."
            )
            % {"date": timezone.localtime(token.expires_at).strftime("%d/%m/%Y")}
        )
    if not token.user.is_active:
        raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
    if token.last_used_at is None or now - token.last_used_at >= ApiToken.LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
