"""Actions: added to a nonconformity's plan, a management review's decisions, a quality
objective or a risk; done by their owner with evidence; reminded by mail before and after
their due date."""

from collections import defaultdict
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits import notifications
from audits.models import (
    Action,
    ActionReminder,
    ManagementReview,
    Nonconformity,
    NonconformityEvent,
    QualityObjective,
    Risk,
)
from audits.services import nonconformities, nonconformity_actions
from audits.services.checks import check_member, required_text
from audits.workflow import (
    check_action_cancel,
    check_action_complete,
    check_nonconformity_add_action,
    check_objective_manage,
    check_review_add_decision,
)
from documents.clauses import harmonized
from qms.agencies.models import User
from qms.agencies.permissions import require
from qms.lib.text import nfc
from qms.lib.uploads import checked_upload

A = Action.Status
# How many days before its due date an open action is reminded, every day until done.
REMIND_DAYS_BEFORE = 3
EVIDENCE_KINDS = {"pdf", "docx", "xlsx", "jpg", "png"}


def _parent_field(parent) -> str:
    return {
        Nonconformity: "nonconformity",
        ManagementReview: "review",
        QualityObjective: "objective",
        Risk: "risk",
    }[type(parent)]


def earliest_due(parent) -> tuple[date, str]:
    """The first date an action of ``parent`` may be due, and the message refusing earlier."""
    if isinstance(parent, Nonconformity):
        return parent.detected_on, _("The due date cannot be before the detection date (%(date)s).")
    if isinstance(parent, ManagementReview):
        return parent.held_on, _("The due date cannot be before the meeting (%(date)s).")
    if isinstance(parent, QualityObjective):
        return date(parent.year, 1, 1), _("The due date cannot be before %(date)s.")
    return timezone.localtime(parent.created_at).date(), _(
        "The due date cannot be before %(date)s."
    )


def _lock_parent(parent):
    if isinstance(parent, Nonconformity):
        return nonconformities.locked(parent)
    return type(parent).objects.select_for_update().select_related("agency").get(pk=parent.pk)


def _check_parent_accepts(parent, by: User) -> None:
    """The check of the parent's own workflow: the ISO secretary plans, while a review's minutes
    are a draft and in a register of risks that the agency's version has."""
    if isinstance(parent, Nonconformity):
        check_nonconformity_add_action(parent, by)
    elif isinstance(parent, ManagementReview):
        check_review_add_decision(parent, by)
    elif isinstance(parent, QualityObjective):
        check_objective_manage(parent, by)
    else:
        require(by, "manage_audits", parent.agency)
        if not harmonized(parent.agency.iso_version):
            raise ValidationError(_("The risk register belongs to ISO 9001:2015 and later."))


@transaction.atomic
def action_create(*, parent, by: User, kind: str, title: str, owner: User, due_on: date) -> Action:
    """Add an action with its owner (a member of the agency) and due date (never before the
    parent's own date: a nonconformity's detection, a review's meeting) to ``parent``: a
    nonconformity being planned, a draft management review, an objective or a risk. The ISO
    secretary plans; the owner is told by mail. Raises ValidationError."""
    parent = _lock_parent(parent)
    agency = parent.agency
    _check_parent_accepts(parent, by)
    if kind not in Action.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of action.")})
    title = required_text(title, "title", _("Say what is to be done."))
    check_member(agency, owner=owner)
    if owner is None:
        raise ValidationError({"owner": _("Choose a member of this agency.")})
    earliest, message = earliest_due(parent)
    if due_on < earliest:
        raise ValidationError({"due_on": message % {"date": earliest.strftime("%d/%m/%Y")}})
    action = Action(
        agency=agency,
        kind=kind,
        title=nfc(title),
        owner=owner,
        due_on=due_on,
        created_by=by,
        **{_parent_field(parent): parent},
    )
    action._history_user = by
    action._change_reason = _("Action planned")
    action.save()
    if isinstance(parent, Nonconformity):
        nonconformity_actions.plan_action_added(parent, action, by)
    notifications.action_assigned(action)
    return action


