"""The yearly internal audit programme: the ISO secretary proposes it and the leader approves
it. The plan of each audit in it is ``audits.services.audit_plans``, its team
``audits.services.audit_teams``.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits import notifications
from audits.models import Audit, AuditProgramme
from audits.services.checks import required_text
from audits.workflow import (
    check_programme_approve,
    check_programme_edit,
    check_programme_propose,
    check_programme_return,
)
from qms.agencies.models import Agency, User
from qms.agencies.permissions import require
from qms.lib.text import nfc

P = AuditProgramme.Status
U = Audit.Status


def default_criteria(agency: Agency) -> str:
    """The criteria every audit of the agency starts from: its standard and its own documents."""
    return _(
        "%(standard)s; the quality policy, quality objectives, procedures and forms of the "
        "quality management system of %(agency)s; the legal documents they cite."
    ) % {"standard": agency.iso_standard, "agency": agency.name}


def save_with_reason(obj, by: User, reason: str, fields: list[str] | None = None) -> None:
    """Save a history-tracked audit object with who changed it and why."""
    obj._history_user = by
    obj._change_reason = reason
    obj.save(update_fields=fields)


def locked_programme(programme: AuditProgramme) -> AuditProgramme:
    return (
        AuditProgramme.objects.select_for_update(of=("self",))
        .select_related("agency")
        .get(pk=programme.pk)
    )


@transaction.atomic
def programme_create(
    *, agency: Agency, by: User, year: int, objectives: str, criteria: str = ""
) -> AuditProgramme:
    """Start the programme of ``year``. One programme per agency and year; ISO secretary only."""
    require(by, "manage_audits", agency)
    if AuditProgramme.objects.filter(agency=agency, year=year).exists():
        raise ValidationError({"year": _("The agency already has a programme for this year.")})
    this_year = timezone.localdate().year
    if not this_year - 1 <= year <= this_year + 1:
        raise ValidationError({"year": _("Plan the programme of last year, this year or next.")})
    programme = AuditProgramme(
        agency=agency,
        year=year,
        objectives=nfc(required_text(objectives, "objectives", _("State the objectives."))),
        criteria=nfc(criteria.strip()) or default_criteria(agency),
        proposed_by=by,
    )
    save_with_reason(programme, by, _("Programme drafted"))
    return programme


@transaction.atomic
def programme_update(
    *, programme: AuditProgramme, by: User, objectives: str, criteria: str
) -> AuditProgramme:
    """Edit a draft programme's objectives and criteria."""
    programme = locked_programme(programme)
    check_programme_edit(programme, by)
    programme.objectives = nfc(required_text(objectives, "objectives", _("State the objectives.")))
    programme.criteria = nfc(required_text(criteria, "criteria", _("State the audit criteria.")))
    save_with_reason(programme, by, _("Programme edited"), ["objectives", "criteria"])
    return programme


@transaction.atomic
def programme_propose(*, programme: AuditProgramme, by: User) -> AuditProgramme:
    """Send the draft to the leader. It needs at least one planned audit."""
    programme = locked_programme(programme)
    check_programme_propose(programme, by)
    programme.status = P.PROPOSED
    programme.proposed_by = by
    programme.proposed_at = timezone.now()
    programme.return_comment = ""
    save_with_reason(
        programme,
        by,
        _("Programme proposed for approval"),
        ["status", "proposed_by", "proposed_at", "return_comment"],
    )
    notifications.programme_to_approve(programme)
    return programme


@transaction.atomic
def programme_decide(
    *, programme: AuditProgramme, by: User, approve: bool, comment: str = ""
) -> AuditProgramme:
    """The leader approves the proposed programme, or returns it with a comment (required)."""
    programme = locked_programme(programme)
    target = P.APPROVED if approve else P.DRAFT
    (check_programme_approve if approve else check_programme_return)(programme, by)
    comment = nfc(comment.strip())
    if approve:
        programme.approved_by = by
        programme.approved_at = timezone.now()
        reason = _("Programme approved")
    else:
        programme.return_comment = required_text(
            comment, "comment", _("Say what must change before approval.")
        )
        reason = _("Programme returned: %(comment)s") % {"comment": comment}
    programme.status = target
    save_with_reason(programme, by, reason)
    return programme
