"""Resolving the province and objects of the supervision, and its sub-navigation."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qms.agencies.models import Agency
from qms.agencies.permissions import agency_permissions, any_permission

PAGE_SIZE = 25

TABS = [
    ("coverage", _("Coverage"), "monitoring:dashboard", ("supervise",)),
    ("framework", _("Framework procedures"), "monitoring:framework", ("supervise",)),
    ("clauses", _("Clauses"), "monitoring:clauses", ("supervise",)),
    ("announcements", _("Announcements"), "monitoring:announcement-list", ("view_qms",)),
]


def province_of(request) -> Agency:
    """The province the current agency belongs to (itself for a province root)."""
    agency = request.agency
    return agency if agency.province_id is None else agency.province


def get_in_agency_or_404(request, queryset, pk: int, *codenames: str):
    """The object ``pk`` if the person may see its agency (else 404) and holds one of
    ``codenames`` there (else 403)."""
    from django.core.exceptions import PermissionDenied

    obj = queryset.filter(pk=pk).select_related("agency").first()
    if obj is None or not request.user.has_perm("qms.view_qms", obj.agency):
        raise Http404
    if codenames and not any_permission(request.user, codenames, obj.agency):
        raise PermissionDenied
    return obj


def render_page(request, template: str, context: dict, *, tab: str):
    perms = agency_permissions(request.user, request.agency)
    tabs = [
        {"label": label, "url": reverse(url_name), "active": key == tab}
        for key, label, url_name, needed in TABS
        if set(needed) & perms
    ]
    return render(request, template, {**context, "tabs": tabs, "perms_here": perms})
