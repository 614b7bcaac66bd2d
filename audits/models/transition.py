"""An agency's move to the next edition of TCVN ISO 9001: the plan (a target date, and each
changed or new clause of the edition with an owner and the evidence that covers it) and the
switch, one recorded decision after which new audits and reviews use the new edition.

Dates, not flags, say when an item was covered and when the agency switched, so the Sở's
figures can be read as of any day."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.agencies.models import Agency, User


class EditionTransition(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="transitions"
    )
    from_version = models.CharField(_("from edition"), max_length=4, editable=False)
    to_edition = models.ForeignKey(
        "documents.IsoEdition",
        verbose_name=_("to edition"),
        on_delete=models.PROTECT,
        related_name="transitions",
    )
    target_on = models.DateField(_("target date"))
    planned_on = models.DateField(_("planned on"), editable=False)
    planned_by = models.ForeignKey(
        User, verbose_name=_("planned by"), on_delete=models.PROTECT, related_name="+"
    )
    switched_on = models.DateField(_("switched on"), null=True, blank=True, editable=False)
    switched_by = models.ForeignKey(
        User,
        verbose_name=_("switched by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Given only when the agency switched with clauses of its plan still uncovered.
    switch_reason = models.TextField(_("reason for switching early"), blank=True, editable=False)
    open_at_switch = models.PositiveSmallIntegerField(
        _("clauses uncovered at the switch"), null=True, blank=True, editable=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("transition to a new edition")
        verbose_name_plural = _("transitions to a new edition")
        ordering = ["agency", "planned_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "to_edition"], name="one_transition_per_edition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} → {self.to_edition}"


class TransitionItem(models.Model):
    """A changed or new clause of the edition the agency moves to: who answers for it and the
    evidence (a description, the documents) that covers it."""

    transition = models.ForeignKey(
        EditionTransition,
        verbose_name=_("transition"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    clause = models.ForeignKey(
        "documents.IsoClause", verbose_name=_("clause"), on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        User,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transition_items",
    )
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        help_text=_("What the agency has done or holds that meets the clause."),
    )
    documents = models.ManyToManyField(
        "documents.Document", verbose_name=_("documents"), blank=True, related_name="+"
    )
    covered_on = models.DateField(_("covered on"), null=True, blank=True, editable=False)
    history = HistoricalRecords(m2m_fields=[documents])

    class Meta:
        verbose_name = _("transition item")
        verbose_name_plural = _("transition items")
        ordering = ["transition", "clause__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["transition", "clause"], name="one_item_per_clause")
        ]

    def __str__(self) -> str:
        return str(self.clause)
