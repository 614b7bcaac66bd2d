"""The improvement cycle's and the internal audits' history-tracked objects: those of one
agency, for the agency audit trail, and those of one object with its children, for the
object's history page."""

from django.utils.translation import gettext_lazy as _

from audits.models import (
    Action,
    Audit,
    AuditorAssignment,
    AuditProgramme,
    ChecklistItem,
    Finding,
    ManagementReview,
    Measurement,
    Nonconformity,
    QualityObjective,
    Risk,
    ScheduleItem,
    Survey,
)
from qms.lib.trail import TrailSource, joined


def trail_sources(agency) -> list[TrailSource]:
    own = {"agency_id": agency.pk}
    return [
        TrailSource(
            "nonconformity",
            _("Nonconformity"),
            Nonconformity.history.filter(**own),
            joined("code", "title"),
        ),
        TrailSource("action", _("Action"), Action.history.filter(**own), joined("title")),
        TrailSource(
            "programme", _("Audit programme"), AuditProgramme.history.filter(**own), joined("year")
        ),
        TrailSource(
            "audit", _("Internal audit"), Audit.history.filter(**own), joined("code", "title")
        ),
        TrailSource(
            "auditor",
            _("Audit team member"),
            AuditorAssignment.history.filter(audit__agency_id=agency.pk),
            joined("audit__code", "auditor__full_name"),
        ),
        TrailSource(
            "schedule_item",
            _("Schedule item"),
            ScheduleItem.history.filter(audit__agency_id=agency.pk),
            joined("audit__code", "activity"),
        ),
        TrailSource(
            "checklist_item",
            _("Checklist item"),
            ChecklistItem.history.filter(audit__agency_id=agency.pk),
            joined("audit__code", "order"),
        ),
        TrailSource("finding", _("Finding"), Finding.history.filter(**own), joined("code")),
        TrailSource(
            "review",
            _("Management review"),
            ManagementReview.history.filter(**own),
            joined("title"),
        ),
        TrailSource(
            "objective",
            _("Quality objective"),
            QualityObjective.history.filter(**own),
            joined("title"),
        ),
        TrailSource(
            "measurement",
            _("Measurement"),
            Measurement.history.filter(objective__agency_id=agency.pk),
            joined("objective__title", "period"),
        ),
        TrailSource("risk", _("Risk"), Risk.history.filter(**own), joined("title")),
        TrailSource(
            "survey", _("Satisfaction survey"), Survey.history.filter(**own), joined("title")
        ),
    ]


# The history of one object and of its children. Children are read by the id column of their
# historical rows, so the rows of a child that was removed stay in its parent's history.


def programme_history(programme: AuditProgramme) -> list[TrailSource]:
    """The programme and the audits planned in it."""
    return [
        TrailSource(
            "programme",
            _("Audit programme"),
            AuditProgramme.history.filter(id=programme.pk),
            joined("year"),
        ),
        TrailSource(
            "audit",
            _("Internal audit"),
            Audit.history.filter(programme_id=programme.pk),
            joined("code", "title"),
        ),
    ]


def audit_history(audit: Audit) -> list[TrailSource]:
    """The audit, its team, its schedule, its checklist and its findings."""
    of_audit = {"audit_id": audit.pk}
    return [
        TrailSource(
            "audit", _("Internal audit"), Audit.history.filter(id=audit.pk), joined("code")
        ),
        TrailSource(
            "auditor",
            _("Audit team member"),
            AuditorAssignment.history.filter(**of_audit),
            joined("auditor__full_name"),
        ),
        TrailSource(
            "schedule_item",
            _("Schedule item"),
            ScheduleItem.history.filter(**of_audit),
            joined("on", "activity"),
        ),
        TrailSource(
            "checklist_item",
            _("Checklist item"),
            ChecklistItem.history.filter(**of_audit),
            joined("order", "question"),
        ),
        TrailSource("finding", _("Finding"), Finding.history.filter(**of_audit), joined("code")),
    ]


def finding_history(finding: Finding) -> list[TrailSource]:
    return [
        TrailSource("finding", _("Finding"), Finding.history.filter(id=finding.pk), joined("code"))
    ]


def survey_history(survey: Survey) -> list[TrailSource]:
    return [
        TrailSource(
            "survey",
            _("Satisfaction survey"),
            Survey.history.filter(id=survey.pk),
            joined("title"),
        )
    ]
