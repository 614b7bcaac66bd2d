"""Permission-aware reads of document control."""

from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import (
    ApprovalDecision,
    ChangeRequest,
    Document,
    ExternalDocument,
    RecordItem,
    Revision,
)
from documents.search import search_documents
from qms.agencies.models import Agency, User
from qms.agencies.permissions import agency_permissions
from qms.lib.tasks import TaskGroup, TaskItem

REVIEW_WARNING_DAYS = 30


def document_register(*, agency: Agency, query: str | None = None):
    """The agency's documents for the register page: one row each, a fixed number of joins."""
    documents = (
        Document.objects.of_agency(agency)
        .select_related("type", "owner_unit", "effective_revision")
        .with_revision_in_progress()
        .order_by("code")
    )
    return search_documents(documents, query)


def revision_log(document: Document) -> list[Revision]:
    """The revision log (bảng theo dõi sửa đổi), built from the issued revisions."""
    return list(
        document.revisions.filter(status__in=Revision.LOCKED)
        .select_related("change_request", "approved_by")
        .order_by("number")
    )


def decisions_of(revision: Revision):
    return revision.decisions.select_related("by").order_by("at", "pk")


def documents_due_for_review(*, agency: Agency, on=None):
    on = on or timezone.localdate()
    return (
        Document.objects.of_agency(agency)
        .due_for_review(on=on, within_days=REVIEW_WARNING_DAYS)
        .select_related("type", "owner_unit", "effective_revision")
        .order_by("review_due", "code")
    )


def documents_needing_update(*, agency: Agency):
    """Documents citing an external document no longer in force, with the oldest date."""
    ended = ExternalDocument.objects.exclude(status=ExternalDocument.Status.IN_FORCE)
    return (
        Document.objects.of_agency(agency)
        .needs_update()
        .select_related("type", "owner_unit")
        .prefetch_related(Prefetch("cited", queryset=ended, to_attr="ended_citations"))
        .order_by("code")
    )


def record_register(*, agency: Agency):
    """The records register: the "Hồ sơ cần lưu" rows of every effective procedure."""
    return (
        RecordItem.objects.filter(
            revision__document__agency=agency, revision__status=Revision.Status.EFFECTIVE
        )
        .select_related("revision__document__owner_unit")
        .order_by("revision__document__code", "order")
    )


def tasks_for_user(*, user: User, agency: Agency) -> list[TaskGroup]:
    """What waits for ``user`` in document control, for "Việc của tôi"."""
    perms = agency_permissions(user, agency)
    revisions = Revision.objects.filter(document__agency=agency).select_related("document")
    groups = []

    returned = revisions.filter(status=Revision.Status.DRAFT, drafted_by=user)
    groups.append(
        TaskGroup(
            _("My drafts"),
            [
                TaskItem(
                    f"{r.document.code} {r.document.title}",
                    reverse("documents:revision-detail", args=[r.pk]),
                    _("Returned for changes")
                    if r.returned
                    else _("Draft of issue %(n)s") % {"n": r.number},
                    overdue=r.returned,
                )
                for r in returned.order_by("-returned", "document__code")
            ],
        )
    )
    passed_this_round = ApprovalDecision.objects.filter(
        revision=OuterRef("pk"),
        round=OuterRef("round"),
        by=user,
        step=ApprovalDecision.Step.REVIEW,
        decision=ApprovalDecision.Decision.PASSED,
    )
    to_review = (
        revisions.filter(status=Revision.Status.IN_REVIEW, reviewers=user)
        .exclude(Exists(passed_this_round))
        .order_by("submitted_at")
    )
    groups.append(
        TaskGroup(
            _("Revisions to review"),
            [
                TaskItem(
                    f"{r.document.code} {r.document.title}",
                    reverse("documents:revision-detail", args=[r.pk]),
                    _("Issue %(n)s") % {"n": r.number},
                )
                for r in to_review
            ],
        )
    )
    to_approve = revisions.filter(status=Revision.Status.IN_APPROVAL, approver=user)
    groups.append(
        TaskGroup(
            _("Revisions to approve"),
            [
                TaskItem(
                    f"{r.document.code} {r.document.title}",
                    reverse("documents:revision-detail", args=[r.pk]),
                    _("Issue %(n)s") % {"n": r.number},
                )
                for r in to_approve.order_by("submitted_at")
            ],
        )
    )
    groups.append(_to_acknowledge(user=user, agency=agency))
    if "manage_documents" in perms:
        today = timezone.localdate()
        due = documents_due_for_review(agency=agency, on=today)[:50]
        groups.append(
            TaskGroup(
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
            )
        )
        requests = ChangeRequest.objects.filter(
            document__agency=agency, status=ChangeRequest.Status.OPEN
        ).select_related("document")
        groups.append(
            TaskGroup(
                _("Change requests to decide"),
                [
                    TaskItem(
                        f"{c.document.code} {c.document.title}",
                        reverse("documents:document-detail", args=[c.document_id]),
                        c.reason[:120],
                    )
                    for c in requests.order_by("requested_at")
                ],
            )
        )
        stale = documents_needing_update(agency=agency)[:50]
        groups.append(
            TaskGroup(
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
            )
        )
    return groups


def _to_acknowledge(*, user: User, agency: Agency) -> TaskGroup:
    """Effective revisions distributed to ``user`` that wait for their "Đã đọc và hiểu"."""
    from documents.services.distribution import acknowledgement_due, revisions_to_acknowledge

    today = timezone.localdate()
    items = []
    for r in revisions_to_acknowledge(user=user, agency=agency)[:50]:
        due = acknowledgement_due(r, r.reached_at)
        items.append(
            TaskItem(
                f"{r.document.code} {r.document.title}",
                reverse("documents:revision-detail", args=[r.pk]),
                _("Issue %(n)s") % {"n": r.number},
                due=due,
                overdue=due < today,
            )
        )
    return TaskGroup(_("To read and acknowledge"), items)
