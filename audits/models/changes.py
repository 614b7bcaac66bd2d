"""Planning of changes (ISO 9001:2015 and 2026, clause 6.3): a change to the quality management
system decided before it is made, with its purpose and consequences, the resources and the
people it needs, the documents it changes, and, once made, the check that it worked, which
ISO 9001:2026 asks for in so many words."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.agencies.models import Agency, User


class PlannedChange(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        MADE = "made", _("Made, effectiveness to check")
        EFFECTIVE = "effective", _("Checked: effective")
        INEFFECTIVE = "ineffective", _("Checked: not effective")

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="planned_changes"
    )
    title = models.CharField(_("the change"), max_length=255)
    purpose = models.TextField(
        _("purpose and potential consequences"),
        help_text=_("Why the change is made and what it may affect (6.3 a)."),
    )
    integrity = models.TextField(
        _("keeping the system whole"),
        blank=True,
        help_text=_("How the system keeps working while the change is made (6.3 b)."),
    )
    resources = models.TextField(_("resources"), blank=True, help_text=_("6.3 c."))
    owner = models.ForeignKey(
        User,
        verbose_name=_("responsible"),
        on_delete=models.PROTECT,
        related_name="planned_changes",
        help_text=_("Who answers for the change (6.3 d)."),
    )
    due_on = models.DateField(_("to be made by"))
    documents = models.ManyToManyField(
        "documents.Document", verbose_name=_("documents it changes"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED, editable=False
    )
    made_on = models.DateField(_("made on"), null=True, blank=True, editable=False)
    checked_on = models.DateField(_("checked on"), null=True, blank=True, editable=False)
    checked_by = models.ForeignKey(
        User,
        verbose_name=_("checked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    effectiveness = models.TextField(_("effectiveness check"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[documents])

    class Meta:
        verbose_name = _("planned change")
        verbose_name_plural = _("planned changes")
        ordering = ["agency", "-due_on", "-pk"]

    def __str__(self) -> str:
        return self.title
