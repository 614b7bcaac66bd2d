"""An agency's inspection: its page (read-only for the agency), the team's checklist and
findings, the agency's list of its results, and the plan's consolidated report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _

from qms.agencies.permissions import agency_permission_required
from qms.lib.forms import add_service_errors
from qms.lib.pdf import html_to_pdf
from qms.monitoring.inspection_forms import ChecklistForm, FindingForm
from qms.monitoring.models import InspectionPlan
from qms.monitoring.selectors import agency_figures
from qms.monitoring.selectors.inspections import inspection_results_for, plan_report, result_tally
from qms.monitoring.services import inspections as service
from qms.monitoring.views.inspection_common import get_inspection_or_404, get_plan_or_404
from qms.monitoring.workflow import inspection_allowed_actions


@login_required
def inspection_detail(request, pk: int):
    inspection = get_inspection_or_404(request, pk)
    plan = inspection.plan
    supervisor = request.user.has_perm("qms.supervise", inspection.agency)
    return render(
        request,
        "monitoring/inspection_detail.html",
        {
            "inspection": inspection,
            "plan": plan,
            "checks": inspection.checks.all(),
            "findings": inspection.findings.select_related("nonconformity", "recorded_by"),
            "allowed": inspection_allowed_actions(inspection, request.user),
            "supervisor": supervisor,
            "figures": agency_figures.snapshot(inspection.agency, on=plan.ends_on)
            if supervisor
            else None,
        },
    )


@login_required
def inspection_checklist(request, pk: int):
    inspection = get_inspection_or_404(request, pk, supervise=True, team=True)
    form = ChecklistForm(
        request.POST or None,
        checks=list(inspection.checks.all()),
        initial={
            "inspected_on": inspection.inspected_on,
            "recommendations": inspection.recommendations,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            service.inspection_record(
                inspection=inspection,
                by=request.user,
                inspected_on=form.cleaned_data["inspected_on"],
                recommendations=form.cleaned_data["recommendations"],
                results=form.results(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Inspection recorded."))
            return redirect("monitoring:inspection-detail", inspection.pk)
    return render(
        request,
        "monitoring/inspection_checklist.html",
        {"inspection": inspection, "form": form},
    )


@login_required
def inspection_finding_create(request, pk: int):
    inspection = get_inspection_or_404(request, pk, supervise=True, team=True)
    form = FindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            finding = service.finding_add(
                inspection=inspection, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if finding.nonconformity:
                messages.success(
                    request,
                    _("Finding recorded; nonconformity %(code)s registered at the agency.")
                    % {"code": finding.nonconformity.code},
                )
            else:
                messages.success(request, _("Finding recorded."))
            return redirect("monitoring:inspection-detail", inspection.pk)
    return render(
        request, "monitoring/inspection_finding_form.html", {"inspection": inspection, "form": form}
    )


@agency_permission_required("view_qms")
def inspection_results(request):
    """The current agency's inspections by the Sở KH&CN, read-only."""
    return render(
        request,
        "monitoring/inspection_results.html",
        {"inspections": inspection_results_for(request.agency)},
    )


def _report_context(plan: InspectionPlan) -> dict:
    inspections = plan_report(plan)
    return {
        "plan": plan,
        "team": list(plan.team.all()),
        "inspections": inspections,
        "tally": result_tally(inspections),
        "finding_count": sum(len(i.findings.all()) for i in inspections),
    }


@login_required
def plan_report_page(request, pk: int):
    plan = get_plan_or_404(request, pk)
    return render(request, "monitoring/inspection_report.html", _report_context(plan))


@login_required
def plan_report_pdf(request, pk: int):
    plan = get_plan_or_404(request, pk)
    # Official papers are Vietnamese whatever language the reader picked on screen.
    with translation.override("vi"):
        html = render_to_string("pdf/inspection_report.html", _report_context(plan))
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="kiem-tra-{plan.year}-{plan.pk}.pdf"'
    return response


urlpatterns = [
    path("inspected/<int:pk>/", inspection_detail, name="inspection-detail"),
    path("inspected/<int:pk>/checklist/", inspection_checklist, name="inspection-checklist"),
    path(
        "inspected/<int:pk>/findings/new/",
        inspection_finding_create,
        name="inspection-finding-create",
    ),
    path("inspection-results/", inspection_results, name="inspection-results"),
    path("inspections/<int:pk>/report/", plan_report_page, name="inspection-plan-report"),
    path("inspections/<int:pk>/report.pdf", plan_report_pdf, name="inspection-plan-pdf"),
]
