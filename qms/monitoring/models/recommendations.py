"""Kiến nghị của Sở KH&CN: what the province's Sở recommends to one agency."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.agencies.models import Agency

TEXT_MAX_LENGTH = 5000


class Recommendation(models.Model):
    """A recommendation of the Sở KH&CN to one agency of its province.

    It is the Sở's supervision record, kept apart from the agency's data (a supervisor never
    writes a change request or a register entry into an agency); the agency's ISO secretary
    reads it and acts on it in the agency's own system.
    """

    province = models.ForeignKey(
        Agency,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="recommendations_sent",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="recommendations"
    )
    text = models.TextField(_("recommendation"), max_length=TEXT_MAX_LENGTH)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recommended by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recommended at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recommendation of the Department of Science and Technology")
        verbose_name_plural = _("recommendations of the Department of Science and Technology")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:80]
