"""Serializer pieces every app's API shares."""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from qms.api.scope import visible_agencies


class StrictSerializer(serializers.Serializer):
    """Rejects fields it does not know (a typo must not be dropped silently) and values of the
    wrong JSON type: DRF would turn 42 into "42" or "7" into 7."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data) - writable)
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
            wrong = {
                name: [message]
                for name, value in data.items()
                if (message := _type_error(self.fields[name], value))
            }
            if wrong:
                raise serializers.ValidationError(wrong)
        return super().to_internal_value(data)


def _type_error(field, value) -> str | None:
    if value is None:
        return None
    if isinstance(field, serializers.IntegerField) and (
        not isinstance(value, int) or isinstance(value, bool)
    ):
        return _("A whole number is required.")
    if isinstance(field, serializers.DecimalField) and (
        isinstance(value, bool) or not isinstance(value, str | int | float)
    ):
        return _("A number is required.")
    textual = serializers.CharField | serializers.ChoiceField | serializers.DateField
    if isinstance(field, textual) and not isinstance(value, str):
        return _("A string is required.")
    return None


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

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)

    def get_queryset(self):
        return visible_agencies(self.context["request"].user)


class UnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
