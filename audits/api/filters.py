"""API filters, consistent with the web registers (search without diacritics on the folded
column, as ``audits.forms.NonconformityFilterForm`` does)."""

import django_filters

from audits.models import Audit, Finding, Nonconformity, QualityObjective
from qms.api.filters import IdFilter
from qms.lib.text import search_terms

OPEN = "not_ended"


class NonconformityFilter(django_filters.FilterSet):
    agency = django_filters.CharFilter(field_name="agency__code", help_text="Agency code.")
    q = django_filters.CharFilter(
        method="filter_search",
        help_text="Code, title, description or source reference, with or without diacritics.",
    )
    status = django_filters.ChoiceFilter(
        choices=[*Nonconformity.Status.choices, (OPEN, OPEN)], method="filter_status"
    )
    source = django_filters.ChoiceFilter(choices=Nonconformity.Source.choices)
    unit = IdFilter(field_name="unit_id")
    year = IdFilter(field_name="year")
    source_reference = django_filters.CharFilter(
        help_text="Exact source reference, e.g. the dossier number sent when it was raised."
    )

    class Meta:
        model = Nonconformity
        fields = []

    def filter_search(self, queryset, name, value):
        for term in search_terms(value):
            queryset = queryset.filter(search_text__contains=term)
        return queryset

    def filter_status(self, queryset, name, value):
        if value == OPEN:
            return queryset.not_ended()
        return queryset.filter(status=value)


class ObjectiveFilter(django_filters.FilterSet):
    agency = django_filters.CharFilter(field_name="agency__code", help_text="Agency code.")
    year = IdFilter(field_name="year")

    class Meta:
        model = QualityObjective
        fields = []


class AuditFilter(django_filters.FilterSet):
    agency = django_filters.CharFilter(field_name="agency__code", help_text="Agency code.")
    year = IdFilter(field_name="programme__year")
    status = django_filters.ChoiceFilter(choices=Audit.Status.choices)

    class Meta:
        model = Audit
        fields = []


class FindingFilter(django_filters.FilterSet):
    agency = django_filters.CharFilter(field_name="agency__code", help_text="Agency code.")
    audit = IdFilter(field_name="audit_id")
    grade = django_filters.ChoiceFilter(choices=Finding.Grade.choices)
    unit = IdFilter(field_name="unit_id")

    class Meta:
        model = Finding
        fields = []
