"""Internal audits (ISO 9001:2008 §8.2.2, 2015 §9.2; ISO 19011): the yearly programme, the plan
of each audit with its independent team, its timetable and reminders. The checklist and the
findings are ``audits.models.audit_work``."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.agencies.models import Agency, Unit, User


class AuditProgramme(models.Model):
    """Chương trình đánh giá nội bộ: the audits of one agency for one year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PROPOSED = "proposed", _("Awaiting approval")
        APPROVED = "approved", _("Approved")

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="audit_programmes"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    objectives = models.TextField(_("objectives of the programme"))
    criteria = models.TextField(
        _("audit criteria"),
        help_text=_("The standard applied and the agency's documents the audits check against."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    return_comment = models.TextField(_("comment on return"), blank=True, editable=False)
    proposed_by = models.ForeignKey(
        User, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        User,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("audit programme")
        verbose_name_plural = _("audit programmes")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"],
                name="audit_programme_year_unique",
                violation_error_message=_("The agency already has a programme for this year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency.code} {self.year}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Audit(models.Model):
    """One internal audit of the programme, from its plan to its approved report."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        NOTIFIED = "notified", _("Plan sent to the auditees")
        COMPLETED = "completed", _("Audit completed, report in preparation")
        REPORT_PROPOSED = "report_proposed", _("Report awaiting approval")
        CLOSED = "closed", _("Report approved")
        CANCELLED = "cancelled", _("Cancelled")

    class Method(models.TextChoices):
        """How the auditors meet the auditees: ISO 19011:2026 defines remote audits (3.4) and
        asks the programme to record the methods planned (5.1 g)."""

        ON_SITE = "on_site", _("On site")
        REMOTE = "remote", _("Remote")
        HYBRID = "hybrid", _("Hybrid: on site and remote")

    # Statuses in which the checklist and the findings may still change.
    FIELDWORK = (Status.PLANNED, Status.NOTIFIED)
    # Statuses in which the plan (scope, dates, team) may still change.
    PLANNING = (Status.PLANNED, Status.NOTIFIED)

    programme = models.ForeignKey(
        AuditProgramme,
        verbose_name=_("audit programme"),
        on_delete=models.PROTECT,
        related_name="audits",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="audits"
    )
    number = models.PositiveSmallIntegerField(_("sequence number"), editable=False)
    code = models.CharField(_("code"), max_length=30, editable=False)
    title = models.CharField(_("title"), max_length=255)
    objectives = models.TextField(_("objectives"))
    scope_note = models.TextField(
        _("processes and activities"),
        blank=True,
        help_text=_("The processes, activities and places the audit covers."),
    )
    criteria = models.TextField(_("audit criteria"))
    # The edition the audit was planned under: its clauses stay of that edition after the
    # agency switches to the next one.
    iso_version = models.CharField(_("ISO version"), max_length=4, editable=False)
    units = models.ManyToManyField(Unit, verbose_name=_("units audited"), related_name="audits")
    documents = models.ManyToManyField(
        "documents.Document",
        verbose_name=_("procedures audited"),
        blank=True,
        related_name="audits",
    )
    clauses = models.ManyToManyField(
        "documents.IsoClause", verbose_name=_("clauses audited"), related_name="+"
    )
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("to"))
    method = models.CharField(
        _("audit method"), max_length=10, choices=Method.choices, default=Method.ON_SITE
    )
    locations = models.TextField(
        _("locations"),
        blank=True,
        help_text=_(
            "One per line: a meeting room or address, or a video meeting with its name and link."
        ),
    )
    auditees = models.ManyToManyField(
        User,
        verbose_name=_("auditees"),
        blank=True,
        related_name="audits_as_auditee",
        help_text=_("The heads and staff of the audited units who receive the plan."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED, editable=False
    )
    plan_sent_at = models.DateTimeField(_("plan sent at"), null=True, blank=True, editable=False)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True, editable=False)
    conclusion = models.TextField(_("conclusion"), blank=True, editable=False)
    report_approved_by = models.ForeignKey(
        User,
        verbose_name=_("report approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    report_approved_at = models.DateTimeField(
        _("report approved at"), null=True, blank=True, editable=False
    )
    # The approved report, rendered once at approval and served from storage afterwards.
    report_pdf = models.FileField(
        _("report PDF"), upload_to="audit-reports/%Y/", blank=True, editable=False
    )
    report_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[units, documents, clauses, auditees])

    class Meta:
        verbose_name = _("internal audit")
        verbose_name_plural = _("internal audits")
        ordering = ["start_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], name="audit_number_unique_per_programme"
            ),
            models.CheckConstraint(
                condition=models.Q(end_on__gte=models.F("start_on")),
                name="audit_dates_in_order",
            ),
        ]
        indexes = [models.Index(fields=["agency", "start_on"], name="audit_agency_start_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_report_approved(self) -> bool:
        return self.status == self.Status.CLOSED


class AuditorAssignment(models.Model):
    """An auditor on an audit's team. Nobody audits their own unit: where the agency is too small
    for that, the assignment carries a written justification and shows as an exception."""

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="team"
    )
    auditor = models.ForeignKey(
        User, verbose_name=_("auditor"), on_delete=models.PROTECT, related_name="audit_assignments"
    )
    is_lead = models.BooleanField(_("lead auditor"), default=False)
    justification = models.TextField(
        _("justification for auditing own unit"),
        blank=True,
        help_text=_("Required only when the auditor belongs to a unit the audit covers."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("auditor assignment")
        verbose_name_plural = _("audit team")
        ordering = ["-is_lead", "auditor__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "auditor"], name="auditor_once_per_audit"),
            models.UniqueConstraint(
                fields=["audit"],
                condition=models.Q(is_lead=True),
                name="one_lead_auditor_per_audit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.audit.code} · {self.auditor}"

    @property
    def is_exception(self) -> bool:
        return bool(self.justification)


class ScheduleItem(models.Model):
    """A line of the audit plan's timetable: when, where, what, who."""

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="schedule"
    )
    on = models.DateField(_("date"))
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("to"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, null=True, blank=True
    )
    activity = models.CharField(_("activity"), max_length=255)
    auditors = models.CharField(_("auditors"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("schedule item")
        verbose_name_plural = _("schedule")
        ordering = ["on", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="schedule_item_times_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.on} {self.starts_at} {self.activity}"


class AuditReminder(models.Model):
    """That the reminder ``days_before`` an audit went out, so a second daily run sends nothing."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audit", "days_before"], name="audit_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.audit_id} −{self.days_before}"
