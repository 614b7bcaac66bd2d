"""What waits for a person in document control, for "Việc của tôi": one function per group."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import ApprovalDecision, ChangeRequest, Revision, WithdrawalRequest
from documents.selectors.distribution import (
    acknowledgement_due,
    approved_not_distributed,
    revisions_to_acknowledge,
)
from documents.selectors.documents import documents_due_for_review, documents_needing_update
from documents.selectors.records import due_series, with_years
from qms.agencies.models import Agency, User
from qms.agencies.permissions import agency_permissions
from qms.lib.tasks import TaskGroup, TaskItem, first_rows


def tasks_for_user(*, user: User, agency: Agency) -> list[TaskGroup]:
    """What waits for ``user`` in document control, for "Việc của tôi"."""
    perms = agency_permissions(user, agency)
    groups = [
        _my_drafts(user=user, agency=agency),
        _to_review(user=user, agency=agency),
        _to_approve(user=user, agency=agency),
        _to_acknowledge(user=user, agency=agency),
    ]
    # Change requests wait for whoever decides them: the ISO secretary, or the leader alone
    # where the agency's procedure says so.
    leader_decides = agency.leader_decides_changes
    if "manage_documents" in perms:
        groups += [
            _due_for_review(agency=agency),
            *([] if leader_decides else [_change_requests(agency=agency)]),
            _citing_ended_law(agency=agency),
            _records_to_dispose(agency=agency),
            _to_distribute(agency=agency),
        ]
    if "approve_documents" in perms:
        groups.append(_withdrawals_to_decide(user=user, agency=agency))
        if leader_decides:
            groups.append(_change_requests(agency=agency))
    return groups


def _revisions(agency: Agency):
    return Revision.objects.filter(document__agency=agency).select_related("document")


def _revision_item(revision: Revision, detail: str, **extra) -> TaskItem:
    return TaskItem(
        f"{revision.document.code} {revision.document.title}",
        reverse("documents:revision-detail", args=[revision.pk]),
        detail,
        **extra,
    )


def _my_drafts(*, user: User, agency: Agency) -> TaskGroup:
    """The person's drafts, those returned for changes first."""
    drafts, total = first_rows(
        _revisions(agency)
        .filter(status=Revision.Status.DRAFT, drafted_by=user)
        .order_by("-returned", "document__code")
    )
    return TaskGroup(
        _("My drafts"),
        [
            _revision_item(
                r,
                _("Returned for changes")
                if r.returned
                else _("Draft of issue %(n)s") % {"n": r.number},
                overdue=r.returned,
            )
            for r in drafts
        ],
        total,
    )


def _to_review(*, user: User, agency: Agency) -> TaskGroup:
    """Revisions in review that the person reviews and has not passed in this round."""
    passed_this_round = ApprovalDecision.objects.filter(
        revision=OuterRef("pk"),
        round=OuterRef("round"),
        by=user,
        step=ApprovalDecision.Step.REVIEW,
        decision=ApprovalDecision.Decision.PASSED,
    )
    to_review, total = first_rows(
        _revisions(agency)
        .filter(status=Revision.Status.IN_REVIEW, reviewers=user)
        .exclude(Exists(passed_this_round))
        .order_by("submitted_at")
    )
    return TaskGroup(
        _("Revisions to review"),
        [_revision_item(r, _("Issue %(n)s") % {"n": r.number}) for r in to_review],
        total,
    )


def _to_approve(*, user: User, agency: Agency) -> TaskGroup:
    to_approve, total = first_rows(
        _revisions(agency)
        .filter(status=Revision.Status.IN_APPROVAL, approver=user)
        .order_by("submitted_at")
    )
    return TaskGroup(
        _("Revisions to approve"),
        [_revision_item(r, _("Issue %(n)s") % {"n": r.number}) for r in to_approve],
        total,
    )


