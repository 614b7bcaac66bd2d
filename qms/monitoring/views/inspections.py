"""The inspection plans of the province: list, drafting, the plan's page and its steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qms.agencies.models import Agency
from qms.agencies.permissions import agency_permission_required
from qms.lib.forms import add_service_errors
from qms.monitoring.inspection_forms import ConcludeForm, PlanEditForm, PlanForm
from qms.monitoring.models import InspectionPlan
from qms.monitoring.selectors.inspections import inspections_of, plans_of, province_of
from qms.monitoring.services import inspections as service
from qms.monitoring.services.plan_changes import plan_update
from qms.monitoring.views.inspection_common import get_plan_or_404
from qms.monitoring.workflow import check_plan_edit, plan_allowed_actions

P = InspectionPlan.Status


@agency_permission_required("supervise")
def plan_list(request):
    return render(
        request,
        "monitoring/inspection_plan_list.html",
        {"plans": plans_of(province_of(request.agency))},
    )


@agency_permission_required("supervise")
def plan_create(request):
    province = province_of(request.agency)
    year = timezone.localdate().year
    form = PlanForm(request.POST or None, province=province, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        try:
            plan = service.plan_create(province=province, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Inspection plan drafted."))
            return redirect("monitoring:inspection-plan-detail", plan.pk)
    return render(request, "monitoring/inspection_plan_form.html", {"form": form})


@login_required
def plan_edit(request, pk: int):
    plan = get_plan_or_404(request, pk)
    try:
        check_plan_edit(plan, request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("monitoring:inspection-plan-detail", plan.pk)
    initial = {
        "year": plan.year,
        "title": plan.title,
        "decision_number": plan.decision_number,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "team": list(plan.team.all()),
        "agencies": list(Agency.objects.filter(inspections__plan=plan)),
    }
    form = PlanEditForm(request.POST or None, province=plan.province, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan_update(plan=plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Inspection plan changed."))
            return redirect("monitoring:inspection-plan-detail", plan.pk)
    return render(request, "monitoring/inspection_plan_edit.html", {"form": form, "plan": plan})


@login_required
def plan_detail(request, pk: int):
    plan = get_plan_or_404(request, pk)
    team = list(plan.team.all())
    allowed = plan_allowed_actions(plan, request.user)
    return render(
        request,
        "monitoring/inspection_plan_detail.html",
        {
            "plan": plan,
            "team": team,
            "inspections": inspections_of(plan),
            "allowed": allowed,
            # In progress, but a line still waits for its result: say why it cannot end yet.
            "conclude_waits": plan.status == P.IN_PROGRESS and "conclude" not in allowed,
            "conclude_form": ConcludeForm(),
        },
    )


def _step(request, plan: InspectionPlan, step, done: str, **extra):
    try:
        step(plan=plan, by=request.user, **extra)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("monitoring:inspection-plan-detail", plan.pk)


@require_POST
@login_required
def plan_approve(request, pk: int):
    plan = get_plan_or_404(request, pk)
    return _step(request, plan, service.plan_approve, _("Inspection plan approved."))


@require_POST
@login_required
def plan_start(request, pk: int):
    plan = get_plan_or_404(request, pk)
    return _step(request, plan, service.plan_start, _("Inspections started."))


@require_POST
@login_required
def plan_conclude(request, pk: int):
    plan = get_plan_or_404(request, pk)
    form = ConcludeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the general conclusion (at most 5000 characters)."))
        return redirect("monitoring:inspection-plan-detail", plan.pk)
    return _step(
        request, plan, service.plan_conclude, _("Inspection plan concluded."), **form.cleaned_data
    )


urlpatterns = [
    path("inspections/", plan_list, name="inspection-plan-list"),
    path("inspections/new/", plan_create, name="inspection-plan-create"),
    path("inspections/<int:pk>/", plan_detail, name="inspection-plan-detail"),
    path("inspections/<int:pk>/edit/", plan_edit, name="inspection-plan-edit"),
    path("inspections/<int:pk>/approve/", plan_approve, name="inspection-plan-approve"),
    path("inspections/<int:pk>/start/", plan_start, name="inspection-plan-start"),
    path("inspections/<int:pk>/conclude/", plan_conclude, name="inspection-plan-conclude"),
]
