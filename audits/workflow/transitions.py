"""Which status changes exist for nonconformities, actions, management reviews, audit
programmes and audits, and which permission each needs.

None means the system takes it as a consequence of another act (the last open action done,
an action added to a fresh analysis). Services look transitions up here; nothing else
changes a status.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from audits.models import Action, Audit, AuditProgramme, ManagementReview, Nonconformity
from qms.agencies.permissions import any_permission, require

N = Nonconformity.Status
A = Action.Status
R = ManagementReview.Status
P = AuditProgramme.Status
U = Audit.Status

NONCONFORMITY_TRANSITIONS: dict[tuple[str, str], str | None] = {
    (N.OPEN, N.ANALYSED): "manage_audits",
    (N.ANALYSED, N.ACTION_PLAN): "manage_audits",
    (N.ACTION_PLAN, N.IN_PROGRESS): "manage_audits",
    (N.IN_PROGRESS, N.AWAITING_VERIFICATION): None,
    # Verified "not effective": the plan is reopened for new actions.
    (N.AWAITING_VERIFICATION, N.ACTION_PLAN): "audit|manage_audits",
    (N.AWAITING_VERIFICATION, N.CLOSED): "manage_audits",
    **{
        (status, N.CANCELLED): "manage_audits"
        for status in (N.OPEN, N.ANALYSED, N.ACTION_PLAN, N.IN_PROGRESS, N.AWAITING_VERIFICATION)
    },
}

# The owner completes their own action; the ISO secretary may record it for them.
ACTION_TRANSITIONS: dict[tuple[str, str], str | None] = {
    (A.OPEN, A.DONE): "owner|manage_audits",
    (A.OPEN, A.CANCELLED): "manage_audits",
}

REVIEW_TRANSITIONS: dict[tuple[str, str], str | None] = {
    (R.DRAFT, R.AWAITING_APPROVAL): "manage_audits",
    (R.AWAITING_APPROVAL, R.DRAFT): "approve_documents",
    (R.AWAITING_APPROVAL, R.APPROVED): "approve_documents",
}

# The ISO secretary proposes the year's programme; the leader approves it or sends it back.
PROGRAMME_TRANSITIONS: dict[tuple[str, str], str | None] = {
    (P.DRAFT, P.PROPOSED): "manage_audits",
    (P.PROPOSED, P.DRAFT): "approve_documents",
    (P.PROPOSED, P.APPROVED): "approve_documents",
}

# The plan goes out, the team completes the fieldwork, the lead auditor proposes the report
# and the leader approves it. "lead" means the audit's lead auditor.
AUDIT_TRANSITIONS: dict[tuple[str, str], str | None] = {
    (U.PLANNED, U.NOTIFIED): "lead|manage_audits",
    (U.NOTIFIED, U.COMPLETED): "lead|manage_audits",
    (U.COMPLETED, U.REPORT_PROPOSED): "lead|manage_audits",
    (U.REPORT_PROPOSED, U.COMPLETED): "approve_documents",
    (U.REPORT_PROPOSED, U.CLOSED): "approve_documents",
    (U.PLANNED, U.CANCELLED): "manage_audits",
    (U.NOTIFIED, U.CANCELLED): "manage_audits",
}

_TABLES = {
    Nonconformity: NONCONFORMITY_TRANSITIONS,
    Action: ACTION_TRANSITIONS,
    ManagementReview: REVIEW_TRANSITIONS,
    AuditProgramme: PROGRAMME_TRANSITIONS,
    Audit: AUDIT_TRANSITIONS,
}


def is_lead_auditor(audit: Audit, user) -> bool:
    return audit.team.filter(auditor=user, is_lead=True).exists()


def is_on_team(audit: Audit, user) -> bool:
    return audit.team.filter(auditor=user).exists()


def allowed(obj, to: str) -> bool:
    return (obj.status, to) in _TABLES[type(obj)]


def refuse_transition(obj, to: str) -> None:
    """Raise the ValidationError of a transition that does not exist from ``obj``'s status."""
    raise ValidationError(
        _("Something that is “%(current)s” cannot become “%(target)s”.")
        % {"current": obj.get_status_display(), "target": type(obj).Status(to).label}
    )


def check_transition(obj, to: str, *, by=None) -> None:
    """Raise ValidationError for a transition that does not exist from ``obj``'s status, and
    PermissionDenied when ``by`` holds none of the permissions it needs ("a|b" means either;
    "owner" means the action's owner)."""
    table = _TABLES[type(obj)]
    key = (obj.status, to)
    if key not in table:
        refuse_transition(obj, to)
    needed = table[key]
    if by is None or needed is None:
        return
    options = needed.split("|")
    if "owner" in options and getattr(obj, "owner_id", None) == by.pk:
        return
    if "lead" in options and isinstance(obj, Audit) and is_lead_auditor(obj, by):
        return
    codenames = [option for option in options if option not in ("owner", "lead")]
    for codename in codenames[:-1]:
        if by.has_perm(f"qms.{codename}", obj.agency):
            return
    require(by, codenames[-1], obj.agency)


def require_any(by, agency, codenames) -> None:
    if not any_permission(by, codenames, agency):
        raise PermissionDenied