def _to_acknowledge(*, user: User, agency: Agency) -> TaskGroup:
    """Effective revisions distributed to ``user`` that wait for their "Đã đọc và hiểu"."""
    today = timezone.localdate()
    items = []
    revisions, total = first_rows(revisions_to_acknowledge(user=user, agency=agency))
    for r in revisions:
        due = acknowledgement_due(r, r.reached_at)
        items.append(
            _revision_item(r, _("Issue %(n)s") % {"n": r.number}, due=due, overdue=due < today)
        )
    return TaskGroup(_("To read and acknowledge"), items, total)


def _to_distribute(*, agency: Agency) -> TaskGroup:
    """Issues approved but given to nobody yet: nobody is asked to read them."""
    revisions, total = first_rows(approved_not_distributed(agency=agency))
    return TaskGroup(
        _("Approved, not yet distributed"),
        [
            TaskItem(
                f"{r.document.code} {r.document.title}",
                reverse("documents:revision-distribution", args=[r.pk]),
                _("Issue %(n)s") % {"n": f"{r.number:02}"},
            )
            for r in revisions
        ],
        total,
    )


def _due_for_review(*, agency: Agency) -> TaskGroup:
    today = timezone.localdate()
    due, total = first_rows(documents_due_for_review(agency=agency, on=today))
    return TaskGroup(
        _("Documents due for review"),
        [
            TaskItem(
                f"{d.code} {d.title}",
                reverse("documents:document-review", args=[d.pk]),
                due=d.review_due,
                overdue=d.review_due < today,
            )
            for d in due
        ],
        total,
        reverse("documents:review-due"),
    )


def _change_requests(*, agency: Agency) -> TaskGroup:
    requests, total = first_rows(
        ChangeRequest.objects.filter(document__agency=agency, status=ChangeRequest.Status.OPEN)
        .select_related("document")
        .order_by("requested_at")
    )
    return TaskGroup(
        _("Change requests to decide"),
        [
            TaskItem(
                f"{c.document.code} {c.document.title}",
                reverse("documents:document-detail", args=[c.document_id]),
                c.reason[:120],
            )
            for c in requests
        ],
        total,
    )


def _citing_ended_law(*, agency: Agency) -> TaskGroup:
    stale, total = first_rows(documents_needing_update(agency=agency))
    return TaskGroup(
        _("Documents citing a law no longer in force"),
        [
            TaskItem(
                f"{d.code} {d.title}",
                reverse("documents:document-detail", args=[d.pk]),
                ", ".join(e.number for e in d.ended_citations),
                due=min(e.status_changed_on for e in d.ended_citations),
                overdue=True,
            )
            for d in stale
        ],
        total,
        reverse("documents:needs-update"),
    )


def _records_to_dispose(*, agency: Agency) -> TaskGroup:
    """Record series whose retention has ended for some years not yet disposed of: one
    entry per series, to the disposal page (two queries)."""
    url = reverse("documents:record-disposal")
    items, total = first_rows(due_series(agency=agency, today=timezone.localdate()))
    return TaskGroup(
        _("Records due for disposal"),
        [
            TaskItem(f"{due.document.code} · {due.item.name}", url, due.years_label)
            for due in with_years(items)
        ],
        total,
        url,
    )


def _withdrawals_to_decide(*, user: User, agency: Agency) -> TaskGroup:
    """Proposals to withdraw an effective issue, for the leader (not their own)."""
    proposals, total = first_rows(
        WithdrawalRequest.objects.filter(
            revision__document__agency=agency, status=WithdrawalRequest.Status.PROPOSED
        )
        .exclude(proposed_by=user)
        .select_related("revision__document")
        .order_by("proposed_at")
    )
    return TaskGroup(
        _("Withdrawals to decide"),
        [
            TaskItem(
                f"{w.revision.document.code} {w.revision.document.title}",
                reverse("documents:revision-withdrawal-decide", args=[w.revision_id]),
                w.reason[:120],
            )
            for w in proposals
        ],
        total,
    )
