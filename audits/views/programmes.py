"""The yearly internal audit programme: list, creation, its page with the coverage of units and
clauses, and the proposal and approval."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.forms.internal_audits import DecisionForm, ProgrammeEditForm, ProgrammeForm
from audits.models import AuditProgramme
from audits.selectors.internal_audits import audits_of_programme, programme_coverage, programmes_of
from audits.services import programmes as service
from audits.views.common import get_in_agency_or_404, refused
from audits.workflow import allowed
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
    perms = agency_permissions(request.user, programme.agency)
    audits = list(audits_of_programme(programme))
    manage = "manage_audits" in perms
    return render(
        request,
        "audits/programme_detail.html",
        {
            "programme": programme,
            "audits": audits,
            "coverage": programme_coverage(programme, audits),
            "can_edit": manage and programme.status == P.DRAFT,
            "can_plan": manage and programme.status != P.PROPOSED,
            "can_propose": manage and allowed(programme, P.PROPOSED),
            "can_decide": "approve_documents" in perms and programme.status == P.PROPOSED,
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


@login_required
def programme_decide(request, pk: int):
    programme = get_in_agency_or_404(request, AuditProgramme.objects, pk, "approve_documents")
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = request.POST.get("decision") == "approve"
        try:
            service.programme_decide(
                programme=programme, by=request.user, approve=approve, **form.cleaned_data
            )
        except ValidationError as error:
            refused(request, error)
        else:
            messages.success(
                request, _("Programme approved.") if approve else _("Programme returned.")
            )
    return redirect("audits:programme-detail", programme.pk)


urlpatterns = [
    path("audits/", programme_list, name="programme-list"),
    path("audits/new/", programme_create, name="programme-create"),
    path("audits/<int:pk>/", programme_detail, name="programme-detail"),
    path("audits/<int:pk>/edit/", programme_edit, name="programme-edit"),
    path("audits/<int:pk>/propose/", programme_propose, name="programme-propose"),
    path("audits/<int:pk>/decision/", programme_decide, name="programme-decide"),
]
