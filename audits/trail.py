"""The improvement cycle's and the internal audits' history-tracked objects of one agency, for
the agency audit trail."""

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
