"""Findings of an internal audit, their acknowledgement by the auditees, and the report.

A major or minor nonconformity opens a nonconformity in the register at once (source: internal
audit finding). The report is proposed by the lead auditor and approved by the leader; its PDF
is rendered once at approval, and nothing of the audit changes afterwards.
"""

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from audits import notifications
from audits.audit_pdf import report_pdf
from audits.models import Audit, ChecklistItem, Finding, Nonconformity
from audits.services.audit_plans import locked_audit
from audits.services.checklists import check_fieldwork, is_on_team
from audits.services.checks import required_text
from audits.services.nonconformities import nonconformity_create
from audits.services.programmes import save_with_reason
from audits.workflow import (
    check_audit_complete,
    check_report_approve,
    check_report_propose,
    check_report_return,
)
from qms.agencies.models import User
from qms.agencies.selectors import unit_in
from qms.lib.text import nfc

U = Audit.Status


@transaction.atomic
def finding_record(
    *,
    audit: Audit,
    by: User,
    grade: str,
    statement: str,
    evidence: str,
    clause,
    unit,
    document=None,
    checklist_item: ChecklistItem | None = None,
    confirm_before_plan: bool = False,
) -> Finding:
    """Record a finding of the fieldwork, linked to a clause in scope, a unit and optionally a
    document and the checklist item it answers. Only auditors of the team record findings.

    A nonconformity finding (major or minor) opens a nonconformity in the register, detected by
    the auditor, with the finding's code as its source reference. Before the audit's planned
    first day the auditor confirms that recording it early is intended.
    """
    audit = locked_audit(audit)
    agency = audit.agency
    if not (is_on_team(audit, by) and by.has_perm("qms.audit", agency)):
        raise PermissionDenied
    check_fieldwork(audit)
    if audit.status != U.NOTIFIED:
        raise ValidationError(_("Send the plan to the auditees before the fieldwork starts."))
    if fieldwork_before_plan(audit) and not confirm_before_plan:
        raise ValidationError(
            {
                "confirm_before_plan": _(
                    "The audit is planned from %(day)s: confirm that you record this finding "
                    "before that date."
                )
                % {"day": formats.date_format(audit.start_on, "SHORT_DATE_FORMAT")}
            }
        )
    if grade not in Finding.Grade.values:
        raise ValidationError({"grade": _("Choose the grade of the finding.")})
    statement = nfc(required_text(statement, "statement", _("State the finding.")))
    evidence = nfc(required_text(evidence, "evidence", _("Write the objective evidence.")))
    _check_links(audit, clause, unit, document, checklist_item)
    number = (audit.findings.aggregate(top=Max("number"))["top"] or 0) + 1
    finding = Finding(
        audit=audit,
        agency=agency,
        number=number,
        code=f"{audit.code}/{number:02}",
        grade=grade,
        statement=statement,
        evidence=evidence,
        clause=clause,
        unit=unit,
        document=document,
        checklist_item=checklist_item,
        recorded_by=by,
    )
    if finding.is_nonconformity:
        finding.nonconformity = _open_nonconformity(finding, by)
    save_with_reason(finding, by, _("Finding recorded"))
    notifications.finding_recorded(finding)
    return finding


def fieldwork_before_plan(audit: Audit) -> bool:
    """Today comes before the audit's planned first day."""
    return timezone.localdate() < audit.start_on


def _check_links(audit: Audit, clause, unit, document, checklist_item) -> None:
    """The clause is of the edition the audit was planned under; the unit and document are the agency's; the
    checklist item is this audit's."""
    agency = audit.agency
    if clause is None or clause.version != audit.iso_version:
        raise ValidationError({"clause": _("Choose a clause of the version this agency applies.")})
    if unit is None or unit.agency_id != agency.pk:
        raise ValidationError({"unit": _("Choose a unit of this agency.")})
    if document is not None and document.agency_id != agency.pk:
        raise ValidationError({"document": _("This belongs to another agency.")})
    if checklist_item is not None and checklist_item.audit_id != audit.pk:
        raise ValidationError({"checklist_item": _("This item is not on this audit's checklist.")})


