"""What the supervision needs to know about one agency, read from documents and audits: the
figures an inspector looks at before a visit and that pre-fill the annual report, and the
counts of the supervisor's read-only view of the agency.

Each figure is one aggregate query; nothing loops over rows.
"""

from datetime import date

from django.db.models import Count, Max, Q

from audits.models import Action, Audit, ManagementReview, Nonconformity
from documents.models import Document, DocumentType
from qms.agencies.models import Agency

DONE_AUDITS = (Audit.Status.COMPLETED, Audit.Status.REPORT_PROPOSED, Audit.Status.CLOSED)


def effective_procedures(agency: Agency) -> int:
    return (
        Document.objects.effective()
        .filter(agency=agency, type__kind=DocumentType.Kind.PROCEDURE)
        .count()
    )


def tthc_procedures(agency: Agency) -> int:
    """Effective documents that implement an administrative procedure (TTHC)."""
    return (
        Document.objects.effective()
        .filter(agency=agency, administrative_procedure__isnull=False)
        .values("administrative_procedure")
        .distinct()
        .count()
    )


def audits_done(agency: Agency, year: int) -> int:
    return Audit.objects.filter(agency=agency, start_on__year=year, status__in=DONE_AUDITS).count()


def last_audit_on(agency: Agency, *, on: date) -> date | None:
    done = Audit.objects.filter(agency=agency, status__in=DONE_AUDITS, start_on__lte=on)
    return done.aggregate(last=Max("start_on"))["last"]


def last_review_on(agency: Agency, *, on: date) -> date | None:
    approved = ManagementReview.objects.filter(
        agency=agency, status=ManagementReview.Status.APPROVED, held_on__lte=on
    )
    return approved.aggregate(last=Max("held_on"))["last"]


def nonconformities_raised(agency: Agency, year: int) -> int:
    return Nonconformity.objects.filter(agency=agency, year=year).count()


def nonconformities_closed(agency: Agency, year: int) -> int:
    return Nonconformity.objects.filter(
        agency=agency, status=Nonconformity.Status.CLOSED, closed_at__year=year
    ).count()


def open_nonconformities(agency: Agency) -> int:
    return Nonconformity.objects.of_agency(agency).not_ended().count()


def overdue_actions(agency: Agency, *, on: date) -> int:
    return Action.objects.filter(agency=agency).overdue(on=on).count()


def documents_overdue_for_review(agency: Agency, *, on: date) -> int:
    return Document.objects.of_agency(agency).due_for_review(on=on).count()


def snapshot(agency: Agency, *, on: date) -> dict:
    """The figures an inspector reads before the visit (remote inspection from the data)."""
    return {
        "effective_procedures": effective_procedures(agency),
        "tthc_procedures": tthc_procedures(agency),
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
        "last_audit": Audit.objects.filter(agency=agency, status=Audit.Status.CLOSED)
        .order_by("-report_approved_at")
        .first(),
        "last_review": ManagementReview.objects.filter(
            agency=agency, status=ManagementReview.Status.APPROVED
        )
        .order_by("-held_on")
        .first(),
    }
