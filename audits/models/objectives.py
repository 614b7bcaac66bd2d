from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.agencies.models import Agency, Unit, User

# The clause where each edition keeps its quality objectives.
OBJECTIVES_CLAUSE = {"2008": "5.4.1", "2015": "6.2", "2026": "6.2"}


class QualityObjective(models.Model):
    """Mục tiêu chất lượng of one year: a measurable indicator with a target."""

    class Direction(models.TextChoices):
        AT_LEAST = "at_least", _("At least the target")
        AT_MOST = "at_most", _("At most the target")

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        HALF_YEARLY = "half_yearly", _("Every six months")
        YEARLY = "yearly", _("Yearly")

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="quality_objectives",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("objective"), max_length=500)
    indicator = models.CharField(
        _("indicator"),
        max_length=255,
        help_text=_("What is measured, for example: share of dossiers settled on time."),
    )
    unit_of_measure = models.CharField(
        _("unit of measure"), max_length=30, blank=True, help_text=_("For example %, days.")
    )
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    direction = models.CharField(
        _("met when the value is"),
        max_length=10,
        choices=Direction.choices,
        default=Direction.AT_LEAST,
    )
    frequency = models.CharField(
        _("measured"), max_length=15, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quality_objectives",
    )
    responsible = models.ForeignKey(
        User,
        verbose_name=_("responsible person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quality objective")
        verbose_name_plural = _("quality objectives")
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "title"],
                name="objective_unique_per_year",
                violation_error_message=_("This objective already exists for that year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.title}"

    def is_met(self, value: Decimal) -> bool:
        if self.direction == self.Direction.AT_MOST:
            return value <= self.target
        return value >= self.target


class Measurement(models.Model):
    """One periodic measurement of an objective's indicator."""

    objective = models.ForeignKey(
        QualityObjective,
        verbose_name=_("quality objective"),
        on_delete=models.PROTECT,
        related_name="measurements",
    )
    period = models.CharField(_("period"), max_length=50, help_text=_("For example Q1/2026."))
    period_end = models.DateField(_("end of the period"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    measured_by = models.ForeignKey(
        User, verbose_name=_("measured by"), on_delete=models.PROTECT, related_name="+"
    )
    measured_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["objective", "period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "period_end"],
                name="one_measurement_per_period",
                violation_error_message=_("This period already has a measurement."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.objective} · {self.period}"

    @property
    def met(self) -> bool:
        return self.objective.is_met(self.value)
