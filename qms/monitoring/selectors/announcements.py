"""Reads of the announcements: an agency's list, the procedures a scope is chosen from, and
the drift of the effective procedures from the last announced scope."""

from dataclasses import dataclass, field

from django.db.models import Count

from documents.models import Document, DocumentType
from qms.agencies.models import Agency
from qms.monitoring.models import Announcement


def effective_procedures(agency: Agency):
    """The procedures an announcement's scope is chosen from: the agency's effective ones."""
    return Document.objects.filter(
        agency=agency, status=Document.Status.EFFECTIVE, type__kind=DocumentType.Kind.PROCEDURE
    ).order_by("code")


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


def drifted_agencies(province: Agency) -> set[int]:
    """The agencies of ``province`` whose effective procedures differ from the scope of their
    last announcement (``scope_drift`` for every agency at once): three queries."""
    last: dict[int, int] = {}
    for agency_id, pk in Announcement.objects.filter(agency__province=province).values_list(
        "agency_id", "pk"
    ):
        last.setdefault(agency_id, pk)  # newest first: the model's ordering
    announced: dict[int, set[int]] = {agency_id: set() for agency_id in last}
    scope = Announcement.procedures.through.objects.filter(announcement_id__in=last.values())
    for agency_id, document_id in scope.values_list("announcement__agency_id", "document_id"):
        announced[agency_id].add(document_id)
    current: dict[int, set[int]] = {agency_id: set() for agency_id in last}
    effective = Document.objects.filter(
        agency_id__in=last,
        status=Document.Status.EFFECTIVE,
        type__kind=DocumentType.Kind.PROCEDURE,
    )
    for agency_id, pk in effective.values_list("agency_id", "pk"):
        current[agency_id].add(pk)
    return {agency_id for agency_id in last if announced[agency_id] != current[agency_id]}


def announcement_list(agency: Agency):
    return (
        Announcement.objects.filter(agency=agency)
        .select_related("recorded_by")
        .annotate(procedure_count=Count("procedures"))
    )
