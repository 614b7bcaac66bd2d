"""What each step of the yearly audit programme and of an audit's report checks before acting.

The services call these checks; the pages ask ``programme_allowed_actions`` and
``audit_allowed_actions``, which call the very same functions, so that a button is shown
exactly when pressing it would be accepted.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from audits.models import Audit, AuditProgramme
from audits.workflow.transitions import (
    P,
    U,
    check_transition,
    is_on_team,
    refuse_transition,
)
from qms.agencies.permissions import require
from qms.lib.checks import allowed_names


def check_plannable(programme: AuditProgramme) -> None:
    if programme.status == P.PROPOSED:
        raise ValidationError(
            _("The programme is awaiting approval; wait for the decision before changing it.")
        )


def check_programme_edit(programme: AuditProgramme, by) -> None:
    require(by, "manage_audits", programme.agency)
    if programme.status != P.DRAFT:
        raise ValidationError(
            _("Only a draft programme can be edited; it is “%(status)s”.")
            % {"status": programme.get_status_display()}
        )


def check_programme_plan(programme: AuditProgramme, by) -> None:
    """The ISO secretary adds audits to a programme that is not awaiting approval."""
    require(by, "manage_audits", programme.agency)
    check_plannable(programme)


def check_programme_propose(programme: AuditProgramme, by) -> None:
    check_transition(programme, P.PROPOSED, by=by)
    if not programme.audits.exclude(status=U.CANCELLED).exists():
        raise ValidationError(_("Plan at least one audit before proposing the programme."))


def check_programme_approve(programme: AuditProgramme, by) -> None:
    check_transition(programme, P.APPROVED, by=by)


def check_programme_return(programme: AuditProgramme, by) -> None:
    check_transition(programme, P.DRAFT, by=by)


PROGRAMME_CHECKS = {
    "edit": check_programme_edit,
    "plan": check_programme_plan,
    "propose": check_programme_propose,
    "approve": check_programme_approve,
    "return": check_programme_return,
}


def programme_allowed_actions(programme: AuditProgramme, user) -> frozenset[str]:
    """The steps ``user`` may take on ``programme`` now: the names of ``PROGRAMME_CHECKS``
    whose check passes."""
    return allowed_names(PROGRAMME_CHECKS, programme, user)


def check_audit_complete(audit: Audit, by) -> None:
    """The lead auditor or the ISO secretary ends the fieldwork once every checklist item has
    its result."""
    if audit.status != U.NOTIFIED:
        refuse_transition(audit, U.COMPLETED)
    check_transition(audit, U.COMPLETED, by=by)
    if not audit.checklist.exists():
        raise ValidationError(_("The checklist is empty: build it and answer it first."))
    left = audit.checklist.filter(result="").count()
    if left:
        raise ValidationError(
            _("%(count)s checklist items have no result yet; answer them before closing the audit.")
            % {"count": left}
        )


def check_report_propose(audit: Audit, by) -> None:
    check_transition(audit, U.REPORT_PROPOSED, by=by)


def check_report_decider(audit: Audit, by) -> None:
    """A leader outside the audit team decides on its report."""
    if is_on_team(audit, by):
        raise ValidationError(_("A member of the audit team does not approve its report."))


def check_report_approve(audit: Audit, by) -> None:
    check_transition(audit, U.CLOSED, by=by)
    check_report_decider(audit, by)


def check_report_return(audit: Audit, by) -> None:
    if audit.status != U.REPORT_PROPOSED:
        refuse_transition(audit, U.COMPLETED)
    check_transition(audit, U.COMPLETED, by=by)
    check_report_decider(audit, by)


def check_consent_give(audit: Audit, by) -> None:
    """An auditee named in the plan consents for themselves, during the fieldwork, once
    (again after withdrawing)."""
    _check_auditee_in_fieldwork(audit, by)
    if audit.consents.filter(given_by=by, withdrawn_at__isnull=True).exists():
        raise ValidationError(_("You have already consented to being recorded in this audit."))


def check_consent_withdraw(audit: Audit, by) -> None:
    _check_auditee_in_fieldwork(audit, by)
    if not audit.consents.filter(given_by=by, withdrawn_at__isnull=True).exists():
        raise ValidationError(_("You have not consented to being recorded in this audit."))


def _check_auditee_in_fieldwork(audit: Audit, by) -> None:
    if not (by.has_perm("qms.view_qms", audit.agency) and audit.auditees.filter(pk=by.pk).exists()):
        raise PermissionDenied
    if audit.status not in Audit.FIELDWORK:
        raise ValidationError(_("The fieldwork of this audit is over."))


def check_evidence_add(audit: Audit, by) -> None:
    """An auditor of the team, while the fieldwork runs (the plan sent), as for findings."""
    if not (is_on_team(audit, by) and by.has_perm("qms.audit", audit.agency)):
        raise PermissionDenied
    if audit.status != U.NOTIFIED:
        raise ValidationError(_("Evidence files are added during the fieldwork."))


AUDIT_CHECKS = {
    "give_consent": check_consent_give,
    "withdraw_consent": check_consent_withdraw,
    "add_evidence": check_evidence_add,
    "complete": check_audit_complete,
    "propose_report": check_report_propose,
    "approve_report": check_report_approve,
    "return_report": check_report_return,
}


def audit_allowed_actions(audit: Audit, user) -> frozenset[str]:
    """The steps ``user`` may take on ``audit``'s fieldwork and report now: the names of
    ``AUDIT_CHECKS`` whose check passes."""
    return allowed_names(AUDIT_CHECKS, audit, user)
