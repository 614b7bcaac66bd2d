"""API filters, consistent with the web register: type, status (with "in_progress"), unit,
and search without diacritics through ``documents.search``."""

import django_filters
from django.utils import timezone

from documents.filters import IN_PROGRESS
from documents.models import Document, ExternalDocument, Revision
from documents.search import search_documents
from documents.selectors.documents import REVIEW_WARNING_DAYS
from qms.api.filters import IdFilter


class DocumentFilter(django_filters.FilterSet):
    agency = django_filters.CharFilter(field_name="agency__code", help_text="Agency code.")
    q = django_filters.CharFilter(
        method="filter_search", help_text="Code, title or content, with or without diacritics."
    )
    type = django_filters.CharFilter(field_name="type__prefix", help_text="Type prefix: QT, BM…")
    status = django_filters.ChoiceFilter(
        choices=[*Document.Status.choices, (IN_PROGRESS, IN_PROGRESS)], method="filter_status"
    )
    unit = IdFilter(field_name="owner_unit_id", help_text="Owner unit id.")
    review = django_filters.ChoiceFilter(
        choices=[("due", "due"), ("overdue", "overdue")], method="filter_review"
    )
    procedure = django_filters.CharFilter(
        field_name="administrative_procedure__number",
        help_text="Code of the administrative procedure (TTHC) implemented, e.g. 1.000050.",
    )

    class Meta:
        model = Document
        fields = []

    def filter_search(self, queryset, name, value):
        return search_documents(queryset, value)

    def filter_status(self, queryset, name, value):
        if value == IN_PROGRESS:
            return queryset.with_revision_in_progress().filter(in_progress=True)
        return queryset.filter(status=value)

    def filter_review(self, queryset, name, value):
        today = timezone.localdate()
        if value == "overdue":
            return queryset.due_for_review(on=today).filter(review_due__lt=today)
        return queryset.due_for_review(on=today, within_days=REVIEW_WARNING_DAYS)


class RevisionFilter(django_filters.FilterSet):
    agency = django_filters.CharFilter(field_name="document__agency__code")
    document = IdFilter(field_name="document_id")
    status = django_filters.ChoiceFilter(choices=Revision.Status.choices)

    class Meta:
        model = Revision
        fields = []


class ExternalDocumentFilter(django_filters.FilterSet):
    agency = django_filters.CharFilter(field_name="agency__code")
    kind = django_filters.ChoiceFilter(choices=ExternalDocument.Kind.choices)
    status = django_filters.ChoiceFilter(choices=ExternalDocument.Status.choices)
    number = django_filters.CharFilter(help_text="Exact number and symbol, or TTHC code.")
    q = django_filters.CharFilter(
        method="filter_search", help_text="Number, title or issuer, with or without diacritics."
    )

    class Meta:
        model = ExternalDocument
        fields = []

    def filter_search(self, queryset, name, value):
        return search_documents(queryset, value)
