"""Reads of the withdrawal of an effective issue: the proposal awaiting the leader, and whom
the withdrawal affects."""

from documents.models import Revision, WithdrawalRequest
from documents.selectors.distribution import coverage_by_unit


def open_withdrawal(revision: Revision) -> WithdrawalRequest | None:
    """The proposal to withdraw ``revision`` that awaits the leader's decision, if any."""
    return (
        WithdrawalRequest.objects.filter(
            revision=revision, status=WithdrawalRequest.Status.PROPOSED
        )
        .select_related("proposed_by")
        .first()
    )


def withdrawal_readers(revision: Revision) -> dict:
    """Who the withdrawal reaches: the issue's recipients per unit (one query), and their
    total. Rows read ``unit_name``, ``expected`` and ``acknowledged``."""
    units = coverage_by_unit(revision)
    return {
        "units": units,
        "total": sum(row["expected"] for row in units),
        "acknowledged": sum(row["acknowledged"] for row in units),
    }


def withdrawals_of(revision: Revision):
    """Every proposal to withdraw ``revision``, latest first, with who proposed and decided."""
    return revision.withdrawal_requests.select_related("proposed_by", "decided_by")
