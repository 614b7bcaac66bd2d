"""Reads of the supervision: scope drift, an agency's summary for the supervisor, the matrix."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from audits.models import Action, Audit, ManagementReview, Nonconformity
from documents.models import Document, DocumentType
from qms.agencies.models import Agency
from qms.lib.text import fold
from qms.monitoring.models import Announcement, FrameworkProcedure
from qms.monitoring.services.announcements import effective_procedures


@dataclass
class ScopeDrift:
    announcement: Announcement | None
    added: list[Document] = field(default_factory=list)
    withdrawn: list[Document] = field(default_factory=list)

    @property
    def drifted(self) -> bool:
        return bool(self.added or self.withdrawn)


def scope_drift(agency: Agency) -> ScopeDrift:
    """Procedures made effective since the last announcement (``added``) and procedures of its
    scope no longer effective (``withdrawn``). Three queries."""
    last = Announcement.objects.filter(agency=agency).first()
    if last is None:
        return ScopeDrift(None)
    announced = {doc.pk: doc for doc in last.procedures.order_by("code")}
    current = {doc.pk: doc for doc in effective_procedures(agency)}
    return ScopeDrift(
        last,
        added=[doc for pk, doc in current.items() if pk not in announced],
        withdrawn=[doc for pk, doc in announced.items() if pk not in current],
    )


def announcement_list(agency: Agency):
    return (
        Announcement.objects.filter(agency=agency)
        .select_related("recorded_by")
        .annotate(procedure_count=Count("procedures"))
    )


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


EFFECTIVE, DRAFT, MISSING = "effective", "draft", "missing"


def framework_for(province: Agency, level: str):
    return FrameworkProcedure.objects.filter(province=province, level=level)


def framework_matrix(agencies: list[Agency], expected: list[FrameworkProcedure]) -> list[dict]:
    """Agencies × expected procedures: effective, draft or missing, from one query over the
    agencies' procedures (see FrameworkProcedure for how a procedure matches)."""
    found: dict[int, list[tuple[str, str | None, str]]] = {agency.pk: [] for agency in agencies}
    rows = (
        Document.objects.filter(agency__in=agencies, type__kind=DocumentType.Kind.PROCEDURE)
        .exclude(status=Document.Status.OBSOLETE)
        .values_list("agency_id", "title", "administrative_procedure__number", "status")
    )
    for agency_id, title, tthc_code, status in rows:
        found[agency_id].append((fold(title), tthc_code, status))
    matrix = []
    for agency in agencies:
        cells = []
        for procedure in expected:
            statuses = {
                status
                for title, code, status in found[agency.pk]
                if procedure.matches(title_folded=title, tthc_code=code)
            }
            if Document.Status.EFFECTIVE in statuses:
                cells.append(EFFECTIVE)
            elif statuses:
                cells.append(DRAFT)
            else:
                cells.append(MISSING)
        matrix.append({"agency": agency, "cells": cells, "missing": cells.count(MISSING)})
    return matrix
