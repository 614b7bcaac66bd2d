"""The supervision's history-tracked objects of one agency, for the agency audit trail: its
announcements, the inspections of it and their findings, its annual reports."""

from django.utils.translation import gettext_lazy as _

from qms.lib.trail import TrailSource, joined
from qms.monitoring.models import Announcement, AnnualReport, Inspection, InspectionFinding


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
    ]
