"""Annual reports, the agency's side: its reports, preparing one, filling it in, submitting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qms.agencies.permissions import agency_permission_required
from qms.lib.forms import add_service_errors
from qms.monitoring.inspection_forms import ReportForm
from qms.monitoring.models import AnnualReport, ReportTemplate
from qms.monitoring.selectors.reports import report_fields, templates_for_agency
from qms.monitoring.services import reports as service
from qms.monitoring.views.inspection_common import get_report_or_404
from qms.monitoring.workflow import (
    check_report_edit,
    missing_report_fields,
    report_allowed_actions,
)


@agency_permission_required("manage_documents")
def my_reports(request):
    return render(
        request,
        "monitoring/my_reports.html",
        {"entries": templates_for_agency(request.agency)},
    )


@require_POST
@agency_permission_required("manage_documents")
def report_start(request):
    agency = request.agency
    template = ReportTemplate.objects.filter(
        pk=request.POST.get("template") or 0, province_id=agency.province_root_id
    ).first()
    if template is None:
        raise Http404
    report = service.report_start(template=template, agency=agency, by=request.user)
    messages.success(request, _("Report prepared from the agency's data; check and complete it."))
    return redirect("monitoring:report-edit", report.pk)


@login_required
def report_detail(request, pk: int):
    report = get_report_or_404(request, pk)
    service.report_mark_read(report=report, by=request.user)
    allowed = report_allowed_actions(report, request.user)
    return render(
        request,
        "monitoring/report_detail.html",
        {
            "report": report,
            "fields": report_fields(report),
            "allowed": allowed,
            "returned": report.status == AnnualReport.Status.RETURNED,
            # The secretary may edit but not yet submit: say which fields are still empty.
            "missing": missing_report_fields(report)
            if "edit" in allowed and "submit" not in allowed
            else [],
        },
    )


@login_required
def report_edit(request, pk: int):
    report = get_report_or_404(request, pk, "manage_documents")
    try:
        check_report_edit(report, request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("monitoring:report-detail", report.pk)
    initial = {field["key"]: field["value"] for field in report_fields(report)}
    form = ReportForm(request.POST or None, template=report.template, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service.report_save(report=report, by=request.user, values=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Report saved."))
            return redirect("monitoring:report-detail", report.pk)
    return render(request, "monitoring/report_form.html", {"report": report, "form": form})


@require_POST
@login_required
def report_submit(request, pk: int):
    report = get_report_or_404(request, pk, "manage_documents")
    try:
        service.report_submit(report=report, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Report submitted to the Department of Science and Technology.")
        )
    return redirect("monitoring:report-detail", report.pk)


urlpatterns = [
    path("annual-report/", my_reports, name="my-reports"),
    path("annual-report/start/", report_start, name="report-start"),
    path("reports/<int:pk>/", report_detail, name="report-detail"),
    path("reports/<int:pk>/edit/", report_edit, name="report-edit"),
    path("reports/<int:pk>/submit/", report_submit, name="report-submit"),
]
