"""The base of every API view set: lists and objects limited to what the caller may see."""

from functools import cached_property

from rest_framework import viewsets

from qms.api.scope import member_agencies, visible_agencies


class ScopedViewSet(viewsets.GenericViewSet):
    """``scoped(queryset)`` keeps the rows of agencies the caller may read (``agency_field``
    names the path to the agency). Anything else is absent: another agency's object is a 404,
    exactly as on the web pages."""

    agency_field = "agency"
    lookup_value_regex = r"[0-9]+"

    # The agencies are read once per request and passed as a list of ids: as a subquery the
    # planner cannot tell it yields one agency (or a province's 200) and hash-joins the whole
    # table, which at province size costs a quarter of a second per list.
    @cached_property
    def visible_agency_ids(self) -> list[int]:
        return list(visible_agencies(self.request.user).values_list("pk", flat=True))

    @cached_property
    def member_agency_ids(self) -> list[int]:
        return list(member_agencies(self.request.user).values_list("pk", flat=True))

    def scoped(self, queryset):
        return queryset.filter(**{f"{self.agency_field}__in": self.visible_agency_ids})

    def member_of(self) -> list[int]:
        return self.member_agency_ids
