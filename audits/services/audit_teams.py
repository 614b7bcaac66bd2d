"""The team of an internal audit. Nobody audits their own unit: an auditor who belongs to a unit
the audit covers needs a written justification, shown as an exception in the plan and the
report (invariant 4)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audits.models import Audit, AuditorAssignment
from audits.services.audit_plans import locked_audit
from audits.services.checks import check_member
from audits.services.programmes import save_with_reason
from qms.agencies.models import User
from qms.agencies.permissions import require
from qms.agencies.selectors import unit_in
from qms.lib.text import nfc


def auditing_own_unit(audit: Audit, auditor: User) -> bool:
    """Whether the audit covers the auditor's unit in the audit's agency."""
    unit = unit_in(auditor, audit.agency)
    return unit is not None and audit.units.filter(pk=unit.pk).exists()


@transaction.atomic
def auditor_assign(
    *, audit: Audit, by: User, auditor: User, is_lead: bool = False, justification: str = ""
) -> AuditorAssignment:
    """Put an internal auditor of the agency on the team (or change their place on it).

    Nobody audits their own unit: an auditor who belongs to a unit the audit covers needs a
    written justification, which shows as an exception in the plan and the report. Making
    someone lead makes the previous lead a team member.
    """
    audit = locked_audit(audit)
    agency = audit.agency
    require(by, "manage_audits", agency)
    if audit.status not in Audit.PLANNING:
        raise ValidationError(_("The team of a completed or cancelled audit no longer changes."))
    if not auditor.is_active or not auditor.has_perm("qms.audit", agency):
        raise ValidationError({"auditor": _("Choose an internal auditor of this agency.")})
    check_member(agency, auditor=auditor)
    justification = nfc(justification.strip())
    if auditing_own_unit(audit, auditor):
        if not justification:
            raise ValidationError(
                {
                    "justification": _(
                        "%(name)s belongs to %(unit)s, which this audit covers. "
                        "Nobody audits their own unit; if the agency has no other "
                        "auditor, write the justification."
                    )
                    % {"name": auditor, "unit": unit_in(auditor, agency)}
                }
            )
    else:
        justification = ""
    if is_lead:
        # Saved one by one, not updated in bulk, so that the change has its history row.
        for previous in audit.team.filter(is_lead=True).exclude(auditor=auditor):
            previous.is_lead = False
            save_with_reason(previous, by, _("No longer lead auditor"), ["is_lead"])
    assignment = audit.team.filter(auditor=auditor).first()
    created = assignment is None
    if created:
        assignment = AuditorAssignment(audit=audit, auditor=auditor)
    assignment.is_lead, assignment.justification = is_lead, justification
    save_with_reason(assignment, by, _("Auditor assigned") if created else _("Assignment changed"))
    return assignment


@transaction.atomic
def auditor_remove(*, assignment: AuditorAssignment, by: User) -> None:
    audit = locked_audit(assignment.audit)
    require(by, "manage_audits", audit.agency)
    if audit.status not in Audit.PLANNING:
        raise ValidationError(_("The team of a completed or cancelled audit no longer changes."))
    assignment._history_user = by
    assignment._change_reason = _("Auditor removed")
    assignment.delete()