def _locked_action(action: Action) -> tuple[Action, Nonconformity | None]:
    """Lock the action's nonconformity first (the order every service takes), then the action."""
    nonconformity = None
    if action.nonconformity_id is not None:
        nonconformity = nonconformities.locked(Nonconformity(pk=action.nonconformity_id))
    fresh = (
        # Lock the action's row only: its optional relations join as outer joins.
        Action.objects.select_for_update(of=("self",))
        .select_related("agency", "owner", "review", "nonconformity")
        .get(pk=action.pk)
    )
    return fresh, nonconformity


@transaction.atomic
def action_complete(*, action: Action, by: User, evidence: str, upload=None) -> Action:
    """The owner (or the ISO secretary for them) records an action as done, with evidence and
    an optional file (PDF, Word, Excel, JPEG or PNG, checked by content). A nonconformity's
    actions are done once its plan started; the last one sends it to verification."""
    action, nonconformity = _locked_action(action)
    check_action_complete(action, nonconformity, by)
    evidence = required_text(evidence, "evidence", _("Say what was done: the evidence."))
    if upload is not None:
        try:
            checked = checked_upload(upload, allowed=EVIDENCE_KINDS)
        except ValidationError as error:
            raise ValidationError({"evidence_file": error.messages}) from None
        action.evidence_file.save(f"action-{action.pk}.{checked.kind}", checked.file, save=False)
        action.evidence_name = checked.name
    action.status, action.evidence = A.DONE, nfc(evidence)
    action.done_by, action.done_at = by, timezone.now()
    action._history_user, action._change_reason = by, _("Action done")
    action.save(
        update_fields=["status", "evidence", "evidence_file", "evidence_name", "done_by", "done_at"]
    )
    if nonconformity is not None:
        nonconformities.record_event(
            nonconformity, NonconformityEvent.Kind.ACTION_DONE, by, comment=action.title
        )
        nonconformity_actions.actions_settled(nonconformity, by)
    return action


@transaction.atomic
def action_cancel(*, action: Action, by: User, reason: str) -> Action:
    """The ISO secretary cancels an open action, with a reason. A review's decisions are
    withdrawn only while its minutes are a draft."""
    action, nonconformity = _locked_action(action)
    check_action_cancel(action, by)
    reason = nfc(required_text(reason, "reason", _("Say why the action is cancelled.")))
    action.status, action.cancel_reason = A.CANCELLED, reason
    action._history_user, action._change_reason = by, reason
    action.save(update_fields=["status", "cancel_reason"])
    if nonconformity is not None:
        nonconformities.record_event(
            nonconformity,
            NonconformityEvent.Kind.ACTION_CANCELLED,
            by,
            comment=f"{action.title}: {reason}",
        )
        nonconformity_actions.actions_settled(nonconformity, by)
    return action


@transaction.atomic
def actions_remind(*, on: date | None = None) -> int:
    """Mail each owner the open actions due within three days or overdue, once a day: an
    action reminded today is not reminded again (run daily; running twice sends nothing new).
    Returns the number of messages queued."""
    on = on or timezone.localdate()
    due = (
        Action.objects.filter(status=A.OPEN, due_on__lte=on + timedelta(days=REMIND_DAYS_BEFORE))
        .exclude(reminders__sent_on=on)
        .exclude(owner__email="")
        .filter(owner__is_active=True)
        .select_related("owner", "agency", "nonconformity", "review", "objective", "risk")
        .order_by("owner_id", "due_on", "pk")
    )
    by_owner: dict[User, list[Action]] = defaultdict(list)
    for action in due:
        by_owner[action.owner].append(action)
    for owner, actions in by_owner.items():
        ActionReminder.objects.bulk_create(
            ActionReminder(
                action=action, sent_on=on, overdue=action.due_on < on, recipient=owner.email
            )
            for action in actions
        )
        notifications.actions_reminder(owner, actions, on=on)
    return len(by_owner)
