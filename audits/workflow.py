"""Which status changes exist for nonconformities, actions and management reviews, and which
permission each needs.

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


def allowed(obj, to: str) -> bool:
    return (obj.status, to) in _TABLES[type(obj)]


def check_transition(obj, to: str, *, by=None) -> None:
    """Raise ValidationError for a transition that does not exist from ``obj``'s status, and
    PermissionDenied when ``by`` holds none of the permissions it needs ("a|b" means either;
    "owner" means the action's owner)."""
    table = _TABLES[type(obj)]
    key = (obj.status, to)
    if key not in table:
        raise ValidationError(
            _("Something that is “%(current)s” cannot become “%(target)s”.")
            % {"current": obj.get_status_display(), "target": type(obj).Status(to).label}
        )
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


# The rules each step of a nonconformity checks before acting. The services call them; the
# pages ask ``nonconformity_allowed_actions``, which calls the very same functions, so that a
# button is shown exactly when pressing it would be accepted.

# Who may verify effectiveness: an internal auditor or the ISO secretary.
VERIFIERS = ("audit", "manage_audits")
# The analysis may be recorded, then revised until the action plan starts.
ANALYSABLE = (N.OPEN, N.ANALYSED, N.ACTION_PLAN)


def require_any(by, agency, codenames) -> None:
    if not any_permission(by, codenames, agency):
        raise PermissionDenied


def check_open(nonconformity: Nonconformity) -> None:
    if nonconformity.is_ended:
        raise ValidationError(
            _("This nonconformity is “%(status)s”; it no longer changes.")
            % {"status": nonconformity.get_status_display()}
        )


def action_owner_ids(nonconformity: Nonconformity) -> set[int]:
    return set(nonconformity.actions.exclude(status=A.CANCELLED).values_list("owner_id", flat=True))


def check_nonconformity_edit(nonconformity: Nonconformity, by) -> None:
    require(by, "manage_audits", nonconformity.agency)
    check_open(nonconformity)


def check_nonconformity_analyse(nonconformity: Nonconformity, by) -> None:
    require(by, "manage_audits", nonconformity.agency)
    if nonconformity.status not in ANALYSABLE:
        raise ValidationError(_("The analysis no longer changes once the action plan started."))
    if nonconformity.status == N.OPEN:
        check_transition(nonconformity, N.ANALYSED, by=by)


def check_accepts_actions(nonconformity: Nonconformity) -> None:
    if nonconformity.status not in Nonconformity.PLANNING:
        if nonconformity.status == N.OPEN:
            raise ValidationError(_("Record the correction and the root cause before planning."))
        raise ValidationError(
            _("Actions are no longer added to a nonconformity that is “%(status)s”.")
            % {"status": nonconformity.get_status_display()}
        )


def check_nonconformity_add_action(nonconformity: Nonconformity, by) -> None:
    require(by, "manage_audits", nonconformity.agency)
    check_accepts_actions(nonconformity)
    if nonconformity.status == N.ANALYSED:
        check_transition(nonconformity, N.ACTION_PLAN, by=by)


def check_nonconformity_start(nonconformity: Nonconformity, by) -> None:
    check_transition(nonconformity, N.IN_PROGRESS, by=by)
    if not nonconformity.actions.filter(status=A.OPEN).exists():
        raise ValidationError(_("Add at least one action before starting the plan."))


def check_nonconformity_verify(nonconformity: Nonconformity, by) -> None:
    require_any(by, nonconformity.agency, VERIFIERS)
    if nonconformity.status != N.AWAITING_VERIFICATION:
        raise ValidationError(_("Only a nonconformity whose actions are all done can be verified."))
    if nonconformity.verification_result == Nonconformity.Effectiveness.EFFECTIVE:
        raise ValidationError(_("The effectiveness was already verified; it can be closed."))
    if by.pk in action_owner_ids(nonconformity):
        raise ValidationError(_("Nobody verifies the effectiveness of their own actions."))


def check_nonconformity_close(nonconformity: Nonconformity, by) -> None:
    require(by, "manage_audits", nonconformity.agency)
    check_open(nonconformity)
    still_open = list(nonconformity.actions.filter(status=A.OPEN).values_list("title", flat=True))
    if still_open:
        raise ValidationError(
            _("It cannot close while %(count)s action(s) are open: %(titles)s.")
            % {"count": len(still_open), "titles": "; ".join(still_open)}
        )
    if (
        nonconformity.status != N.AWAITING_VERIFICATION
        or nonconformity.verification_result != Nonconformity.Effectiveness.EFFECTIVE
    ):
        raise ValidationError(
            _(
                "It cannot close before someone other than the action owners verified that "
                "the actions were effective."
            )
        )
    check_transition(nonconformity, N.CLOSED, by=by)


def check_nonconformity_cancel(nonconformity: Nonconformity, by) -> None:
    require(by, "manage_audits", nonconformity.agency)
    check_open(nonconformity)
    check_transition(nonconformity, N.CANCELLED, by=by)


def check_nonconformity_request_change(nonconformity: Nonconformity, by) -> None:
    # Imported here: the documents app's services load after this module.
    from documents.services.changes import check_may_request_change

    require(by, "manage_audits", nonconformity.agency)
    check_open(nonconformity)
    if nonconformity.document is None:
        raise ValidationError(_("Link the nonconformity to a document first."))
    if nonconformity.change_request_id is not None:
        raise ValidationError(_("A change to the document was already requested."))
    check_may_request_change(nonconformity.document, by)


def check_action_complete(action: Action, nonconformity: Nonconformity | None, by) -> None:
    """``nonconformity`` is the action's own, if it has one."""
    check_transition(action, A.DONE, by=by)
    if nonconformity is not None and nonconformity.status != N.IN_PROGRESS:
        raise ValidationError(_("The actions are carried out once the action plan has started."))


def check_action_cancel(action: Action, by) -> None:
    check_transition(action, A.CANCELLED, by=by)
    if action.review_id is not None and action.review.status != R.DRAFT:
        raise ValidationError(_("The decisions of approved minutes no longer change."))


def passes(check, *args) -> bool:
    try:
        check(*args)
    except (PermissionDenied, ValidationError):
        return False
    return True


NONCONFORMITY_CHECKS = {
    "edit": check_nonconformity_edit,
    "analyse": check_nonconformity_analyse,
    "add_action": check_nonconformity_add_action,
    "start": check_nonconformity_start,
    "verify": check_nonconformity_verify,
    "close": check_nonconformity_close,
    "cancel": check_nonconformity_cancel,
    "request_change": check_nonconformity_request_change,
}


def nonconformity_allowed_actions(nonconformity: Nonconformity, user) -> frozenset[str]:
    """The steps ``user`` may take on ``nonconformity`` now: the names of
    ``NONCONFORMITY_CHECKS`` whose check passes, and "cancel_actions" when one of its open
    actions may be cancelled."""
    names = {
        name for name, check in NONCONFORMITY_CHECKS.items() if passes(check, nonconformity, user)
    }
    open_actions = list(nonconformity.actions.filter(status=A.OPEN))
    for action in open_actions:
        action.agency = nonconformity.agency
    if any(passes(check_action_cancel, action, user) for action in open_actions):
        names.add("cancel_actions")
    return frozenset(names)
