from audits.models.nonconformities import (
    Action,
    ActionReminder,
    Nonconformity,
    NonconformityEvent,
)
from audits.models.objectives import Measurement, QualityObjective
from audits.models.programmes import (
    Audit,
    AuditorAssignment,
    AuditProgramme,
    AuditReminder,
    ChecklistItem,
    Finding,
    ScheduleItem,
)
from audits.models.reviews import ManagementReview, ReviewEvent
from audits.models.risks import Band, Risk, band_of

__all__ = [
    "Action",
    "ActionReminder",
    "Audit",
    "AuditProgramme",
    "AuditReminder",
    "AuditorAssignment",
    "ChecklistItem",
    "Finding",
    "ScheduleItem",
    "Band",
    "ManagementReview",
    "Measurement",
    "Nonconformity",
    "NonconformityEvent",
    "QualityObjective",
    "ReviewEvent",
    "Risk",
    "band_of",
]
