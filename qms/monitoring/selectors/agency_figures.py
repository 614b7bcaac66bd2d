"""What the supervision needs to know about one agency, read from documents and audits: the
figures an inspector looks at before a visit and that pre-fill the annual report, and the
counts of the supervisor's read-only view of the agency.

The figures the Sở reports have one definition each, here (README glossary); the province
status (``status.annotate_status``) builds its one query from the same querysets:

- the last internal audit: the day the report of the agency's last internal audit was
  approved (an audit counts once its report is approved, not when its fieldwork ends);
- the last management review: the day the last review held and approved took place;
- an overdue action: due before the day and not done by the end of it.

Each figure is one aggregate query; nothing loops over rows.
"""

from datetime import date, datetime, time

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from audits.models import Action, Audit, ManagementReview, Nonconformity
from documents.models import Document, DocumentType, Revision
from qms.agencies.models import Agency

DONE_AUDITS = (Audit.Status.COMPLETED, Audit.Status.REPORT_PROPOSED, Audit.Status.CLOSED)


def effective_revisions_on(*, on: date) -> QuerySet[Revision]:
    """The issues in force on ``on``: effective by then and not yet ended."""
    return Revision.objects.filter(effective_date__lte=on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=on)
    )


def effective_procedures(agency: Agency, *, on: date | None = None) -> int:
    """Procedures in force on ``on`` (default today)."""
    return (
        effective_revisions_on(on=on or timezone.localdate())
        .filter(document__agency=agency, document__type__kind=DocumentType.Kind.PROCEDURE)
        .values("document")
        .distinct()
        .count()
    )


def tthc_procedures(agency: Agency, *, on: date | None = None) -> int:
    """Administrative procedures (TTHC) implemented by a document in force on ``on``."""
    return (
        effective_revisions_on(on=on or timezone.localdate())
        .filter(document__agency=agency, document__administrative_procedure__isnull=False)
        .values("document__administrative_procedure")
        .distinct()
        .count()
    )


def end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def approved_audits(*, on: date) -> QuerySet[Audit]:
    """The internal audits whose report was approved by the end of ``on``."""
    return Audit.objects.filter(status=Audit.Status.CLOSED, report_approved_at__lte=end_of(on))


def approved_reviews(*, on: date) -> QuerySet[ManagementReview]:
    """The management reviews approved by the end of ``on``."""
    return ManagementReview.objects.filter(
        status=ManagementReview.Status.APPROVED, approved_at__lte=end_of(on)
    )


def overdue_actions_on(*, on: date) -> QuerySet[Action]:
    """The actions overdue on ``on``: due before it, and still open at its end (a cancelled
    action counts as never overdue, its cancellation date is not stored)."""
    return Action.objects.filter(due_on__lt=on).filter(
        Q(status=Action.Status.OPEN) | Q(status=Action.Status.DONE, done_at__gt=end_of(on))
    )


def audits_done(agency: Agency, year: int) -> int:
    return Audit.objects.filter(agency=agency, start_on__year=year, status__in=DONE_AUDITS).count()


def last_audit_on(agency: Agency, *, on: date) -> date | None:
    """The last internal audit of ``agency`` as of ``on`` (see the module docstring)."""
    last = (
        approved_audits(on=on)
        .filter(agency=agency)
        .aggregate(last=Max("report_approved_at"))["last"]
    )
    return timezone.localdate(last) if last else None


def last_review_on(agency: Agency, *, on: date) -> date | None:
    """The last management review of ``agency`` as of ``on`` (see the module docstring)."""
    return approved_reviews(on=on).filter(agency=agency).aggregate(last=Max("held_on"))["last"]


def nonconformities_raised(agency: Agency, year: int) -> int:
    return Nonconformity.objects.filter(agency=agency, year=year).count()


def nonconformities_closed(agency: Agency, year: int) -> int:
    return Nonconformity.objects.filter(
        agency=agency, status=Nonconformity.Status.CLOSED, closed_at__year=year
    ).count()


def open_nonconformities(agency: Agency) -> int:
    return Nonconformity.objects.of_agency(agency).not_ended().count()


def overdue_actions(agency: Agency, *, on: date) -> int:
    return overdue_actions_on(on=on).filter(agency=agency).count()


def documents_overdue_for_review(agency: Agency, *, on: date) -> int:
    return Document.objects.of_agency(agency).due_for_review(on=on).count()


def snapshot(agency: Agency, *, on: date) -> dict:
    """The figures an inspector reads before the visit (remote inspection from the data), as
    they stood on ``on``. Open nonconformities and documents overdue for review are only known
    for today (``today_only`` says so when ``on`` is past)."""
    return {
        "on": on,
        "today_only": on < timezone.localdate(),
        "effective_procedures": effective_procedures(agency, on=on),
        "tthc_procedures": tthc_procedures(agency, on=on),
        "last_audit_on": last_audit_on(agency, on=on),
        "last_review_on": last_review_on(agency, on=on),
        "open_nonconformities": open_nonconformities(agency),
        "overdue_actions": overdue_actions(agency, on=on),
        "documents_overdue_for_review": documents_overdue_for_review(agency, on=on),
    }


def agency_summary(agency: Agency) -> dict:
    """Counts for the supervisor's read-only view of an agency: never a document's content
    or a restricted document's title."""
    documents = Document.objects.filter(agency=agency).aggregate(
        effective=Count("pk", filter=Q(status=Document.Status.EFFECTIVE)),
        drafts=Count("pk", filter=Q(status=Document.Status.DRAFT)),
        procedures=Count(
            "pk",
            filter=Q(status=Document.Status.EFFECTIVE, type__kind=DocumentType.Kind.PROCEDURE),
        ),
    )
    open_nonconformities = (
        Nonconformity.objects.filter(agency=agency).exclude(status__in=Nonconformity.ENDED).count()
    )
    return {
        **documents,
        "open_nonconformities": open_nonconformities,
        "open_actions": Action.objects.filter(agency=agency).open().count(),
        "last_audit_on": last_audit_on(agency, on=timezone.localdate()),
        "last_review_on": last_review_on(agency, on=timezone.localdate()),
    }
