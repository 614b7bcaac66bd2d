"""Reads of the document register: the register itself, documents due for review and those
citing an external document no longer in force."""

from django.db.models import Prefetch
from django.utils import timezone

from documents.models import Document, ExternalDocument
from documents.search import search_documents
from qms.agencies.models import Agency

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
