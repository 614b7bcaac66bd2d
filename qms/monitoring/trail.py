"""The supervision's history-tracked objects of one agency, for the agency audit trail: its
announcements, the inspections of it and their findings, its annual reports; and those of one
object with its children, for the object's history page."""

from django.utils.translation import gettext_lazy as _

from qms.lib.trail import TrailSource, joined
from qms.monitoring.models import (
    Announcement,
    AnnualReport,
    Inspection,
    InspectionCheck,
    InspectionFinding,
    InspectionPlan,
    Recommendation,
)


def trail_sources(agency) -> list[TrailSource]:
    own = {"agency_id": agency.pk}
    return [
        TrailSource(
            "announcement",
            _("Announcement"),
            Announcement.history.filter(**own),
            joined("decision_number"),
        ),
        TrailSource(
            "inspection", _("Inspection"), Inspection.history.filter(**own), joined("plan__title")
        ),
        TrailSource(
            "inspection_finding",
            _("Inspection finding"),
            InspectionFinding.history.filter(inspection__agency_id=agency.pk),
            joined("inspection__plan__title"),
        ),
        TrailSource(
            "annual_report",
            _("Annual report"),
            AnnualReport.history.filter(**own),
            joined("template__title"),
        ),
        TrailSource(
            "recommendation",
            _("Recommendation of the Department of Science and Technology"),
            Recommendation.history.filter(**own),
            joined("province__name"),
        ),
    ]


def announcement_history(announcement: Announcement) -> list[TrailSource]:
    return [
        TrailSource(
            "announcement",
            _("Announcement"),
            Announcement.history.filter(id=announcement.pk),
            joined("decision_number"),
        )
    ]


def _inspection_parts(inspections: dict, checks: dict, title: str) -> list[TrailSource]:
    return [
        TrailSource(
            "inspection", _("Inspection"), Inspection.history.filter(**inspections), joined(title)
        ),
        TrailSource(
            "inspection_check",
            _("Inspection check"),
            InspectionCheck.history.filter(**checks),
            joined("position", "text"),
        ),
        TrailSource(
            "inspection_finding",
            _("Inspection finding"),
            InspectionFinding.history.filter(**checks),
            joined("description"),
        ),
    ]


def plan_history(plan: InspectionPlan) -> list[TrailSource]:
    """The plan, and each agency's inspection under it with its checks and findings: for the
    supervisors, who read every agency of the plan."""
    return [
        TrailSource(
            "inspection_plan",
            _("Inspection plan"),
            InspectionPlan.history.filter(id=plan.pk),
            joined("title"),
        ),
        *_inspection_parts({"plan_id": plan.pk}, {"inspection__plan_id": plan.pk}, "agency__name"),
    ]


def inspection_history(inspection: Inspection) -> list[TrailSource]:
    """One agency's inspection with its checks and findings."""
    return _inspection_parts({"id": inspection.pk}, {"inspection_id": inspection.pk}, "plan__title")


def report_history(report: AnnualReport) -> list[TrailSource]:
    return [
        TrailSource(
            "annual_report",
            _("Annual report"),
            AnnualReport.history.filter(id=report.pk),
            joined("template__title"),
        )
    ]
