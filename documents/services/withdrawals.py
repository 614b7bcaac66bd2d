"""Withdrawing an effective issue: the ISO secretary proposes, with a reason; the leader
approves (the issue and its document become obsolete, hết hiệu lực) or refuses, with a note.

A decision like a revision's: nothing is withdrawn by one person alone.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import ApprovalDecision, Document, Revision, WithdrawalRequest
from documents.workflow import check_revision_withdraw, check_withdrawal_decide
from qms.agencies.models import User

S = Revision.Status


def _locked(revision: Revision) -> Revision:
    """The revision under a row lock, its document locked first, as every transition of a
    revision locks them (invariant 2)."""
    Document.objects.select_for_update().get(pk=revision.document_id)
    return (
        Revision.objects.select_for_update()
        .select_related("document__agency", "document__type")
        .get(pk=revision.pk)
    )


@transaction.atomic
def withdrawal_propose(*, revision: Revision, by: User, reason: str) -> WithdrawalRequest:
    """The ISO secretary proposes withdrawing an effective issue; nothing changes until the
    leader decides. Raises PermissionDenied without manage_documents, ValidationError for an
    issue that is not effective, one whose withdrawal already awaits a decision, or an empty
    reason."""
    revision = _locked(revision)
    check_revision_withdraw(revision, by)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the document is withdrawn.")})
    withdrawal = WithdrawalRequest(revision=revision, reason=reason.strip(), proposed_by=by)
    withdrawal._history_user = by
    withdrawal._change_reason = _("Withdrawal proposed")
    withdrawal.save()
    return withdrawal


@transaction.atomic
def withdrawal_decide(
    *, withdrawal: WithdrawalRequest, by: User, approve: bool, note: str = ""
) -> WithdrawalRequest:
    """The leader approves the proposal (the issue becomes obsolete as of today, its document
    obsolete, with the proposal's reason) or refuses it (a note is required). Raises
    PermissionDenied without approve_documents, ValidationError for a proposal already
    decided, one's own proposal, or a refusal without a note."""
    revision = _locked(withdrawal.revision)
    withdrawal = (
        WithdrawalRequest.objects.select_for_update()
        .select_related("revision__document__agency")
        .get(pk=withdrawal.pk)
    )
    check_withdrawal_decide(withdrawal, by)
    if not approve and not note.strip():
        raise ValidationError({"note": _("Say why the withdrawal is refused.")})
    if approve:
        _make_obsolete(revision, by=by, reason=withdrawal.reason)
    withdrawal.status = (
        WithdrawalRequest.Status.APPROVED if approve else WithdrawalRequest.Status.REFUSED
    )
    withdrawal.decided_by, withdrawal.decided_at = by, timezone.now()
    withdrawal.decision_note = note.strip()
    withdrawal._history_user = by
    withdrawal._change_reason = str(withdrawal.get_status_display())
    withdrawal.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    return withdrawal


def _make_obsolete(revision: Revision, *, by: User, reason: str) -> None:
    revision.status, revision.ended_on = S.OBSOLETE, timezone.localdate()
    revision.withdrawal_reason = reason
    revision._history_user = by
    revision._change_reason = _("Withdrawn")
    revision.save(update_fields=["status", "ended_on", "withdrawal_reason"])
    ApprovalDecision.objects.create(
        revision=revision,
        step=ApprovalDecision.Step.WITHDRAWAL,
        decision=ApprovalDecision.Decision.WITHDRAWN,
        round=revision.round,
        comment=reason,
        by=by,
    )
    document = revision.document
    document.status, document.effective_revision = Document.Status.OBSOLETE, None
    document._history_user = by
    document._change_reason = reason
    document.save(update_fields=["status", "effective_revision"])