def _open_nonconformity(finding: Finding, by: User) -> Nonconformity:
    """The register's nonconformity of a nonconforming finding, detected by the auditor."""
    audit = finding.audit
    return nonconformity_create(
        agency=audit.agency,
        by=by,
        source=Nonconformity.Source.AUDIT,
        source_reference=_("Finding %(code)s (%(grade)s) of audit “%(title)s”")
        % {"code": finding.code, "grade": finding.get_grade_display(), "title": audit.title},
        title=finding.statement[:255],
        description=_("%(statement)s\n\nEvidence: %(evidence)s")
        % {"statement": finding.statement, "evidence": finding.evidence},
        detected_on=min(timezone.localdate(), audit.end_on),
        clause=finding.clause,
        unit=finding.unit,
        document=finding.document,
    )


def may_acknowledge(finding: Finding, user: User) -> bool:
    """The people of the finding's unit and the auditees named in the plan."""
    if finding.acknowledged_at is not None:
        return False
    unit = unit_in(user, finding.agency)
    return (unit is not None and unit.pk == finding.unit_id) or finding.audit.auditees.filter(
        pk=user.pk
    ).exists()


@transaction.atomic
def finding_acknowledge(*, finding: Finding, by: User, comment: str = "") -> Finding:
    """The auditee confirms they have seen the finding of their unit, once, with an optional
    comment (for example a disagreement, which the report then shows)."""
    finding = Finding.objects.select_for_update(of=("self",)).get(pk=finding.pk)
    if not by.has_perm("qms.view_qms", finding.agency) or not may_acknowledge(finding, by):
        if finding.acknowledged_at is not None:
            raise ValidationError(_("This finding has already been acknowledged."))
        raise PermissionDenied
    finding.acknowledged_by, finding.acknowledged_at = by, timezone.now()
    finding.acknowledgement_comment = nfc(comment.strip())
    save_with_reason(
        finding,
        by,
        _("Acknowledged by the auditee"),
        ["acknowledged_by", "acknowledged_at", "acknowledgement_comment"],
    )
    return finding


@transaction.atomic
def audit_complete(*, audit: Audit, by: User) -> Audit:
    """End the fieldwork. Every checklist item must have its result."""
    audit = locked_audit(audit)
    check_audit_complete(audit, by)
    audit.status, audit.completed_at = U.COMPLETED, timezone.now()
    save_with_reason(audit, by, _("Fieldwork completed"), ["status", "completed_at"])
    return audit


@transaction.atomic
def report_propose(*, audit: Audit, by: User, conclusion: str) -> Audit:
    """The lead auditor writes the conclusion and sends the report to the leader."""
    audit = locked_audit(audit)
    check_report_propose(audit, by)
    audit.conclusion = nfc(
        required_text(conclusion, "conclusion", _("Write the conclusion of the audit."))
    )
    audit.status = U.REPORT_PROPOSED
    save_with_reason(audit, by, _("Report proposed for approval"), ["status", "conclusion"])
    notifications.audit_report_to_approve(audit)
    return audit


@transaction.atomic
def report_decide(*, audit: Audit, by: User, approve: bool, comment: str = "") -> Audit:
    """A leader outside the audit team approves the report, which freezes the audit and stores
    the report PDF, or returns it to the lead auditor with a comment (required)."""
    audit = locked_audit(audit)
    target = U.CLOSED if approve else U.COMPLETED
    (check_report_approve if approve else check_report_return)(audit, by)
    if not approve:
        comment = nfc(required_text(comment, "comment", _("Say what must change.")))
        audit.status = target
        save_with_reason(
            audit, by, _("Report returned: %(comment)s") % {"comment": comment}, ["status"]
        )
        return audit
    audit.status = target
    audit.report_approved_by, audit.report_approved_at = by, timezone.now()
    pdf = report_pdf(audit)
    audit.report_sha256 = hashlib.sha256(pdf).hexdigest()
    audit.report_pdf.save(f"{audit.code}.pdf".replace("/", "-"), ContentFile(pdf), save=False)
    save_with_reason(audit, by, _("Report approved"))
    return audit
