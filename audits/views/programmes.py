"""The yearly internal audit programme: list, creation, its page with the coverage of units and
clauses, and the proposal and approval."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audits.forms.internal_audits import DecisionForm, ProgrammeEditForm, ProgrammeForm
from audits.models import AuditProgramme
from audits.selectors.internal_audits import (
    audits_of_programme,
    methods_planned,
    programme_coverage,
    programmes_of,
)
from audits.services import programmes as service
from audits.views.common import get_in_agency_or_404, refused
from audits.workflow import programme_allowed_actions
from qms.agencies.permissions import agency_permission_required, agency_permissions
from qms.lib.forms import add_service_errors

P = AuditProgramme.Status


@agency_permission_required("view_qms")
def programme_list(request):
    return render(
        request,
        "audits/programme_list.html",
        {
            "programmes": programmes_of(request.agency),
            "can_create": "manage_audits" in agency_permissions(request.user, request.agency),
        },
    )


@agency_permission_required("manage_audits")
def programme_create(request):
    form = ProgrammeForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            programme = service.programme_create(
                agency=request.agency, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Programme %(year)s drafted.") % {"year": programme.year})
            return redirect("audits:programme-detail", programme.pk)
    return render(request, "audits/programme_form.html", {"form": form})


@login_required
def programme_detail(request, pk: int):
    programme = get_in_agency_or_404(request, AuditProgramme.objects, pk)
    audits = list(audits_of_programme(programme))
    return render(
        request,
        "audits/programme_detail.html",
        {
            "programme": programme,
            "audits": audits,
            "coverage": programme_coverage(programme, audits),
            "methods": methods_planned(audits),
            "allowed": programme_allowed_actions(programme, request.user),
            "decision_form": DecisionForm(),
        },
    )


@login_required
def programme_edit(request, pk: int):
    programme = get_in_agency_or_404(request, AuditProgramme.objects, pk, "manage_audits")
    form = ProgrammeEditForm(
        request.POST or None,
        initial={"objectives": programme.objectives, "criteria": programme.criteria},
    )
    if request.method == "POST" and form.is_valid():
        try:
            service.programme_update(programme=programme, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Programme saved."))
            return redirect("audits:programme-detail", programme.pk)
    return render(request, "audits/programme_form.html", {"form": form, "programme": programme})


@login_required
def programme_propose(request, pk: int):
    programme = get_in_agency_or_404(request, AuditProgramme.objects, pk, "manage_audits")
    if request.method == "POST":
        try:
            service.programme_propose(programme=programme, by=request.user)
        except ValidationError as error:
            refused(request, error)
        else:
            messages.success(request, _("Programme sent to the leader for approval."))
    return redirect("audits:programme-detail", programme.pk)


def _decide(request, pk: int, *, approve: bool, done: str):
    programme = get_in_agency_or_404(request, AuditProgramme.objects, pk, "approve_documents")
    form = DecisionForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        service.programme_decide(
            programme=programme, by=request.user, approve=approve, comment=comment
        )
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, done)
    return redirect("audits:programme-detail", programme.pk)


@login_required
@require_POST
def programme_approve(request, pk: int):
    return _decide(request, pk, approve=True, done=_("Programme approved."))


@login_required
@require_POST
def programme_return(request, pk: int):
    """The leader sends the programme back to the ISO secretary; a comment is required."""
    return _decide(request, pk, approve=False, done=_("Programme returned."))


urlpatterns = [
    path("audits/", programme_list, name="programme-list"),
    path("audits/new/", programme_create, name="programme-create"),
    path("audits/<int:pk>/", programme_detail, name="programme-detail"),
    path("audits/<int:pk>/edit/", programme_edit, name="programme-edit"),
    path("audits/<int:pk>/propose/", programme_propose, name="programme-propose"),
    path("audits/<int:pk>/decision/", programme_approve, name="programme-decide"),
    path("audits/<int:pk>/return/", programme_return, name="programme-return"),
]
