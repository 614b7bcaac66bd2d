"""The supervisor's coverage dashboard, its exports and the read-only summary of an agency;
the same dashboard of any province for the Ministry (the national roll-up's drill-down)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone

from audits.selectors.transition import editions_on
from qms.agencies.models import Agency
from qms.agencies.permissions import (
    agency_permission_required,
    any_permission,
    supervises_nation,
)
from qms.agencies.roles import NATIONAL_SUPERVISION
from qms.lib.pagination import Paginator
from qms.monitoring import exports
from qms.monitoring.forms import CoverageForm
from qms.monitoring.selectors.agency_figures import agency_summary
from qms.monitoring.selectors.announcements import announcement_list, scope_drift
from qms.monitoring.selectors.charts import coverage_charts
from qms.monitoring.selectors.coverage import (
    AGENCY_COLUMNS,
    column_values,
    filter_rows,
    province_coverage,
)
from qms.monitoring.selectors.status import adoption_status
from qms.monitoring.services.recommendations import may_recommend
from qms.monitoring.views.common import PAGE_SIZE, province_of, render_page


def _coverage(request, province: Agency):
    """The coverage on the chosen day and the filtered rows of its list."""
    areas = list(
        Agency.objects.filter(Q(pk=province.pk) | Q(province=province), children__isnull=False)
        .distinct()
        .values_list("pk", "name")
    )
    form = CoverageForm(request.GET or None, areas=areas)
    filters = form.cleaned_data if form.is_valid() else {}
    as_of = filters.pop("as_of", None) or timezone.localdate()
    coverage = province_coverage(province, as_of=as_of)
    rows = filter_rows(
        coverage.rows, **{key: value for key, value in filters.items() if value not in (None, "")}
    )
    return coverage, rows, form


def _dashboard(request, province: Agency, *, exports_args: list):
    coverage, rows, form = _coverage(request, province)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    prefix = "monitoring:national-province-" if exports_args else "monitoring:coverage-"
    context = {
        "coverage": coverage,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "charts": coverage_charts(coverage),
        "editions": editions_on([row.agency for row in coverage.rows], as_of=coverage.as_of),
        "columns": [column.label for column in AGENCY_COLUMNS],
        "page_rows": [{"row": row, "values": column_values(row)} for row in page],
        "is_past": coverage.as_of < timezone.localdate(),
        "xlsx_url": reverse(prefix + "xlsx", args=exports_args),
        "pdf_url": reverse(prefix + "pdf", args=exports_args),
    }
    return render_page(request, "monitoring/dashboard.html", context, tab="coverage")


def _xlsx(request, province: Agency):
    coverage, rows, _form = _coverage(request, province)
    response = HttpResponse(
        exports.coverage_xlsx(coverage, rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="coverage-{coverage.as_of:%Y-%m-%d}.xlsx"'
    )
    return response


def _pdf(request, province: Agency):
    coverage, rows, _form = _coverage(request, province)
    response = HttpResponse(exports.coverage_pdf(coverage, rows), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="coverage-{coverage.as_of:%Y-%m-%d}.pdf"'
    return response


@agency_permission_required("supervise", NATIONAL_SUPERVISION)
def dashboard(request):
    if supervises_nation(request.user, request.agency):
        # The Ministry has no province of its own: its coverage is the national roll-up.
        return redirect("monitoring:national")
    return _dashboard(request, province_of(request), exports_args=[])


@agency_permission_required("supervise")
def coverage_xlsx(request):
    return _xlsx(request, province_of(request))


@agency_permission_required("supervise")
def coverage_pdf(request):
    return _pdf(request, province_of(request))


def _drilled_province(request, pk: int) -> Agency:
    """The province of agency ``pk`` (itself for a province root), for the Ministry's
    supervisor only: an agency the person cannot see is a 404, anyone else a 403."""
    agency = Agency.objects.select_related("province").filter(pk=pk).first()
    if agency is None or not request.user.has_perm("qms.view_qms", agency):
        raise Http404
    if not supervises_nation(request.user, request.agency):
        raise PermissionDenied
    province = agency.province or agency
    if province.level != Agency.Level.PROVINCE:
        raise Http404
    return province


@login_required
def national_province(request, pk: int):
    """A province's coverage dashboard as the Ministry reads it (the drill-down of the
    national roll-up); the same page, figures and exports as the province's own."""
    province = _drilled_province(request, pk)
    return _dashboard(request, province, exports_args=[province.pk])


@login_required
def national_province_xlsx(request, pk: int):
    return _xlsx(request, _drilled_province(request, pk))


@login_required
def national_province_pdf(request, pk: int):
    return _pdf(request, _drilled_province(request, pk))


@login_required
def agency_detail(request, pk: int):
    """An agency as the supervisor sees it: counts, status, warnings, announcements; never a
    document's content or a restricted document's title."""
    agency = Agency.objects.select_related("parent", "province").filter(pk=pk).first()
    if agency is None or not request.user.has_perm("qms.view_qms", agency):
        raise Http404
    if not (
        any_permission(request.user, ["supervise"], agency)
        or supervises_nation(request.user, request.agency)
    ):
        raise PermissionDenied
    drift = scope_drift(agency)
    context = {
        "subject": agency,
        "status": adoption_status(agency),
        "summary": agency_summary(agency),
        "announcements": announcement_list(agency),
        "drift_added": [doc for doc in drift.added if not doc.restricted],
        "drift_withdrawn": [doc for doc in drift.withdrawn if not doc.restricted],
        "drift_hidden": sum(doc.restricted for doc in drift.added + drift.withdrawn),
        "drifted": drift.drifted,
        "recommendations": agency.recommendations.select_related("created_by")[:20],
        "can_recommend": may_recommend(request.user, agency),
        "edition": editions_on([agency], as_of=timezone.localdate()).rows[0],
    }
    return render_page(request, "monitoring/agency_detail.html", context, tab="coverage")


urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("coverage.xlsx", coverage_xlsx, name="coverage-xlsx"),
    path("coverage.pdf", coverage_pdf, name="coverage-pdf"),
    path("agencies/<int:pk>/", agency_detail, name="agency-detail"),
    path("national/provinces/<int:pk>/", national_province, name="national-province"),
    path(
        "national/provinces/<int:pk>/coverage.xlsx",
        national_province_xlsx,
        name="national-province-xlsx",
    ),
    path(
        "national/provinces/<int:pk>/coverage.pdf",
        national_province_pdf,
        name="national-province-pdf",
    ),
]
