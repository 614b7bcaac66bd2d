"""Reads of a revision: the log of a document's issues, a revision's approval decisions and
the reviewers who have not passed it yet."""

from documents.models import ApprovalDecision, CopyRendering, Document, Revision
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


def copy_rendering_of(revision: Revision) -> CopyRendering | None:
    """The making of an approved revision's controlled copy by the queue, while it has no
    copy; None otherwise (no query for a draft or a revision with its copy)."""
    if not revision.is_locked or revision.pdf_file:
        return None
    return CopyRendering.objects.filter(revision=revision).first()
