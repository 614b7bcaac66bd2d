"""The showcase agencies distribute their effective issues and their people read them.

Each effective issue approved in the workflow is given to every active unit of the agency
(and by name to the members who have no unit there), as the ISO secretary does when an issue
takes effect. Most people confirmed "Đã đọc và hiểu" within a week, some more than a week
later, and some have not yet: those are late. One issue per agency was released a few days
ago: half its readers have not read it yet, and are not late. Issues approved but not yet
effective stay undistributed: they wait in the ISO secretary's "Việc của tôi".

Dates are relative to today: the distributed issues (and the issues they superseded) are moved
back to the day they were released, the same shift for their approval, effective and end dates
and the document's next review, so that the story holds on any day of the year. Written in
bulk, without history: the rows are the demo's past, not acts of today. Idempotent: an issue
that has recipients is left alone.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import Case, DateTimeField, F, Value, When
from django.utils import timezone

from documents.models import (
    Acknowledgement,
    ApprovalDecision,
    Distribution,
    Document,
    Revision,
)
from documents.selectors.distribution import agency_members, recipients_of
from qms.agencies.models import Agency, User

S = Revision.Status
VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Days before today that the issues were released; the last one of each agency was released
# RECENT days ago, inside the week its readers have.
RELEASED = 30
RECENT = 3
# Of every 20 readers of an issue: 3 have not read it, 3 read it late, the rest within a week.
UNREAD, LATE = 3, 6


def distribute(agency: Agency, secretary: User) -> None:
    """Distribute the agency's undistributed effective issues, and read them (see above)."""
    revisions = list(
        Revision.objects.filter(
            document__agency=agency, status=S.EFFECTIVE, approved_by__isnull=False
        )
        .exclude(distributions__isnull=False)
        .order_by("document__code")
    )
    if not revisions:
        return
    released = {r.pk: RELEASED for r in revisions}
    released[revisions[-1].pk] = RECENT
    units = list(agency.units.filter(is_active=True))
    homeless = [
        user for user in agency_members(agency) if user.unit_id not in {u.pk for u in units}
    ]
    _move_back(revisions, released)
    Distribution.objects.bulk_create(
        [
            Distribution(revision=r, unit=unit, distributed_by=secretary)
            for r in revisions
            for unit in units
        ]
        + [
            Distribution(revision=r, user=user, distributed_by=secretary)
            for r in revisions
            for user in homeless
        ]
    )
    Document.objects.filter(effective_revision__in=revisions).update(is_distributed=True)
    Distribution.objects.filter(revision__in=revisions).update(
        distributed_at=Case(
            *[When(revision_id=r.pk, then=Value(_at(released[r.pk], 8))) for r in revisions],
            output_field=DateTimeField(),
        )
    )
    readers = list(recipients_of(revisions[0]).values_list("pk", flat=True))
    _acknowledge(revisions, readers, released)


def _at(days_ago: int, hour: int) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=VN)


def _move_back(revisions: list[Revision], released: dict[int, int]) -> None:
    """Every issue of the distributed documents (its decisions, approval, effective and end
    dates) and the documents' next review, moved back by the days since the distributed issue
    was released."""
    shift = {r.document_id: dt.timedelta(days=released[r.pk]) for r in revisions}
    issues = list(
        Revision.objects.filter(document_id__in=shift, status__in=(S.EFFECTIVE, S.SUPERSEDED))
    )
    for issue in issues:
        days = shift[issue.document_id]
        issue.drafted_at -= days
        issue.submitted_at = issue.submitted_at and issue.submitted_at - days
        issue.approved_at = issue.approved_at and issue.approved_at - days
        issue.effective_date = issue.effective_date and issue.effective_date - days
        issue.ended_on = issue.ended_on and issue.ended_on - days
    Revision.objects.bulk_update(
        issues, ["drafted_at", "submitted_at", "approved_at", "effective_date", "ended_on"]
    )
    documents = list(Document.objects.filter(pk__in=shift).exclude(review_due=None))
    for document in documents:
        document.review_due -= shift[document.pk]
    Document.objects.bulk_update(documents, ["review_due"])
    for days in set(shift.values()):
        moved = [d for d, by in shift.items() if by == days]
        ApprovalDecision.objects.filter(
            revision__document_id__in=moved, revision__in=issues
        ).update(at=F("at") - days)


def _acknowledge(revisions: list[Revision], readers: list[int], released: dict[int, int]):
    """Who read each issue and when: a fixed mix per issue, the same on every run."""
    when = {}
    for r in revisions:
        days = released[r.pk]
        for index, user_id in enumerate(readers):
            slot = (index + r.pk) % 20
            if slot < UNREAD:
                continue
            if days == RECENT:
                if index % 2:
                    continue  # not read yet, still within the week
                delay = 1 + slot % 2
            elif slot < LATE:
                delay = 9 + slot * 2  # 9 to 19 days after the issue reached them
            else:
                delay = slot % 6 + 1
            when[r.pk, user_id] = _at(days - delay, 8 + slot % 9)
    rows = Acknowledgement.objects.bulk_create(
        [Acknowledgement(revision_id=r, user_id=u) for r, u in when]
    )
    Acknowledgement.objects.filter(pk__in=[row.pk for row in rows]).update(
        at=Case(
            *[When(pk=row.pk, then=Value(when[row.revision_id, row.user_id])) for row in rows],
            output_field=DateTimeField(),
        )
    )
