"""Document control's history-tracked objects of one agency, for the agency audit trail."""

from django.utils.translation import gettext_lazy as _

from documents.models import ChangeRequest, Document, DocumentType, ExternalDocument, Revision
from qms.lib.trail import TrailSource, joined


def trail_sources(agency) -> list[TrailSource]:
    return [
        TrailSource(
            "document_type",
            _("Document type"),
            DocumentType.history.filter(agency_id=agency.pk),
            joined("prefix", "name"),
        ),
        TrailSource(
            "document",
            _("Document"),
            Document.history.filter(agency_id=agency.pk),
            joined("code", "title"),
        ),
        TrailSource(
            "revision",
            _("Revision"),
            Revision.history.filter(document__agency_id=agency.pk),
            joined("document__code", "number"),
        ),
        TrailSource(
            "change_request",
            _("Change request"),
            ChangeRequest.history.filter(document__agency_id=agency.pk),
            joined("document__code"),
        ),
        TrailSource(
            "external",
            _("External document"),
            ExternalDocument.history.filter(agency_id=agency.pk),
            joined("number", "title"),
        ),
    ]
