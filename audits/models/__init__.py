from audits.models.actions import Action, ActionReminder
from audits.models.audit_work import ChecklistItem, Finding
from audits.models.changes import PlannedChange
from audits.models.context import ContextIssue, InterestedParty
from audits.models.nonconformities import Nonconformity, NonconformityEvent
from audits.models.objectives import Measurement, QualityObjective
from audits.models.programmes import (
    Audit,
    AuditorAssignment,
    AuditProgramme,
    AuditReminder,
    ScheduleItem,
)
from audits.models.remote import FindingEvidence, RecordingConsent
from audits.models.reviews import ManagementReview, ReviewEvent
from audits.models.risks import Band, Risk, band_of
from audits.models.satisfaction import (
    Answer,
    AnswerThrottle,
    Survey,
    SurveyQuestion,
    SurveyResponse,
)
from audits.models.transition import EditionTransition, TransitionItem

__all__ = [
    "Action",
    "ActionReminder",
    "Audit",
    "AuditProgramme",
    "AuditReminder",
    "AuditorAssignment",
    "ChecklistItem",
    "ContextIssue",
    "EditionTransition",
    "Finding",
    "FindingEvidence",
    "InterestedParty",
    "ScheduleItem",
    "Answer",
    "AnswerThrottle",
    "Band",
    "ManagementReview",
    "Measurement",
    "Nonconformity",
    "PlannedChange",
    "NonconformityEvent",
    "QualityObjective",
    "RecordingConsent",
    "ReviewEvent",
    "Risk",
    "Survey",
    "SurveyQuestion",
    "SurveyResponse",
    "TransitionItem",
    "band_of",
]
