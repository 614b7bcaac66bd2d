"""Resolving the supervision's objects with the province's isolation.

A plan belongs to a province: its supervisors open it; a member of an agency it inspects gets a
403 (the plan concerns it, but is not its to read); anyone else, a 404. An inspection and an
annual report belong to their agency: another agency's is a 404.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from qms.agencies.permissions import any_permission
from qms.monitoring.models import AnnualReport, Inspection, InspectionPlan
from qms.monitoring.selectors.inspections import VISIBLE_TO_AGENCY


def get_plan_or_404(request, pk: int) -> InspectionPlan:
    plan = InspectionPlan.objects.select_related("province", "created_by").filter(pk=pk).first()
    if plan is None:
        raise Http404
    if request.user.has_perm("qms.supervise", plan.province):
        return plan
    mine = {agency.pk for agency in request.user_agencies}
    if plan.inspections.filter(agency_id__in=mine).exists():
        raise PermissionDenied
    raise Http404


def get_inspection_or_404(
    request, pk: int, *, supervise: bool = False, team: bool = False
) -> Inspection:
    """An inspection its agency reads once the plan is under way; its supervisors always; with
    ``team``, only the plan's team (others get a 403)."""
    inspection = (
        Inspection.objects.select_related("plan", "plan__province", "agency").filter(pk=pk).first()
    )
    if inspection is None or not request.user.has_perm("qms.view_qms", inspection.agency):
        raise Http404
    supervisor = request.user.has_perm("qms.supervise", inspection.agency)
    if (supervise or inspection.plan.status not in VISIBLE_TO_AGENCY) and not supervisor:
        raise PermissionDenied
    if team and not inspection.plan.team.filter(pk=request.user.pk).exists():
        raise PermissionDenied
    return inspection


def get_report_or_404(request, pk: int, *codenames: str) -> AnnualReport:
    report = AnnualReport.objects.select_related("template", "agency").filter(pk=pk).first()
    if report is None or not request.user.has_perm("qms.view_qms", report.agency):
        raise Http404
    if codenames and not any_permission(request.user, codenames, report.agency):
        raise PermissionDenied
    return report
