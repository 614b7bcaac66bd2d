"""The base of every API view set: lists and objects limited to what the caller may see."""

from rest_framework import viewsets

from qms.api.scope import member_agencies, visible_agencies


class ScopedViewSet(viewsets.GenericViewSet):
    """``scoped(queryset)`` keeps the rows of agencies the caller may read (``agency_field``
    names the path to the agency). Anything else is absent: another agency's object is a 404,
    exactly as on the web pages."""

    agency_field = "agency"
    lookup_value_regex = r"[0-9]+"

    def scoped(self, queryset):
        return queryset.filter(**{f"{self.agency_field}__in": visible_agencies(self.request.user)})

    def member_of(self):
        return member_agencies(self.request.user)
