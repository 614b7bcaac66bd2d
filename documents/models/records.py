from django.db import models
from django.utils.translation import gettext_lazy as _

from qms.agencies.models import Agency, User


class RecordDisposal(models.Model):
    """The disposal of one year's records of one series, as the records register lists them."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="record_disposals"
    )
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("procedure"),
        on_delete=models.PROTECT,
        related_name="record_disposals",
    )
    record_name = models.CharField(_("record"), max_length=255)
    year = models.PositiveSmallIntegerField(_("records of year"))
    disposed_by = models.ForeignKey(
        User, verbose_name=_("disposed by"), on_delete=models.PROTECT, related_name="+"
    )
    disposed_on = models.DateField(_("disposed on"))
    note = models.TextField(_("minutes / note"), blank=True)

    class Meta:
        verbose_name = _("record disposal")
        verbose_name_plural = _("record disposals")
        ordering = ["-disposed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "record_name", "year"],
                name="record_disposal_once_per_year",
                violation_error_message=_("These records were already disposed of."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_name} · {self.year}"
