"""Planning of changes (6.3), part of the context of the organisation: the changes with their
state, read by everyone of the agency and the Sở, kept by the ISO secretary."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audits.forms.planned_changes import EffectivenessForm, PlannedChangeForm
from audits.models import PlannedChange
from audits.services import planned_changes as service
from audits.services.context import uses_context
from audits.views.common import get_in_agency_or_404, refused, render_page
from qms.agencies.permissions import agency_permission_required, agency_permissions
from qms.lib.forms import add_service_errors

FIELDS = ("title", "purpose", "integrity", "resources", "owner", "due_on")


def _change(request, pk: int, *codenames: str) -> PlannedChange:
    return get_in_agency_or_404(request, PlannedChange.objects.all(), pk, *codenames)


@agency_permission_required("view_qms")
def change_detail(request, pk: int):
    change = _change(request, pk)
    manage = "manage_audits" in agency_permissions(request.user, change.agency)
    made = change.status == PlannedChange.Status.MADE
    return render_page(
        request,
        "audits/planned_change_detail.html",
        {
            "change": change,
            "documents": change.documents.order_by("code"),
            "manage": manage,
            "check_form": EffectivenessForm() if manage and made else None,
            "agency_of": change.agency,
        },
        tab="context",
    )


@agency_permission_required("manage_audits")
def change_form(request, pk: int | None = None):
    change = _change(request, pk, "manage_audits") if pk is not None else None
    agency = change.agency if change else request.agency
    if not uses_context(agency):
        return redirect("audits:context")
    initial = {}
    if change is not None:
        initial = {name: getattr(change, name) for name in FIELDS}
        initial["documents"] = list(change.documents.all())
    form = PlannedChangeForm(request.POST or None, agency=agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            change = service.planned_change_save(
                agency=agency, by=request.user, change=change, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The planned change is saved."))
            return redirect("audits:planned-change-detail", change.pk)
    title = _("Change a planned change") if change else _("Plan a change")
    return render_page(
        request,
        "audits/context_form.html",
        {"form": form, "form_title": title, "agency_of": agency},
        tab="context",
    )


@require_POST
@agency_permission_required("manage_audits")
def change_made(request, pk: int):
    change = _change(request, pk, "manage_audits")
    try:
        service.planned_change_made(change=change, by=request.user)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("The change is recorded as made today."))
    return redirect("audits:planned-change-detail", change.pk)


@require_POST
@agency_permission_required("manage_audits")
def change_check(request, pk: int):
    change = _change(request, pk, "manage_audits")
    form = EffectivenessForm(request.POST)
    if form.is_valid():
        try:
            service.planned_change_check(change=change, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refused(request, error)
        else:
            messages.success(request, _("The effectiveness check is recorded."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("audits:planned-change-detail", change.pk)


urlpatterns = [
    path("context/changes/new/", change_form, name="planned-change-create"),
    path("context/changes/<int:pk>/", change_detail, name="planned-change-detail"),
    path("context/changes/<int:pk>/edit/", change_form, name="planned-change-edit"),
    path("context/changes/<int:pk>/made/", change_made, name="planned-change-made"),
    path("context/changes/<int:pk>/check/", change_check, name="planned-change-check"),
]
