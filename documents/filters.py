import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.models import Document, DocumentType, IsoClause
from documents.search import search_documents
from documents.selectors.documents import REVIEW_WARNING_DAYS
from qms.agencies.models import Unit

IN_PROGRESS = "in_progress"


class DocumentRegisterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(
            attrs={"placeholder": _("Code, title or content — with or without diacritics")}
        ),
    )
    type = django_filters.ModelChoiceFilter(
        label=_("Type"), queryset=DocumentType.objects.none(), empty_label=_("All types")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[*Document.Status.choices, (IN_PROGRESS, _("Revision in progress"))],
        method="filter_status",
        empty_label=_("All statuses"),
    )
    owner_unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), queryset=Unit.objects.none(), empty_label=_("All units")
    )
    clause = django_filters.ModelChoiceFilter(
        label=_("ISO clause"),
        field_name="clauses",
        queryset=IsoClause.objects.none(),
        empty_label=_("All clauses"),
    )
    review = django_filters.ChoiceFilter(
        label=_("Periodic review"),
        choices=[("due", _("Due within 30 days")), ("overdue", _("Overdue"))],
        method="filter_review",
        empty_label=_("Any"),
    )
    needs_update = django_filters.BooleanFilter(
        label=_("Cites a law no longer in force"),
        method="filter_needs_update",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Document
        fields = []

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["type"].queryset = agency.document_types.all()
        self.filters["owner_unit"].queryset = agency.units.filter(is_active=True)
        self.filters["clause"].queryset = IsoClause.objects.filter(version=agency.iso_version)

    def filter_search(self, queryset, name, value):
        return search_documents(queryset, value)

    def filter_status(self, queryset, name, value):
        if value == IN_PROGRESS:
            return queryset.filter(in_progress=True)
        return queryset.filter(status=value)

    def filter_review(self, queryset, name, value):
        today = timezone.localdate()
        if value == "overdue":
            return queryset.due_for_review(on=today).filter(review_due__lt=today)
        return queryset.due_for_review(on=today, within_days=REVIEW_WARNING_DAYS)

    def filter_needs_update(self, queryset, name, value):
        return queryset.needs_update() if value else queryset
