"""What waits for a person in the supervision, for "Việc của tôi": one function per group.

An agency's ISO secretary sees the annual reports to submit. A supervisor of the province
(Sở KH&CN) sees what the Sở must act on: reports overdue and reports submitted but not yet
read, the year's inspection plan (missing, or waiting for approval) and inspections under
way, agencies whose status fell in the last 30 days, agencies whose procedures changed since
their announcement, and agencies that missed the legal-update deadline. Each group is a
fixed number of queries, whatever the province's size.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.agencies.models import Agency, User
from qms.agencies.permissions import agency_permissions
from qms.lib.tasks import TaskGroup, TaskItem
from qms.monitoring.models import AnnualReport, InspectionPlan, ReportTemplate
from qms.monitoring.selectors.announcements import drifted_agencies
from qms.monitoring.selectors.reports import ReportState, report_rows, templates_for_agency
from qms.monitoring.selectors.status import (
    STATUS_RANK,
    WarningKind,
    adoption_statuses,
    agencies_in_scope,
)

# How far back "Việc của tôi" looks for an agency whose status fell.
FELL_WITHIN_DAYS = 30


def tasks_for_user(*, user: User, agency: Agency) -> list[TaskGroup]:
    perms = agency_permissions(user, agency)
    groups = []
    if "manage_documents" in perms and agency.province_id is not None:
        groups.append(_reports_to_submit(agency=agency))
    if "supervise" in perms and agency.level != Agency.Level.MINISTRY:
        province = agency if agency.province_id is None else agency.province
        groups += [
            _reports_overdue(province=province),
            _reports_to_read(province=province),
            _inspection_plan(province=province),
            _inspections_in_progress(province=province),
            *_agencies_to_watch(province=province),
        ]
    return groups


def _reports_to_submit(*, agency: Agency) -> TaskGroup:
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
    return open_reports


def _latest_due_template(province: Agency) -> ReportTemplate | None:
    """The form whose deadline passed last: the reports the Sở is waiting for now."""
    today = timezone.localdate()
    return (
        ReportTemplate.objects.filter(province=province, deadline__lt=today)
        .order_by("-deadline")
        .first()
    )


def _reports_overdue(*, province: Agency) -> TaskGroup:
    """Each agency whose report of the last form due is overdue, not submitted."""
    group = TaskGroup(_("Annual reports overdue, not submitted"))
    template = _latest_due_template(province)
    if template is None:
        return group
    url = reverse("monitoring:report-overview") + f"?year={template.year}"
    for row in report_rows(template):
        if row.state == ReportState.OVERDUE:
            group.items.append(
                TaskItem(
                    title=row.agency.name,
                    url=url,
                    detail=template.title,
                    due=template.deadline,
                    overdue=True,
                )
            )
    return group


def _reports_to_read(*, province: Agency) -> TaskGroup:
    """Reports submitted and not yet opened by a supervisor."""
    unread = (
        AnnualReport.objects.filter(
            template__province=province,
            status=AnnualReport.Status.SUBMITTED,
            read_at__isnull=True,
        )
        .select_related("agency", "template")
        .order_by("submitted_at")
    )
    return TaskGroup(
        _("Annual reports submitted, not yet read"),
        [
            TaskItem(
                title=report.agency.name,
                url=reverse("monitoring:report-detail", args=[report.pk]),
                detail=report.template.title,
            )
            for report in unread
        ],
    )


def _inspection_plan(*, province: Agency) -> TaskGroup:
    """The year's inspection plan when there is none yet, and plans waiting for approval."""
    year = timezone.localdate().year
    group = TaskGroup(_("Inspection plan"))
    plans = list(
        InspectionPlan.objects.filter(province=province, year__gte=year).order_by("year", "pk")
    )
    if not any(plan.year == year for plan in plans):
        group.items.append(
            TaskItem(
                title=_("No inspection plan for %(year)s yet") % {"year": year},
                url=reverse("monitoring:inspection-plan-create"),
                detail=_("Draft the year's plan of inspections."),
            )
        )
    for plan in plans:
        if plan.status == InspectionPlan.Status.PLANNED:
            group.items.append(
                TaskItem(
                    title=plan.title,
                    url=reverse("monitoring:inspection-plan-detail", args=[plan.pk]),
                    detail=_("Waiting for approval"),
                    due=plan.starts_on,
                    overdue=plan.starts_on < timezone.localdate(),
                )
            )
    return group


def _inspections_in_progress(*, province: Agency) -> TaskGroup:
    running = TaskGroup(_("Inspections in progress"))
    for plan in InspectionPlan.objects.filter(
        province=province, status=InspectionPlan.Status.IN_PROGRESS
    ):
        running.items.append(
            TaskItem(
                title=plan.title,
                url=reverse("monitoring:inspection-plan-detail", args=[plan.pk]),
                due=plan.ends_on,
                overdue=plan.ends_on < timezone.localdate(),
            )
        )
    return running


def _agencies_to_watch(*, province: Agency) -> list[TaskGroup]:
    """Agencies whose derived status is lower today than FELL_WITHIN_DAYS ago, those whose
    procedures drifted from their announced scope, and those that left a replaced law
    uncorrected past the legal-update deadline: five queries."""
    today = timezone.localdate()
    before = today - timedelta(days=FELL_WITHIN_DAYS)
    now = adoption_statuses(agencies_in_scope(province, as_of=today), as_of=today)
    then = {
        row.agency.pk: row
        for row in adoption_statuses(agencies_in_scope(province, as_of=before), as_of=before)
    }
    fell = TaskGroup(_("Agencies whose status fell in the last 30 days"))
    stale = TaskGroup(_("Legal-update deadline missed"))
    drifted = drifted_agencies(province)
    reannounce = TaskGroup(_("Agencies to re-announce: their procedures changed"))
    for row in sorted(now, key=lambda row: row.agency.name):
        url = reverse("monitoring:agency-detail", args=[row.agency.pk])
        earlier = then.get(row.agency.pk)
        if earlier is not None and STATUS_RANK[row.status] < STATUS_RANK[earlier.status]:
            fell.items.append(
                TaskItem(
                    title=row.agency.name,
                    url=url,
                    detail=_("%(before)s → %(now)s")
                    % {"before": earlier.status_label, "now": row.status_label},
                )
            )
        if row.agency.pk in drifted:
            reannounce.items.append(
                TaskItem(
                    title=row.agency.name,
                    url=url,
                    detail=_("Procedures made effective or withdrawn since the announcement"),
                )
            )
        if WarningKind.LAW_NOT_UPDATED in row.warnings:
            stale.items.append(
                TaskItem(
                    title=row.agency.name,
                    url=url,
                    detail=_("A cited law was replaced and not updated"),
                    overdue=True,
                )
            )
    return [fell, reannounce, stale]
