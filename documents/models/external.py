from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.agencies.models import Agency
from qms.lib.text import searchable


class ExternalDocument(models.Model):
    """A document of external origin: a law, decree, circular, the province's decision
    announcing administrative procedures, a standard, or one administrative procedure (TTHC)."""

    class Kind(models.TextChoices):
        LAW = "law", _("Law")
        DECREE = "decree", _("Decree")
        CIRCULAR = "circular", _("Circular")
        DECISION = "decision", _("Decision")
        PROCEDURE = "tthc", _("Administrative procedure (TTHC)")
        STANDARD = "standard", _("Standard")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        REPLACED = "replaced", _("Replaced")
        EXPIRED = "expired", _("Expired")

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="external_documents",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number = models.CharField(
        _("number and symbol"),
        max_length=100,
        help_text=_("For example 30/2020/NĐ-CP, or a TTHC code such as 1.000050."),
    )
    title = models.CharField(_("title"), max_length=500)
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    time_limit_days = models.DecimalField(
        _("legal time limit (working days)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("For an administrative procedure: the time limit the law sets."),
    )
    level = models.CharField(
        _("level of implementation"),
        max_length=100,
        blank=True,
        help_text=_("For an administrative procedure: for example Cấp tỉnh, Cấp xã."),
    )
    sector = models.CharField(
        _("field"),
        max_length=200,
        blank=True,
        help_text=_("For an administrative procedure: for example Hộ tịch, Chứng thực."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_FORCE, editable=False
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="replaces",
    )
    status_changed_on = models.DateField(
        _("no longer in force since"), null=True, blank=True, editable=False
    )
    # Number, title, issuer and field, lower-cased and without diacritics (qms.lib.text.fold).
    search_text = models.TextField(editable=False, default="")
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("external document")
        verbose_name_plural = _("external documents")
        ordering = ["kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "number"],
                name="external_document_unique_per_agency",
                violation_error_message=_("This external document is already registered."),
            ),
        ]
        # Few documents stop being in force; the pages asking "which cited laws ended" (the
        # secretary's tasks, the province dashboard's warning) start from these rows instead
        # of reading the whole register of every agency.
        indexes = [
            models.Index(
                fields=["status_changed_on"],
                condition=~models.Q(status="in_force"),
                name="external_document_ended_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        # A derived column, not domain flow: it follows whatever the row says, however saved.
        self.search_text = searchable(self.number, self.title, self.issuer, self.sector)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)
