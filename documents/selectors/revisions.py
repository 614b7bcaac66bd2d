"""Reads of a revision: the log of a document's issues, a revision's approval decisions and
the reviewers who have not passed it yet."""

from documents.models import ApprovalDecision, Document, Revision
from qms.agencies.models import User

D = ApprovalDecision


def revision_log(document: Document) -> list[Revision]:
    """The revision log (bảng theo dõi sửa đổi), built from the issued revisions."""
    return list(
        document.revisions.filter(status__in=Revision.LOCKED)
        .select_related("change_request", "approved_by")
        .order_by("number")
    )


def decisions_of(revision: Revision):
    return revision.decisions.select_related("by").order_by("at", "pk")


def pending_reviewers(revision: Revision) -> list[User]:
    passed = set(
        revision.decisions.filter(
            step=D.Step.REVIEW, decision=D.Decision.PASSED, round=revision.round
        ).values_list("by_id", flat=True)
    )
    return [user for user in revision.reviewers.all() if user.pk not in passed]
