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


def announcement_list(agency: Agency):
    return (
        Announcement.objects.filter(agency=agency)
        .select_related("recorded_by")
        .annotate(procedure_count=Count("procedures"))
    )
