"""Actions, whatever they belong to (a nonconformity's plan, a management review's decisions,
a quality objective, a risk), and the reminders mailed about them."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.agencies.models import Agency, User


class ActionQuerySet(models.QuerySet):
    def of_agency(self, agency: Agency):
        return self.filter(agency=agency)

    def open(self):
        return self.filter(status=Action.Status.OPEN)

    def overdue(self, *, on=None):
        return self.open().filter(due_on__lt=on or timezone.localdate())

    def due_within(self, days: int, *, on=None):
        from datetime import timedelta

        on = on or timezone.localdate()
        return self.open().filter(due_on__lte=on + timedelta(days=days))


class Action(models.Model):
    """A correction, corrective, preventive or improvement action with an owner and a due date.

    It belongs to exactly one of: a nonconformity, a management review (a decision), a quality
    objective or a risk.
    """

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        CORRECTIVE = "corrective", _("Corrective action")
        PREVENTIVE = "preventive", _("Preventive action")
        IMPROVEMENT = "improvement", _("Improvement")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    PARENTS = ("nonconformity", "review", "objective", "risk")

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="qms_actions"
    )
    nonconformity = models.ForeignKey(
        "audits.Nonconformity",
        verbose_name=_("nonconformity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    review = models.ForeignKey(
        "audits.ManagementReview",
        verbose_name=_("management review"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    objective = models.ForeignKey(
        "audits.QualityObjective",
        verbose_name=_("quality objective"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    risk = models.ForeignKey(
        "audits.Risk",
        verbose_name=_("risk or opportunity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("what is to be done"), max_length=500)
    owner = models.ForeignKey(
        User, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="qms_actions"
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN, editable=False
    )
    created_by = models.ForeignKey(
        User, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    done_by = models.ForeignKey(
        User,
        verbose_name=_("done by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True, editable=False)
    evidence = models.TextField(_("evidence"), blank=True, editable=False)
    evidence_file = models.FileField(
        _("evidence file"), upload_to="evidence/%Y/", blank=True, editable=False
    )
    evidence_name = models.CharField(_("file name"), max_length=255, blank=True, editable=False)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True, editable=False)
    history = HistoricalRecords()

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(nonconformity__isnull=False, review=None, objective=None, risk=None)
                    | Q(nonconformity=None, review__isnull=False, objective=None, risk=None)
                    | Q(nonconformity=None, review=None, objective__isnull=False, risk=None)
                    | Q(nonconformity=None, review=None, objective=None, risk__isnull=False)
                ),
                name="action_has_one_parent",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "due_on"], name="action_agency_due_idx"),
            models.Index(fields=["owner", "status", "due_on"], name="action_owner_due_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def parent(self):
        for name in self.PARENTS:
            if getattr(self, f"{name}_id") is not None:
                return getattr(self, name)
        return None

    def is_overdue(self, on=None) -> bool:
        return self.status == self.Status.OPEN and self.due_on < (on or timezone.localdate())

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class ActionReminder(models.Model):
    """One reminder mailed about one action on one day; keeps ``remind_actions`` idempotent."""

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="reminders"
    )
    sent_on = models.DateField(_("sent on"))
    overdue = models.BooleanField(_("overdue"), default=False)
    recipient = models.EmailField(_("recipient"))

    class Meta:
        verbose_name = _("action reminder")
        verbose_name_plural = _("action reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "sent_on"], name="one_reminder_per_action_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} · {self.sent_on:%d/%m/%Y}"
