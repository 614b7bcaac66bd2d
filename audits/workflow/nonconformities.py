"""What each step of a nonconformity and of an action checks before acting."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from audits.models import Action, Nonconformity
from audits.workflow.transitions import (
    A,
    N,
    R,
    check_transition,
    require_any,
)
from qms.agencies.permissions import require
from qms.lib.checks import allowed_names, passes

# The rules each step of a nonconformity checks before acting. The services call them; the
# pages ask ``nonconformity_allowed_actions``, which calls the very same functions, so that a
# button is shown exactly when pressing it would be accepted.

# Who may register a nonconformity: the ISO secretary and the internal auditors.
REGISTRARS = ("manage_audits", "audit")
# Who may verify effectiveness: an internal auditor or the ISO secretary.
VERIFIERS = ("audit", "manage_audits")
# The analysis may be recorded, then revised until the action plan starts.
ANALYSABLE = (N.OPEN, N.ANALYSED, N.ACTION_PLAN)


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
    names = set(allowed_names(NONCONFORMITY_CHECKS, nonconformity, user))
    open_actions = list(nonconformity.actions.filter(status=A.OPEN))
    for action in open_actions:
        action.agency = nonconformity.agency
    if any(passes(check_action_cancel, action, user) for action in open_actions):
        names.add("cancel_actions")
    return frozenset(names)


def check_action_done(action: Action, by) -> None:
    """``check_action_complete`` with the action's own nonconformity, if it has one."""
    nonconformity = action.nonconformity if action.nonconformity_id is not None else None
    check_action_complete(action, nonconformity, by)


ACTION_CHECKS = {
    "complete": check_action_done,
    "cancel": check_action_cancel,
}


def action_allowed_actions(action: Action, user) -> frozenset[str]:
    """The steps ``user`` may take on ``action`` now: the names of ``ACTION_CHECKS`` whose
    check passes."""
    return allowed_names(ACTION_CHECKS, action, user)
