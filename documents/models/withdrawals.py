from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.agencies.models import User


class WithdrawalRequest(models.Model):
    """The ISO secretary's proposal to withdraw an effective issue (make it obsolete), and the
    leader's decision on it. The issue becomes obsolete only when the leader approves."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Awaiting the leader's decision")
        APPROVED = "approved", _("Withdrawal approved")
        REFUSED = "refused", _("Withdrawal refused")

    revision = models.ForeignKey(
        "documents.Revision",
        verbose_name=_("revision"),
        on_delete=models.PROTECT,
        related_name="withdrawal_requests",
    )
    reason = models.TextField(_("reason for withdrawal"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED, editable=False
    )
    proposed_by = models.ForeignKey(
        User, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
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
        verbose_name = _("withdrawal request")
        verbose_name_plural = _("withdrawal requests")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision"],
                condition=Q(status="proposed"),
                name="one_open_withdrawal_per_revision",
                violation_error_message=_("A withdrawal of this issue already awaits a decision."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.revision} · {self.get_status_display()}"
