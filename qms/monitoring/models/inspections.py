"""Inspections (kiểm tra) by the Sở KH&CN: the yearly plan, the agencies it inspects, each
agency's checklist and its findings."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.agencies.models import Agency, User


class InspectionPlan(models.Model):
    """The province's inspection plan of one year: planned → approved → in progress →
    concluded."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        APPROVED = "approved", _("Approved")
        IN_PROGRESS = "in_progress", _("In progress")
        CONCLUDED = "concluded", _("Concluded")

    province = models.ForeignKey(
        Agency,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="inspection_plans",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=255)
    decision_number = models.CharField(
        _("decision number"),
        max_length=100,
        blank=True,
        help_text=_("The number and symbol of the decision or plan, for example 385/KH-UBND."),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    team = models.ManyToManyField(User, verbose_name=_("inspection team"), related_name="+")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED, editable=False
    )
    created_by = models.ForeignKey(
        User, verbose_name=_("drafted by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
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
    conclusion = models.TextField(_("general conclusion"), blank=True, editable=False)
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-year", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="inspection_plan_dates_in_order",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def agency(self) -> Agency:
        # Objects of the supervision resolve through their province for the permission checks.
        return self.province


class Inspection(models.Model):
    """One agency inspected under a plan: its checklist, findings and recommendations."""

    plan = models.ForeignKey(
        InspectionPlan,
        verbose_name=_("inspection plan"),
        on_delete=models.CASCADE,
        related_name="inspections",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="inspections"
    )
    inspected_on = models.DateField(_("inspected on"), null=True, blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "agency"], name="one_inspection_per_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.agency}"


class InspectionCheck(models.Model):
    """One line of the checklist, pre-filled with what inspectors look at."""

    class Result(models.TextChoices):
        PENDING = "pending", _("Not yet checked")
        MET = "met", _("Met")
        PARTLY = "partly", _("Partly met")
        NOT_MET = "not_met", _("Not met")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="checks"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("what is checked"), max_length=500)
    result = models.CharField(
        _("result"), max_length=20, choices=Result.choices, default=Result.PENDING
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection check")
        verbose_name_plural = _("inspection checks")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.text


class InspectionFinding(models.Model):
    """A finding at the inspected agency, with the inspectors' recommendation; it may have
    opened a nonconformity in the agency's register."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="findings"
    )
    description = models.TextField(_("finding"))
    recommendation = models.TextField(_("recommendation"), blank=True)
    nonconformity = models.OneToOneField(
        "audits.Nonconformity",
        verbose_name=_("nonconformity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="inspection_finding",
    )
    recorded_by = models.ForeignKey(
        User, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection finding")
        verbose_name_plural = _("inspection findings")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description[:80]
