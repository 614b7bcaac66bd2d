"""The national roll-up for the Ministry's supervisors, and its .xlsx export. A province's
supervisor holds ``supervise`` but never NATIONAL_SUPERVISION: a 403."""

from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.http import urlencode

from audits.selectors.transition import edition_counts
from qms.agencies.permissions import agency_permission_required
from qms.agencies.roles import NATIONAL_SUPERVISION
from qms.monitoring import exports
from qms.monitoring.forms import NationalForm
from qms.monitoring.selectors.national import (
    agencies_in_scope_nationally,
    national_charts,
    national_coverage,
    provinces_needing_attention,
    sort_provinces,
)
from qms.monitoring.selectors.status import STATUSES
from qms.monitoring.views.common import render_page


def _roll_up(request):
    form = NationalForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    coverage = national_coverage(as_of=chosen.get("as_of") or timezone.localdate())
    rows = sort_provinces(
        coverage.provinces,
        sort=chosen.get("sort") or "name",
        descending=bool(chosen.get("descending")),
    )
    return coverage, rows, form


@agency_permission_required(NATIONAL_SUPERVISION)
def national(request):
    coverage, rows, form = _roll_up(request)
    is_past = coverage.as_of < timezone.localdate()
    editions = edition_counts(
        agencies_in_scope_nationally(as_of=coverage.as_of), as_of=coverage.as_of
    )
    context = {
        "coverage": coverage,
        "rows": rows,
        "form": form,
        "query": request.GET.urlencode(),
        "charts": national_charts(coverage),
        "editions": editions,
        "edition_rows": [(row.province, editions.groups.get(row.province.pk)) for row in rows],
        "statuses": STATUSES,
        # Today only: lateness and falls are about now.
        "attention": [] if is_past else provinces_needing_attention(coverage),
        "is_past": is_past,
        # The drill-down keeps the day; the province's page has its own filters and order.
        "drill_query": urlencode({"as_of": f"{coverage.as_of:%d/%m/%Y}"}) if is_past else "",
    }
    return render_page(request, "monitoring/national.html", context, tab="coverage")


@agency_permission_required(NATIONAL_SUPERVISION)
def national_xlsx(request):
    coverage, rows, _form = _roll_up(request)
    response = HttpResponse(
        exports.national_xlsx(coverage, rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="national-coverage-{coverage.as_of:%Y-%m-%d}.xlsx"'
    )
    return response


urlpatterns = [
    path("national/", national, name="national"),
    path("national/coverage.xlsx", national_xlsx, name="national-xlsx"),
]
