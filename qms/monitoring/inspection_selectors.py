"""Reads of the inspections and annual reports; each list is a fixed number of queries."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.agencies.models import Agency, User
from qms.lib.tasks import TaskGroup, TaskItem
from qms.monitoring.models import (
    AnnualReport,
    Inspection,
    InspectionCheck,
    InspectionFinding,
    InspectionPlan,
    ReportTemplate,
)

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


def reporting_agencies(province: Agency):
    """The agencies that report to the province: its active agencies below the root."""
    return Agency.objects.active().filter(province=province).order_by("name")


@dataclass
class ReportRow:
    agency: Agency
    report: AnnualReport | None
    status_label: str
    submitted: bool
    late: bool


def report_rows(
    template: ReportTemplate, *, on: date | None = None, agencies=None
) -> list[ReportRow]:
    """One row per reporting agency (or per agency of ``agencies``, a page of them): its
    report, whether it was submitted and whether it is late (not submitted by the deadline, or
    submitted after it). Two queries."""
    on = on or timezone.localdate()
    if agencies is None:
        agencies = reporting_agencies(template.province)
        reports = template.reports.all()
    else:
        agencies = list(agencies)
        reports = template.reports.filter(agency_id__in=[agency.pk for agency in agencies])
    reports = {report.agency_id: report for report in reports.select_related("submitted_by")}
    rows = []
    for agency in agencies:
        report = reports.get(agency.pk)
        submitted = report is not None and report.status == AnnualReport.Status.SUBMITTED
        if submitted:
            late = timezone.localdate(report.submitted_at) > template.deadline
        else:
            late = on > template.deadline
        label = report.get_status_display() if report else _("Not started")
        rows.append(ReportRow(agency, report, str(label), submitted, late))
    return rows


def templates_for_agency(agency: Agency) -> list[dict]:
    """The report forms of the agency's province, newest first, each with the agency's report."""
    province_id = agency.province_id or agency.pk
    templates = list(ReportTemplate.objects.filter(province_id=province_id))
    reports = {r.template_id: r for r in AnnualReport.objects.filter(agency=agency)}
    return [{"template": t, "report": reports.get(t.pk)} for t in templates]


def report_fields(report: AnnualReport) -> list[dict]:
    """The report's fields in the template's order with their values (dates as dates)."""
    rows = []
    for field in report.template.fields:
        value = report.values.get(field["key"])
        if value and field["type"] == ReportTemplate.FieldType.DATE:
            value = date.fromisoformat(value)
        rows.append({**field, "value": value})
    return rows


def tasks_for_user(*, user: User, agency: Agency) -> list[TaskGroup]:
    """An agency's ISO secretary: the reports to submit; a supervisor: inspections in progress."""
    from django.urls import reverse

    from qms.agencies.permissions import agency_permissions

    perms = agency_permissions(user, agency)
    groups = []
    if "manage_documents" in perms and agency.province_id is not None:
        open_reports = TaskGroup(_("Annual report to submit"))
        for entry in templates_for_agency(agency):
            template, report = entry["template"], entry["report"]
            if report is not None and report.status == AnnualReport.Status.SUBMITTED:
                continue
            open_reports.items.append(
                TaskItem(
                    title=template.title,
                    url=reverse("monitoring:my-reports"),
                    detail=str(report.get_status_display()) if report else _("Not started"),
                    due=template.deadline,
                    overdue=template.deadline < timezone.localdate(),
                )
            )
        groups.append(open_reports)
    if "supervise" in perms:
        running = TaskGroup(_("Inspections in progress"))
        for plan in InspectionPlan.objects.filter(
            province_id=agency.province_root_id, status=P.IN_PROGRESS
        ):
            running.items.append(
                TaskItem(
                    title=plan.title,
                    url=reverse("monitoring:inspection-plan-detail", args=[plan.pk]),
                    due=plan.ends_on,
                    overdue=plan.ends_on < timezone.localdate(),
                )
            )
        groups.append(running)
    return groups
