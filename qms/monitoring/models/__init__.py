"""Models of the supervision; each module owns one part of it."""

from qms.monitoring.models.announcements import Announcement
from qms.monitoring.models.framework import FrameworkProcedure
from qms.monitoring.models.inspections import (
    Inspection,
    InspectionCheck,
    InspectionFinding,
    InspectionPlan,
)
from qms.monitoring.models.recommendations import Recommendation
from qms.monitoring.models.reminders import MonitoringReminder
from qms.monitoring.models.reports import AnnualReport, ReportReminder, ReportTemplate
from qms.monitoring.models.status import StatusFigures

__all__ = [
    "Announcement",
    "AnnualReport",
    "FrameworkProcedure",
    "Inspection",
    "InspectionCheck",
    "InspectionFinding",
    "InspectionPlan",
    "MonitoringReminder",
    "Recommendation",
    "ReportReminder",
    "ReportTemplate",
    "StatusFigures",
]
