"""API: the agencies a caller may read, with their units (ids for the write endpoints)."""

import django_filters
from django.db.models import Prefetch
from rest_framework import mixins, serializers

from qms.agencies.models import Agency, Unit
from qms.api.scope import visible_agencies
from qms.api.serializers import UnitRefSerializer
from qms.api.views import ScopedViewSet


class AgencySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    province = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    merged_into = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    units = UnitRefSerializer(many=True, read_only=True, source="active_units")

    class Meta:
        model = Agency
        fields = [
            "code",
            "name",
            "short_name",
            "level",
            "parent",
            "province",
            "iso_version",
            "iso_mandatory",
            "is_active",
            "merged_into",
            "merged_on",
            "address",
            "units",
        ]


class AgencyFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=Agency.Level.choices)

    class Meta:
        model = Agency
        fields = ["level"]


class AgencyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Agencies the caller holds a role in, and for a supervisor every agency of the province."""

    serializer_class = AgencySerializer
    filterset_class = AgencyFilter
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self):
        units = Unit.objects.filter(is_active=True).order_by("name")
        return (
            visible_agencies(self.request.user)
            .select_related("parent", "province", "merged_into")
            .prefetch_related(Prefetch("units", queryset=units, to_attr="active_units"))
            .order_by("name", "pk")
        )
