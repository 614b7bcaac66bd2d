"""API of document control: documents, revisions (with their controlled copies) and the
external documents register."""

from documents.api.views import DocumentViewSet, ExternalDocumentViewSet, RevisionViewSet

__all__ = ["DocumentViewSet", "ExternalDocumentViewSet", "RevisionViewSet"]
