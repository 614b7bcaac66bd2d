"""Annual reports, the supervisor's side: the year's form, who has submitted and who is late,
the consolidated report; and returning a report for correction."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.agencies.permissions import agency_permission_required
from qms.lib.forms import add_service_errors
from qms.lib.pagination import Paginator
from qms.monitoring.forms import ReportFilterForm
from qms.monitoring.inspection_forms import ReturnForm, TemplateForm, fields_to_text
from qms.monitoring.models import AnnualReport, ReportTemplate
from qms.monitoring.report_export import consolidated_pdf, consolidated_xlsx
from qms.monitoring.selectors.inspections import province_of
from qms.monitoring.selectors.reports import (
    agencies_in_state,
    agencies_named,
    default_fields,
    report_rows,
    reporting_agencies,
)
from qms.monitoring.services import reports as service
from qms.monitoring.views.common import PAGE_SIZE
from qms.monitoring.views.inspection_common import get_report_or_404

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year


def _template(request) -> ReportTemplate | None:
    province = province_of(request.agency)
    return ReportTemplate.objects.filter(province=province, year=_year(request)).first()


@agency_permission_required("supervise")
def report_overview(request):
    """The year's form and deadline, and each agency's report: submitted, late, or not yet."""
    year = _year(request)
    template = _template(request)
    province = province_of(request.agency)
    years = ReportTemplate.objects.filter(province=province).values_list("year", flat=True)
    form = ReportFilterForm(request.GET)
    agencies = _filtered(reporting_agencies(province), form, template)
    page = Paginator(agencies, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "monitoring/report_overview.html",
        {
            "year": year,
            "years": sorted({*years, timezone.localdate().year}, reverse=True),
            "template": template,
            "form": form,
            "filtered": any(form.cleaned_data.values()),
            "agency_count": reporting_agencies(province).count(),
            "page": page,
            "query": query.urlencode(),
            "rows": report_rows(template, agencies=page.object_list) if template else [],
            "submitted_count": template.reports.filter(status=AnnualReport.Status.SUBMITTED).count()
            if template
            else 0,
        },
    )


def _filtered(agencies, form: ReportFilterForm, template: ReportTemplate | None):
    """``agencies`` narrowed by the valid filters of ``form`` (an invalid one is ignored)."""
    form.is_valid()
    data = form.cleaned_data
    if data.get("q"):
        agencies = agencies_named(agencies, data["q"])
    if data.get("level"):
        agencies = agencies.filter(level=data["level"])
    if data.get("state") and template is not None:
        agencies = agencies_in_state(agencies, template, data["state"])
    return agencies


@agency_permission_required("supervise")
def template_edit(request):
    year = _year(request)
    template = _template(request)
    initial = {
        "title": template.title
        if template
        else _("Report on the QMS in %(year)s") % {"year": year},
        "deadline": template.deadline if template else None,
        "fields_text": fields_to_text(template.fields if template else default_fields()),
    }
    form = TemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service.template_save(
                province=province_of(request.agency),
                by=request.user,
                year=year,
                title=data["title"],
                deadline=data["deadline"],
                fields=data["fields_text"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Report form saved."))
            return redirect(reverse("monitoring:report-overview") + f"?year={year}")
    return render(request, "monitoring/report_template_form.html", {"form": form, "year": year})


def _export(request, render_file, content_type: str, extension: str):
    template = _template(request)
    if template is None:
        raise Http404
    response = HttpResponse(render_file(template), content_type=content_type)
    disposition = "inline" if extension == "pdf" else "attachment"
    response["Content-Disposition"] = (
        f'{disposition}; filename="bao-cao-iso-{template.year}.{extension}"'
    )
    return response


@agency_permission_required("supervise")
def report_consolidated_pdf(request):
    return _export(request, consolidated_pdf, "application/pdf", "pdf")


@agency_permission_required("supervise")
def report_consolidated_xlsx(request):
    return _export(request, consolidated_xlsx, XLSX, "xlsx")


@login_required
def report_return(request, pk: int):
    report = get_report_or_404(request, pk, "supervise")
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.report_return(report=report, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Report returned to the agency for correction."))
            return redirect("monitoring:report-detail", report.pk)
    return render(request, "monitoring/report_return.html", {"report": report, "form": form})


urlpatterns = [
    path("annual-reports/", report_overview, name="report-overview"),
    path("annual-reports/form/", template_edit, name="report-template-edit"),
    path(
        "annual-reports/consolidated.pdf", report_consolidated_pdf, name="report-consolidated-pdf"
    ),
    path(
        "annual-reports/consolidated.xlsx",
        report_consolidated_xlsx,
        name="report-consolidated-xlsx",
    ),
    path("reports/<int:pk>/return/", report_return, name="report-return"),
]
