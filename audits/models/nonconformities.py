"""Nonconformities and the log of what happened to each."""

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audits.models.actions import Action
from qms.agencies.models import Agency, Unit, User
from qms.lib.models import AppendOnlyModel
from qms.lib.text import searchable


class NonconformityQuerySet(models.QuerySet):
    def of_agency(self, agency: Agency):
        return self.filter(agency=agency)

    def not_ended(self):
        return self.exclude(status__in=Nonconformity.ENDED)

    def with_action_counts(self, *, on=None):
        """Annotate ``open_actions`` and ``overdue_actions`` (open and past their due date)."""
        on = on or timezone.localdate()
        is_open = Q(actions__status=Action.Status.OPEN)
        return self.annotate(
            open_actions=Count("actions", filter=is_open),
            overdue_actions=Count("actions", filter=is_open & Q(actions__due_on__lt=on)),
        )


class Nonconformity(models.Model):
    """Sự không phù hợp: what went wrong, why, what is done about it and whether it worked."""

    class Source(models.TextChoices):
        AUDIT = "audit", _("Internal audit finding")
        COMPLAINT = "complaint", _("Citizen complaint or feedback")
        LATE_DOSSIER = "late_dossier", _("Late administrative dossier")
        INSPECTION = "inspection", _("Inspection by the Department of Science and Technology")
        OBJECTIVE = "objective", _("Quality objective not met")
        SELF_DETECTED = "self_detected", _("Self-detected")

    class Status(models.TextChoices):
        OPEN = "open", _("Newly registered")
        ANALYSED = "analysed", _("Cause analysed")
        ACTION_PLAN = "action_plan", _("Action plan")
        IN_PROGRESS = "in_progress", _("Actions in progress")
        AWAITING_VERIFICATION = "awaiting_verification", _("Awaiting verification")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    class Effectiveness(models.TextChoices):
        EFFECTIVE = "effective", _("Actions effective")
        NOT_EFFECTIVE = "not_effective", _("Actions not effective")

    ENDED = (Status.CLOSED, Status.CANCELLED)
    # Statuses in which actions may be added to the plan.
    PLANNING = (Status.ANALYSED, Status.ACTION_PLAN, Status.IN_PROGRESS)
    MAX_WHYS = 5

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="nonconformities"
    )
    code = models.CharField(_("code"), max_length=30, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    number = models.PositiveIntegerField(_("sequence number"), editable=False)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    source_reference = models.CharField(
        _("source reference"),
        max_length=255,
        blank=True,
        help_text=_("The finding, complaint, dossier or inspection record it comes from."),
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"))
    clause = models.ForeignKey(
        "documents.IsoClause",
        verbose_name=_("ISO clause"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nonconformities",
    )
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nonconformities",
    )
    objective = models.ForeignKey(
        "audits.QualityObjective",
        verbose_name=_("quality objective"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="nonconformities",
    )
    detected_by = models.ForeignKey(
        User, verbose_name=_("detected by"), on_delete=models.PROTECT, related_name="+"
    )
    detected_on = models.DateField(_("detected on"))
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.OPEN, editable=False
    )
    correction = models.TextField(_("correction"), blank=True, editable=False)
    # The guided 5-why analysis: up to five answers, the last one is the root cause.
    whys = models.JSONField(_("why analysis"), default=list, blank=True, editable=False)
    plan_started_at = models.DateTimeField(
        _("actions started at"), null=True, blank=True, editable=False
    )
    verification_result = models.CharField(
        _("effectiveness"),
        max_length=20,
        choices=Effectiveness.choices,
        blank=True,
        editable=False,
    )
    verification_evidence = models.TextField(_("verification evidence"), blank=True, editable=False)
    verified_by = models.ForeignKey(
        User,
        verbose_name=_("verified by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        User,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True, editable=False)
    change_request = models.OneToOneField(
        "documents.ChangeRequest",
        verbose_name=_("change request"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="nonconformity",
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    # Code, title and description, lower-cased and without diacritics (qms.lib.text.fold).
    search_text = models.TextField(editable=False, default="")
    history = HistoricalRecords(excluded_fields=["search_text"])

    objects = NonconformityQuerySet.as_manager()

    class Meta:
        verbose_name = _("nonconformity")
        verbose_name_plural = _("nonconformities")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "number"], name="nonconformity_number_unique"
            ),
            models.UniqueConstraint(fields=["agency", "code"], name="nonconformity_code_unique"),
        ]
        indexes = [
            models.Index(fields=["agency", "status"], name="nonconformity_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def refresh_search_text(self) -> None:
        """Fold code, title, description and source reference into the search column."""
        self.search_text = searchable(
            self.code, self.title, self.description, self.source_reference
        )

    @property
    def root_cause(self) -> str:
        return self.whys[-1] if self.whys else ""

    @property
    def status_label(self) -> str:
        """What happened, for people: once the actions were verified effective the
        nonconformity only waits for its closure, whatever its stored status says."""
        verified = self.verification_result == self.Effectiveness.EFFECTIVE
        if self.status == self.Status.AWAITING_VERIFICATION and verified:
            return str(_("Verified effective – awaiting closure"))
        return self.get_status_display()

    @property
    def is_ended(self) -> bool:
        return self.status in self.ENDED

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class NonconformityEvent(AppendOnlyModel):
    """Append-only evidence of what happened to a nonconformity, by whom and why."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        ANALYSED = "analysed", _("Correction and root cause recorded")
        ACTION_ADDED = "action_added", _("Action added to the plan")
        STARTED = "started", _("Action plan started")
        ACTION_DONE = "action_done", _("Action done")
        ACTION_CANCELLED = "action_cancelled", _("Action cancelled")
        READY = "ready", _("All actions done, awaiting verification")
        EFFECTIVE = "effective", _("Verified: actions effective")
        NOT_EFFECTIVE = "not_effective", _("Verified: actions not effective, plan reopened")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")
        CHANGE_REQUESTED = "change_requested", _("Document change requested")

    nonconformity = models.ForeignKey(
        Nonconformity,
        verbose_name=_("nonconformity"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    from_status = models.CharField(
        _("from"), max_length=30, choices=Nonconformity.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("to"), max_length=30, choices=Nonconformity.Status.choices, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(
        User, verbose_name=_("by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("nonconformity event")
        verbose_name_plural = _("nonconformity events")
        ordering = ["nonconformity", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.nonconformity.code} · {self.get_kind_display()}"
