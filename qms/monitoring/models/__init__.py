"""Models of the supervision; each module owns one part of it."""

from qms.monitoring.models.inspections import (  # noqa: F401
    Inspection,
    InspectionCheck,
    InspectionFinding,
    InspectionPlan,
)
from qms.monitoring.models.reports import AnnualReport, ReportReminder, ReportTemplate  # noqa: F401
