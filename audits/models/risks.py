from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.agencies.models import Agency, Unit, User


class Band(models.TextChoices):
    """Bands of level = likelihood × impact on the 5 × 5 matrix."""

    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    VERY_HIGH = "very_high", _("Very high")


# The highest level of each band, in order.
BAND_LIMITS = [(4, Band.LOW), (9, Band.MEDIUM), (16, Band.HIGH), (25, Band.VERY_HIGH)]


def band_of(level: int) -> Band:
    return next(band for limit, band in BAND_LIMITS if level <= limit)


class RiskQuerySet(models.QuerySet):
    def of_agency(self, agency: Agency):
        return self.filter(agency=agency)

    def with_level(self):
        return self.annotate(level_value=F("likelihood") * F("impact"))


class Risk(models.Model):
    """A risk or an opportunity (ISO 9001:2015 §6.1), scored on a 5 × 5 matrix."""

    class Kind(models.TextChoices):
        RISK = "risk", _("Risk")
        OPPORTUNITY = "opportunity", _("Opportunity")

    class Status(models.TextChoices):
        OPEN = "open", _("Being treated")
        CLOSED = "closed", _("No longer relevant")

    class Likelihood(models.IntegerChoices):
        RARE = 1, _("1 · Rare")
        UNLIKELY = 2, _("2 · Unlikely")
        POSSIBLE = 3, _("3 · Possible")
        LIKELY = 4, _("4 · Likely")
        ALMOST_CERTAIN = 5, _("5 · Almost certain")

    class Impact(models.IntegerChoices):
        NEGLIGIBLE = 1, _("1 · Negligible")
        MINOR = 2, _("2 · Minor")
        MODERATE = 3, _("3 · Moderate")
        MAJOR = 4, _("4 · Major")
        SEVERE = 5, _("5 · Severe")

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="risks"
    )
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices, default=Kind.RISK)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("context and cause"), blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit or process"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risks",
    )
    likelihood = models.PositiveSmallIntegerField(_("likelihood"), choices=Likelihood.choices)
    impact = models.PositiveSmallIntegerField(_("impact"), choices=Impact.choices)
    owner = models.ForeignKey(
        User,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    review_on = models.DateField(_("next review"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = RiskQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk or opportunity")
        verbose_name_plural = _("risks and opportunities")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5), name="risk_likelihood_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(impact__gte=1, impact__lte=5), name="risk_impact_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def level(self) -> int:
        return self.likelihood * self.impact

    @property
    def band(self) -> Band:
        return band_of(self.level)
