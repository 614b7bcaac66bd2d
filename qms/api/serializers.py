"""Serializer pieces every app's API shares."""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from qms.api.scope import visible_agencies


class StrictSerializer(serializers.Serializer):
    """Rejects fields it does not know (a typo must not be dropped silently)."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data) - writable)
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
        return super().to_internal_value(data)


@extend_schema_field(OpenApiTypes.STR)
class AgencyCodeField(serializers.SlugRelatedField):
    """An agency named by its code, among those the caller may see: another agency's code
    reads exactly as an unknown one."""

    default_error_messages = {
        "does_not_exist": _("No agency with the code “{value}”."),
        "invalid": _("Give the agency's code."),
    }

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self):
        return visible_agencies(self.context["request"].user)


class UnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
