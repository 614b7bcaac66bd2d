"""Reads of the inspections; each list is a fixed number of queries."""

from collections import Counter

from django.db.models import Count, Prefetch, Q

from qms.agencies.models import Agency
from qms.monitoring.models import Inspection, InspectionCheck, InspectionFinding, InspectionPlan

P = InspectionPlan.Status

# From this status on, the inspected agency reads its own results.
VISIBLE_TO_AGENCY = (P.IN_PROGRESS, P.CONCLUDED)


def province_of(agency: Agency) -> Agency:
    """The province root of ``agency`` (itself when it is the root)."""
    return agency if agency.province_id is None else Agency.objects.get(pk=agency.province_id)


def plans_of(province: Agency):
    return InspectionPlan.objects.filter(province=province).annotate(
        agency_count=Count("inspections", distinct=True)
    )


def inspections_of(plan: InspectionPlan):
    """The plan's inspections with their agency, checklist tallies and finding counts."""
    results = InspectionCheck.Result
    return (
        plan.inspections.select_related("agency")
        .annotate(
            finding_count=Count("findings", distinct=True),
            pending_count=Count("checks", filter=Q(checks__result=results.PENDING), distinct=True),
            not_met_count=Count("checks", filter=Q(checks__result=results.NOT_MET), distinct=True),
        )
        .order_by("agency__name")
    )


def inspection_results_for(agency: Agency):
    """The inspections of ``agency`` it may read: those of plans in progress or concluded."""
    return (
        Inspection.objects.filter(agency=agency, plan__status__in=VISIBLE_TO_AGENCY)
        .select_related("plan")
        .annotate(finding_count=Count("findings"))
        .order_by("-plan__year", "-pk")
    )


def plan_report(plan: InspectionPlan) -> list[Inspection]:
    """Every inspection of the plan with its checklist and findings (for the consolidated
    report), in four queries."""
    findings = InspectionFinding.objects.select_related("nonconformity")
    return list(
        plan.inspections.select_related("agency")
        .prefetch_related("checks", Prefetch("findings", queryset=findings))
        .order_by("agency__name")
    )


def result_tally(inspections: list[Inspection]) -> list[dict]:
    """How many checklist lines ended in each result, over the whole plan."""
    counts = Counter(
        check.result for inspection in inspections for check in inspection.checks.all()
    )
    return [
        {"label": label, "count": counts.get(value, 0)}
        for value, label in InspectionCheck.Result.choices
    ]
