"""The context of the organisation (ISO 9001:2015 clauses 4.1 and 4.2, with Amd 1:2024): the
internal and external issues that bear on the agency's quality management system, the
agency's decision on whether climate change is one of them, and the interested parties with
their requirements. Each row is dated when last reviewed and keeps its history."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.agencies.models import Agency


class ContextIssue(models.Model):
    class Origin(models.TextChoices):
        INTERNAL = "internal", _("Internal")
        EXTERNAL = "external", _("External")

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="context_issues"
    )
    origin = models.CharField(_("internal or external"), max_length=10, choices=Origin.choices)
    title = models.CharField(_("the issue"), max_length=255)
    effect = models.TextField(
        _("effect on the quality management system"),
        blank=True,
        help_text=_("How it bears on the services, the procedures or the objectives."),
    )
    # Amd 1:2024 asks every agency to decide whether climate change is a relevant issue: the
    # one row per agency that records that decision and its reason.
    is_climate = models.BooleanField(
        _("the climate change decision"), default=False, editable=False
    )
    relevant = models.BooleanField(_("relevant"), default=True)
    reviewed_on = models.DateField(_("last reviewed on"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("context issue")
        verbose_name_plural = _("context issues")
        ordering = ["agency", "-is_climate", "origin", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency"],
                condition=models.Q(is_climate=True),
                name="one_climate_decision_per_agency",
            )
        ]

    def __str__(self) -> str:
        return self.title


class InterestedParty(models.Model):
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="interested_parties",
    )
    name = models.CharField(_("interested party"), max_length=255)
    requirements = models.TextField(_("their relevant requirements"))
    climate_requirements = models.TextField(
        _("climate-related requirements"),
        blank=True,
        help_text=_("Amd 1:2024: requirements of this party that concern climate change, if any."),
    )
    relevant = models.BooleanField(_("relevant"), default=True)
    reviewed_on = models.DateField(_("last reviewed on"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("interested party")
        verbose_name_plural = _("interested parties")
        ordering = ["agency", "name"]

    def __str__(self) -> str:
        return self.name
