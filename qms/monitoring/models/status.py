"""The figures each agency's adoption status is derived from, kept current.

The status itself is never stored: ``selectors.status.to_status`` derives it, with its
warnings, from these figures exactly as it does from the one annotated query. What is kept is
that query's answer for each agency, refreshed in the same transaction as every change that
moves it (``services.status_figures``) and, for the figures that move with the calendar alone
(actions falling overdue, documents falling due for review, the legal-update clock), by the
daily ``rebuild_status``. A row holds for the day in ``computed_on``; a row of an earlier day is
read as missing.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from qms.agencies.models import Agency


class StatusFigures(models.Model):
    agency = models.OneToOneField(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="status_figures",
    )
    computed_on = models.DateField(_("computed for"))
    has_documents = models.BooleanField(default=False)
    has_policy = models.BooleanField(default=False)
    has_objectives = models.BooleanField(default=False)
    has_procedure = models.BooleanField(default=False)
    last_announced_on = models.DateField(null=True, blank=True)
    last_audit_at = models.DateTimeField(null=True, blank=True)
    last_review_on = models.DateField(null=True, blank=True)
    overdue_actions = models.PositiveIntegerField(default=0)
    overdue_reviews = models.PositiveIntegerField(default=0)
    stale_law = models.BooleanField(default=False)

    # The figures, in the names ``selectors.status.annotate_status`` gives them.
    FIGURES = (
        "has_documents",
        "has_policy",
        "has_objectives",
        "has_procedure",
        "last_announced_on",
        "last_audit_at",
        "last_review_on",
        "overdue_actions",
        "overdue_reviews",
        "stale_law",
    )

    class Meta:
        verbose_name = _("status figures of an agency")
        verbose_name_plural = _("status figures of agencies")

    def __str__(self) -> str:
        return f"{self.agency_id} ({self.computed_on:%d/%m/%Y})"

    def values(self) -> dict:
        return {name: getattr(self, name) for name in self.FIGURES}
