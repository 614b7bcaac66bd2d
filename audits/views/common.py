"""Resolving improvement objects with agency isolation, and the sub-navigation of the pages.

Another agency's object is a 404; a missing role on its own agency is a 403. The risk register
does not exist for an agency on ISO 9001:2008: its pages are a 404 there.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from audits.services.risks import uses_risks
from qms.agencies.permissions import agency_permissions, any_permission

# Who reads management reviews and the cycle-time figures: the ISO team, the leaders and the
# supervisor of the province.
REVIEW_READERS = ("manage_audits", "approve_documents", "audit", "supervise")

PAGE_SIZE = 25


def get_in_agency_or_404(request, queryset, pk: int, *codenames: str):
    """The object ``pk`` if the person may see its agency (else 404) and holds one of
    ``codenames`` there (else 403; none given: any member)."""
    obj = queryset.filter(pk=pk).select_related("agency").first()
    if obj is None or not request.user.has_perm("qms.view_qms", obj.agency):
        raise Http404
    if codenames and not any_permission(request.user, codenames, obj.agency):
        raise PermissionDenied
    return obj


def check_risks_used(agency) -> None:
    if not uses_risks(agency):
        raise Http404


TABS = [
    ("dashboard", _("Overview"), "audits:dashboard", ("view_qms",)),
    ("nonconformities", _("Nonconformities"), "audits:nonconformity-list", ("view_qms",)),
    ("actions", _("Action register"), "audits:action-list", ("view_qms",)),
    ("objectives", _("Quality objectives"), "audits:objective-list", ("view_qms",)),
    ("context", _("Context"), "audits:context", ("view_qms",)),
    ("risks", _("Risks and opportunities"), "audits:risk-list", ("view_qms",)),
    ("reviews", _("Management reviews"), "audits:review-list", REVIEW_READERS),
    ("clauses", _("Clauses"), "audits:clause-view", ("view_qms",)),
    ("transition", _("New edition"), "audits:transition", ("view_qms",)),
]

# Pages of the harmonized structure, which an agency on ISO 9001:2008 does not have.
HARMONIZED_ONLY = ("risks", "context", "transition")


def tabs_for(request, active: str) -> list[dict]:
    agency = request.agency
    perms = agency_permissions(request.user, agency)
    return [
        {"label": label, "url": reverse(url_name), "active": key == active}
        for key, label, url_name, needed in TABS
        if set(needed) & perms and (key not in HARMONIZED_ONLY or uses_risks(agency))
    ]


def render_page(request, template: str, context: dict, *, tab: str):
    """Render an improvement page with its sub-navigation and the person's permissions on the
    object's agency (``context["agency_of"]``, else the current agency)."""
    agency = context.get("agency_of") or request.agency
    context = {
        **context,
        "tabs": tabs_for(request, tab) if request.agency is not None else [],
        "perms_here": agency_permissions(request.user, agency),
    }
    return render(request, template, context)


def refused(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def post_service(request, audit, call, success: str, form=None):
    """Run one service on POST, report its outcome and return to the audit's plan."""
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            call(**(form.cleaned_data if form is not None else {}))
        except ValidationError as error:
            refused(request, error)
        else:
            messages.success(request, success)
    elif form is not None:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("audits:audit-detail", audit.pk)
