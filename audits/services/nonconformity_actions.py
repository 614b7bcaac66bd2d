"""A nonconformity's action plan: an action joins it, the plan starts, the actions settle,
someone other than their owners verifies that they worked, and the nonconformity closes.

Gates (invariant 5): no plan starts without an open action; nothing closes while an action
is open or before someone other than the action owners verified that the actions worked;
"not effective" reopens the plan.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits import notifications
from audits.models import Action, Nonconformity, NonconformityEvent
from audits.services.checks import required_text
from audits.services.nonconformities import (
    locked,
    move_status,
    record_event,
    save_with_reason,
)
from audits.workflow import (
    check_nonconformity_close,
    check_nonconformity_start,
    check_nonconformity_verify,
    check_transition,
)
from qms.agencies.models import User
from qms.lib.text import nfc

S = Nonconformity.Status
E = NonconformityEvent.Kind


def plan_action_added(nonconformity: Nonconformity, action: Action, by: User) -> None:
    """Called (locked) when an action joins the plan: a fresh analysis becomes an action plan."""
    if nonconformity.status == S.ANALYSED:
        check_transition(nonconformity, S.ACTION_PLAN, by=by)
        move_status(nonconformity, S.ACTION_PLAN, by, E.ACTION_ADDED, action.title)
    else:
        record_event(nonconformity, E.ACTION_ADDED, by, comment=action.title)


@transaction.atomic
def nonconformity_start(*, nonconformity: Nonconformity, by: User) -> Nonconformity:
    """Start carrying out the action plan. Needs at least one open action."""
    nonconformity = locked(nonconformity)
    check_nonconformity_start(nonconformity, by)
    # Days to plan count to the first start; a plan reopened after verification keeps it.
    if nonconformity.plan_started_at is None:
        nonconformity.plan_started_at = timezone.now()
    move_status(nonconformity, S.IN_PROGRESS, by, E.STARTED, fields=("plan_started_at",))
    return nonconformity


def actions_settled(nonconformity: Nonconformity, by: User | None) -> None:
    """Called (locked) after an action was done or cancelled: once none is open and at least one
    was done, the nonconformity waits for the verification of effectiveness."""
    if nonconformity.status != S.IN_PROGRESS:
        return
    actions = nonconformity.actions.all()
    if actions.filter(status=Action.Status.OPEN).exists():
        return
    if not actions.filter(status=Action.Status.DONE).exists():
        return
    check_transition(nonconformity, S.AWAITING_VERIFICATION)
    move_status(nonconformity, S.AWAITING_VERIFICATION, by, E.READY)
    notifications.nonconformity_to_verify(nonconformity)


@transaction.atomic
def nonconformity_verify(
    *, nonconformity: Nonconformity, by: User, result: str, evidence: str
) -> Nonconformity:
    """Verify whether the actions removed the cause, with evidence. The verifier (an internal
    auditor or the ISO secretary) owns none of the actions. "Not effective" reopens the plan
    for new actions."""
    nonconformity = locked(nonconformity)
    check_nonconformity_verify(nonconformity, by)
    if result not in Nonconformity.Effectiveness.values:
        raise ValidationError({"result": _("Say whether the actions were effective.")})
    evidence = required_text(
        evidence, "evidence", _("Say what you checked: the evidence of effectiveness.")
    )
    nonconformity.verification_result, nonconformity.verification_evidence = result, nfc(evidence)
    nonconformity.verified_by, nonconformity.verified_at = by, timezone.now()
    fields = ["verification_result", "verification_evidence", "verified_by", "verified_at"]
    if result == Nonconformity.Effectiveness.EFFECTIVE:
        save_with_reason(nonconformity, by, str(E.EFFECTIVE.label), fields)
        record_event(nonconformity, E.EFFECTIVE, by, comment=nonconformity.verification_evidence)
    else:
        check_transition(nonconformity, S.ACTION_PLAN, by=by)
        move_status(
            nonconformity,
            S.ACTION_PLAN,
            by,
            E.NOT_EFFECTIVE,
            nonconformity.verification_evidence,
            fields=tuple(fields),
        )
        notifications.nonconformity_reopened(nonconformity)
    return nonconformity


@transaction.atomic
def nonconformity_close(
    *, nonconformity: Nonconformity, by: User, comment: str = ""
) -> Nonconformity:
    """Close a nonconformity: no action may be open, and its effectiveness must have been
    verified as effective by someone other than the action owners."""
    nonconformity = locked(nonconformity)
    check_nonconformity_close(nonconformity, by)
    nonconformity.closed_by, nonconformity.closed_at = by, timezone.now()
    move_status(
        nonconformity, S.CLOSED, by, E.CLOSED, nfc(comment.strip()), ("closed_by", "closed_at")
    )
    return nonconformity
