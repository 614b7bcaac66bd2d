"""Annual reports (báo cáo tình hình áp dụng HTQLCL): the province's template of a year, each
agency's report, and the reminders sent about it."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.agencies.models import Agency, User


class ReportTemplate(models.Model):
    """The form of one year's report and its deadline, set by the supervisor.

    ``fields`` is a list of ``{"key", "label", "type"}`` (type: number, text or date); a key
    the system knows how to compute (see ``qms.monitoring.selectors.reports``) is pre-filled.
    The official form may change, so the list is data, not code.
    """

    class FieldType(models.TextChoices):
        NUMBER = "number", _("Number")
        TEXT = "text", _("Text")
        DATE = "date", _("Date")

    province = models.ForeignKey(
        Agency, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=255)
    deadline = models.DateField(_("deadline"))
    fields = models.JSONField(_("fields"), default=list)
    created_by = models.ForeignKey(
        User, verbose_name=_("set by"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual report template")
        verbose_name_plural = _("annual report templates")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year"],
                name="one_report_template_per_year",
                violation_error_message=_("The province already has a report form for this year."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def agency(self) -> Agency:
        return self.province


class AnnualReport(models.Model):
    """One agency's report of one year: draft → submitted (read-only) → returned for
    correction → submitted again."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for correction")

    template = models.ForeignKey(
        ReportTemplate,
        verbose_name=_("report form"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="annual_reports"
    )
    values = models.JSONField(_("values"), default=dict)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    submitted_by = models.ForeignKey(
        User,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    return_comment = models.TextField(_("why it was returned"), blank=True, editable=False)
    # The first time a supervisor opened the submitted report; cleared when it is submitted
    # again, so that a corrected report is read again.
    read_by = models.ForeignKey(
        User,
        verbose_name=_("read by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    read_at = models.DateTimeField(_("read at"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["template", "agency"], name="one_report_per_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.template} · {self.agency}"


class ReportReminder(models.Model):
    """A reminder sent to an agency about its report, one per occasion (14 and 3 days before
    the deadline, then each week late)."""

    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="reminders")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    occasion = models.CharField(max_length=20)
    sent_on = models.DateField()

    class Meta:
        verbose_name = _("report reminder")
        verbose_name_plural = _("report reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["template", "agency", "occasion"], name="one_report_reminder_per_occasion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} · {self.agency} · {self.occasion}"
