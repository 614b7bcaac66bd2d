"""Who hears about what in document control; every message goes out after commit."""

from documents.models import ChangeRequest, Revision
from qms.agencies.models import User
from qms.agencies.permissions import holders_of
from qms.lib.mail import send_after_commit


def revision_to_review(revision: Revision, *, reviewers) -> None:
    send_after_commit(
        recipients=reviewers,
        template="emails/revision_to_review.txt",
        context={"revision": revision},
    )


def revision_to_approve(revision: Revision) -> None:
    send_after_commit(
        recipients=[revision.approver],
        template="emails/revision_to_approve.txt",
        context={"revision": revision},
    )


def revision_returned(revision: Revision, *, by: User, comment: str) -> None:
    send_after_commit(
        recipients=[revision.drafted_by],
        template="emails/revision_returned.txt",
        context={"revision": revision, "by": by, "comment": comment},
    )


def revision_approved(revision: Revision) -> None:
    agency = revision.document.agency
    send_after_commit(
        recipients=[revision.drafted_by, *holders_of(agency, "manage_documents")],
        template="emails/revision_approved.txt",
        context={"revision": revision},
    )


def revision_assigned(revision: Revision) -> None:
    send_after_commit(
        recipients=[revision.drafted_by],
        template="emails/revision_assigned.txt",
        context={"revision": revision},
    )


def change_request_opened(change_request: ChangeRequest) -> None:
    agency = change_request.document.agency
    send_after_commit(
        recipients=holders_of(agency, "manage_documents"),
        template="emails/change_request_opened.txt",
        context={"change_request": change_request},
    )
