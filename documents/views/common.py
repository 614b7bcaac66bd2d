"""Resolving document-control objects with agency isolation.

Another agency's object is a 404; a restricted document is a 404 to anyone who holds no role
in its own agency (a province supervisor included); a missing role is a 403.
"""

from django.http import Http404

from documents.models import Document, Revision
from qms.agencies.permissions import require


def _visible(request, document: Document) -> bool:
    if not request.user.has_perm("qms.view_qms", document.agency):
        return False
    if document.restricted:
        return any(agency.pk == document.agency_id for agency in request.user_agencies)
    return True


def get_document_or_404(request, pk: int, codename: str = "view_qms") -> Document:
    document = (
        Document.objects.select_related(
            "agency", "type", "owner_unit", "parent", "effective_revision"
        )
        .filter(pk=pk)
        .first()
    )
    if document is None or not _visible(request, document):
        raise Http404
    require(request.user, codename, document.agency)
    return document


def get_revision_or_404(request, pk: int, codename: str = "view_qms") -> Revision:
    revision = (
        Revision.objects.select_related(
            "document__agency",
            "document__type",
            "document__owner_unit",
            "drafted_by",
            "approver",
            "approved_by",
        )
        .filter(pk=pk)
        .first()
    )
    if revision is None or not _visible(request, revision.document):
        raise Http404
    require(request.user, codename, revision.document.agency)
    return revision
