from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.word.structure import Retention
from qms.agencies.models import User
from qms.lib.models import AppendOnlyModel


class RevisionQuerySet(models.QuerySet):
    def effective(self):
        return self.filter(status=Revision.Status.EFFECTIVE)

    def in_progress(self):
        return self.filter(status__in=Revision.IN_PROGRESS)


class Revision(models.Model):
    """One issue (lần ban hành) of a document, from draft to superseded."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        IN_APPROVAL = "in_approval", _("Awaiting approval")
        APPROVED = "approved", _("Approved, not yet effective")
        EFFECTIVE = "effective", _("Effective")
        SUPERSEDED = "superseded", _("Superseded")
        OBSOLETE = "obsolete", _("Obsolete")

    IN_PROGRESS = (Status.DRAFT, Status.IN_REVIEW, Status.IN_APPROVAL, Status.APPROVED)
    LOCKED = (Status.APPROVED, Status.EFFECTIVE, Status.SUPERSEDED, Status.OBSOLETE)

    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="revisions",
    )
    number = models.PositiveSmallIntegerField(_("issue number"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    change_summary = models.TextField(_("summary of changes"), blank=True)
    change_request = models.OneToOneField(
        "documents.ChangeRequest",
        verbose_name=_("change request"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revision",
    )

    purpose = models.TextField(_("1. Purpose"), blank=True)
    scope = models.TextField(_("2. Scope"), blank=True)
    references = models.TextField(_("3. Referenced documents"), blank=True)
    definitions = models.TextField(_("4. Definitions and abbreviations"), blank=True)
    body = models.TextField(
        _("Content"),
        blank=True,
        help_text=_("Free text for documents without steps: a policy, objectives, a manual."),
    )
    forms = models.ManyToManyField(
        "documents.Document",
        verbose_name=_("6. Forms"),
        blank=True,
        related_name="used_in_revisions",
    )
    source_file = models.FileField(_("source file"), upload_to="sources/%Y/%m/", blank=True)
    source_name = models.CharField(_("file name"), max_length=255, blank=True)
    # The time limit the procedure itself states ("Thời hạn giải quyết: 10 ngày làm việc");
    # the TTHC of the document, when set, stays the reference the steps are checked against.
    legal_limit_text = models.CharField(_("time limit as stated"), max_length=255, blank=True)
    legal_limit_days = models.DecimalField(
        _("time limit as stated (working days)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
    )

    drafted_by = models.ForeignKey(
        User, verbose_name=_("drafted by"), on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    reviewers = models.ManyToManyField(
        User, verbose_name=_("reviewers"), blank=True, related_name="revisions_to_review"
    )
    approver = models.ForeignKey(
        User,
        verbose_name=_("approver"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions_to_approve",
    )
    round = models.PositiveSmallIntegerField(_("review round"), default=1, editable=False)
    returned = models.BooleanField(_("returned to the drafter"), default=False, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
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
    effective_date = models.DateField(_("effective date"), null=True, blank=True, editable=False)
    ended_on = models.DateField(
        _("no longer effective since"), null=True, blank=True, editable=False
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True, editable=False)
    # The controlled copy, rendered once at approval and served from storage from then on.
    pdf_file = models.FileField(
        _("controlled PDF"), upload_to="controlled/%Y/", blank=True, editable=False
    )
    pdf_sha256 = models.CharField(
        _("SHA-256 of the PDF"), max_length=64, blank=True, editable=False
    )
    pdf_signed = models.BooleanField(_("digitally signed"), default=False, editable=False)
    # Printed as a QR code on the copy; opens the public verification page.
    verification_token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    history = HistoricalRecords()

    objects = RevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="revision_number_unique_per_document"
            ),
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(status="effective"),
                name="one_effective_revision_per_document",
            ),
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(status__in=["draft", "in_review", "in_approval", "approved"]),
                name="one_revision_in_progress_per_document",
                violation_error_message=_("This document already has a revision in progress."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "approver"], name="revision_approver_idx"),
            # A document's issues by date: the first that took effect starts its records'
            # retention, read once per record series due for disposal.
            models.Index(fields=["document", "effective_date"], name="revision_effective_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.document.code} · {self.number:02}"

    @property
    def is_locked(self) -> bool:
        """Approved content is immutable (invariant 3)."""
        return self.status in self.LOCKED


class ProcedureStep(models.Model):
    """A row of the procedure's table: Bước, Nội dung công việc, Trách nhiệm, Thời gian, Kết quả."""

    revision = models.ForeignKey(
        Revision, verbose_name=_("revision"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("step"))
    content = models.TextField(_("task"))
    responsible = models.CharField(_("responsible"), max_length=255, blank=True)
    # The time as written ("Khi phát sinh", "4 giờ"); duration_days is its number of working
    # days, empty when the step has no fixed time (a ceiling is not a duration).
    time_text = models.CharField(_("time as written"), max_length=255, blank=True)
    duration_days = models.DecimalField(
        _("time (working days)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
    )
    output = models.CharField(_("form or result"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["revision", "order"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "order"], name="step_order_unique"),
            models.CheckConstraint(
                condition=Q(duration_days__isnull=True) | Q(duration_days__gte=Decimal("0")),
                name="step_duration_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.content[:60]}"

    @property
    def time_display(self) -> str:
        """The time as the procedure writes it, else the number of working days."""
        if self.time_text:
            return self.time_text
        if self.duration_days is None:
            return ""
        days = formats.localize(Decimal(format(self.duration_days.normalize(), "f")))
        return gettext("%(days)s working days") % {"days": days}


class RecordItem(models.Model):
    """A row of "Hồ sơ cần lưu": what is kept, where and by whom, for how long.

    How long is a rule (Luật Lưu trữ 2024), not only a number: kept permanently, until the
    procedure is superseded, N years, or N years after an event that no date here records.
    """

    class Retention(models.TextChoices):
        PERMANENT = Retention.PERMANENT.value, _("Permanent")
        UNTIL_SUPERSEDED = Retention.UNTIL_SUPERSEDED.value, _("Until superseded")
        YEARS = Retention.YEARS.value, _("N years")
        YEARS_AFTER_EVENT = Retention.YEARS_AFTER_EVENT.value, _("N years after an event")

    # The kinds that count years.
    COUNTED = (Retention.YEARS, Retention.YEARS_AFTER_EVENT)

    revision = models.ForeignKey(
        Revision, verbose_name=_("revision"), on_delete=models.CASCADE, related_name="records"
    )
    order = models.PositiveSmallIntegerField(_("no."))
    name = models.CharField(_("record"), max_length=255)
    keeper = models.CharField(_("kept by / where"), max_length=255, blank=True)
    retention = models.CharField(
        _("retention"), max_length=20, choices=Retention.choices, default=Retention.PERMANENT
    )
    retention_years = models.PositiveSmallIntegerField(
        _("retention (years)"),
        null=True,
        blank=True,
        help_text=_("For a retention of N years, with or without an event."),
    )
    retention_event = models.CharField(
        _("counted from"),
        max_length=255,
        blank=True,
        help_text=_("For example: kể từ khi kết thúc hợp đồng."),
    )

    class Meta:
        verbose_name = _("record to keep")
        verbose_name_plural = _("records to keep")
        ordering = ["revision", "order"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(retention__in=["years", "years_after_event"])
                | Q(retention_years__isnull=False),
                name="record_retention_years_counted",
                violation_error_message=_("A retention in years needs its number of years."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def retention_display(self) -> str:
        """The retention as procedures write it: "03 năm", "Vĩnh viễn",
        "02 năm kể từ khi kết thúc hợp đồng"."""
        if self.retention not in self.COUNTED or self.retention_years is None:
            return str(self.Retention(self.retention).label)
        years = ngettext("%(years)s year", "%(years)s years", self.retention_years) % {
            "years": f"{self.retention_years:02}"
        }
        if self.retention == self.Retention.YEARS_AFTER_EVENT:
            event = self.retention_event or gettext("after an event")
            return f"{years} {event}"
        return years


class ApprovalDecision(AppendOnlyModel):
    """Append-only evidence of who decided what on a revision, and when (invariant 6)."""

    class Step(models.TextChoices):
        SUBMIT = "submit", _("Submitted for review")
        REVIEW = "review", _("Review")
        APPROVAL = "approval", _("Approval")
        WITHDRAWAL = "withdrawal", _("Withdrawal")

    class Decision(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        PASSED = "passed", _("Passed")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    revision = models.ForeignKey(
        Revision, verbose_name=_("revision"), on_delete=models.PROTECT, related_name="decisions"
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    round = models.PositiveSmallIntegerField(_("round"))
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(User, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("approval decision")
        verbose_name_plural = _("approval decisions")
        ordering = ["revision", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.revision} · {self.get_decision_display()} · {self.by}"


class ChangeRequest(models.Model):
    """Phiếu yêu cầu sửa đổi: why a document must change, accepted or refused."""

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting decision")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")

    class Source(models.TextChoices):
        REQUEST = "request", _("Request")
        PERIODIC_REVIEW = "periodic_review", _("Periodic review")
        LEGAL_CHANGE = "legal_change", _("Change in the law")
        NONCONFORMITY = "nonconformity", _("Nonconformity")

    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="change_requests",
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.REQUEST
    )
    reason = models.TextField(_("reason for the change"))
    description = models.TextField(_("what should change"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN, editable=False
    )
    requested_by = models.ForeignKey(
        User, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    decision_note = models.TextField(_("decision note"), blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.document.code} · {self.requested_at:%d/%m/%Y}"
