"""Cải tiến: the agency's improvement figures on one page (cycle times, overdue actions,
objectives met, risks by level, the last management review)."""

from django.urls import path
from django.utils import timezone

from audits.models import Action, Band, ManagementReview, band_of
from audits.selectors.improvement import cycle_times, objective_years, objectives_of, risk_register
from audits.services.risks import uses_risks
from audits.views.common import REVIEW_READERS, render_page
from audits.views.objectives import evaluate
from audits.views.risks import BAND_CLASSES
from qms.agencies.permissions import agency_permission_required, any_permission


@agency_permission_required("view_qms")
def dashboard(request):
    agency, today = request.agency, timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    objective_year = next((y for y in objective_years(agency) if y <= year), year)
    objectives = [evaluate(o) for o in objectives_of(agency=agency, year=objective_year)]
    bands = dict.fromkeys(Band, 0)
    if uses_risks(agency):
        for level in (
            risk_register(agency=agency).filter(status="open").values_list("level_value", flat=True)
        ):
            bands[band_of(level)] += 1
    return render_page(
        request,
        "audits/dashboard.html",
        {
            "figures": cycle_times(agency=agency, year=year, on=today),
            "year": year,
            "years": list(range(today.year, today.year - 5, -1)),
            "objective_year": objective_year,
            "objectives_met": sum(1 for o in objectives if o.met_now is True),
            "objectives_not_met": sum(1 for o in objectives if o.met_now is False),
            "objectives_unmeasured": sum(1 for o in objectives if o.met_now is None),
            "uses_risks": uses_risks(agency),
            "can_read_reviews": any_permission(request.user, REVIEW_READERS, agency),
            "bands": [(band.label, BAND_CLASSES[band], count) for band, count in bands.items()],
            "open_actions": Action.objects.of_agency(agency).open().count(),
            "last_review": ManagementReview.objects.filter(agency=agency)
            .order_by("-held_on")
            .first(),
        },
        tab="dashboard",
    )


urlpatterns = [path("", dashboard, name="dashboard")]
