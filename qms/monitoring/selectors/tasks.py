"""What waits for a person in the supervision, for "Việc của tôi": one function per group."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.agencies.models import Agency, User
from qms.agencies.permissions import agency_permissions
from qms.lib.tasks import TaskGroup, TaskItem
from qms.monitoring.models import AnnualReport, InspectionPlan
from qms.monitoring.selectors.reports import templates_for_agency


def tasks_for_user(*, user: User, agency: Agency) -> list[TaskGroup]:
    """An agency's ISO secretary: the reports to submit; a supervisor: inspections in progress."""
    perms = agency_permissions(user, agency)
    groups = []
    if "manage_documents" in perms and agency.province_id is not None:
        groups.append(_reports_to_submit(agency=agency))
    if "supervise" in perms:
        groups.append(_inspections_in_progress(agency=agency))
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


def _inspections_in_progress(*, agency: Agency) -> TaskGroup:
    running = TaskGroup(_("Inspections in progress"))
    for plan in InspectionPlan.objects.filter(
        province_id=agency.province_root_id, status=InspectionPlan.Status.IN_PROGRESS
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
