"""The history pages (and CSV exports) of the supervision's objects: announcements, inspection
plans, each agency's inspection, annual reports.

Each object reads as its own page does: a plan only by the supervisors of its province, an
agency's inspection by the agency once the plan is under way, another agency's object is a 404.
"""

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils.translation import gettext as _

from qms.lib.history_views import history_csv, history_page, history_routes
from qms.monitoring.models import Announcement
from qms.monitoring.trail import (
    announcement_history,
    inspection_history,
    plan_history,
    report_history,
)
from qms.monitoring.views.common import get_in_agency_or_404
from qms.monitoring.views.inspection_common import (
    get_inspection_or_404,
    get_plan_or_404,
    get_report_or_404,
)


def _announcement(request, pk: int):
    announcement = get_in_agency_or_404(request, Announcement.objects.all(), pk)
    return announcement, announcement.decision_number


def _plan(request, pk: int):
    plan = get_plan_or_404(request, pk)
    return plan, plan.title


def _inspection(request, pk: int):
    inspection = get_inspection_or_404(request, pk)
    name = _("%(plan)s · %(agency)s") % {
        "plan": inspection.plan.title,
        "agency": inspection.agency.name,
    }
    return inspection, name


def _report(request, pk: int):
    report = get_report_or_404(request, pk)
    name = _("%(plan)s · %(agency)s") % {
        "plan": report.template.title,
        "agency": report.agency.name,
    }
    return report, name


# kind → (resolver, sources, detail URL name)
KINDS = {
    "announcement": (_announcement, announcement_history, "monitoring:announcement-detail"),
    "inspection-plan": (_plan, plan_history, "monitoring:inspection-plan-detail"),
    "inspection": (_inspection, inspection_history, "monitoring:inspection-detail"),
    "report": (_report, report_history, "monitoring:report-detail"),
}


@login_required
def object_history(request, pk: int, kind: str):
    resolve, sources, detail = KINDS[kind]
    obj, name = resolve(request, pk)
    return history_page(
        request,
        sources=sources(obj),
        name=name,
        back_url=reverse(detail, args=[obj.pk]),
        csv_url=reverse(f"monitoring:{kind}-history-csv", args=[obj.pk]),
    )


@login_required
def object_history_csv(request, pk: int, kind: str):
    resolve, sources, _detail = KINDS[kind]
    obj, name = resolve(request, pk)
    return history_csv(sources=sources(obj), name=name)


urlpatterns = [
    *history_routes("announcements", "announcement", object_history, object_history_csv),
    *history_routes("inspections", "inspection-plan", object_history, object_history_csv),
    *history_routes("inspected", "inspection", object_history, object_history_csv),
    *history_routes("reports", "report", object_history, object_history_csv),
]
