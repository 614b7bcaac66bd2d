"""The life of a nonconformity: registered → correction and root cause recorded → action plan
→ actions in progress → awaiting verification → closed (or cancelled, with a reason).

Gates (invariant 5): no plan starts without an open action; nothing closes while an action
is open or before someone other than the action owners verified that the actions worked;
"not effective" reopens the plan.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from audits import notifications
from audits.models import Action, Nonconformity, NonconformityEvent
from audits.services.checks import check_member, check_same_agency, required_text
from audits.workflow import check_transition
from documents.services.changes import change_request_create
from qms.agencies.models import Agency, User
from qms.agencies.permissions import any_permission, require
from qms.lib.text import nfc

S = Nonconformity.Status
E = NonconformityEvent.Kind
# Who may register a nonconformity: the ISO secretary and the internal auditors.
REGISTRARS = ("manage_audits", "audit")
# Who may verify effectiveness.
VERIFIERS = ("audit", "manage_audits")


def _require_any(by: User, agency: Agency, codenames) -> None:
    if not any_permission(by, codenames, agency):
        raise PermissionDenied


def locked(nonconformity: Nonconformity) -> Nonconformity:
    """Re-read the nonconformity under a row lock: its transitions and its actions' transitions
    are serialised on it."""
    return (
        # Lock this row only: the optional document joins as an outer join.
        Nonconformity.objects.select_for_update(of=("self",))
        .select_related("agency", "document")
        .get(pk=nonconformity.pk)
    )


def _save(nonconformity: Nonconformity, by: User | None, reason: str, fields: list[str]) -> None:
    nonconformity._history_user = by
    nonconformity._change_reason = reason
    nonconformity.save(update_fields=fields)


def record_event(
    nonconformity: Nonconformity,
    kind: str,
    by: User | None,
    *,
    before: str = "",
    comment: str = "",
) -> NonconformityEvent:
    """Append an event row; ``before`` is the status before a transition (empty if none)."""
    return NonconformityEvent.objects.create(
        nonconformity=nonconformity,
        kind=kind,
        from_status=before,
        to_status=nonconformity.status if before else "",
        comment=comment,
        by=by,
    )


def _move(
    nonconformity: Nonconformity,
    to: str,
    by: User | None,
    kind: str,
    comment: str = "",
    fields: tuple[str, ...] = (),
) -> None:
    """Change the status (and ``fields`` set by the caller) in one save, with its event row."""
    before = nonconformity.status
    nonconformity.status = to
    reason = f"{E(kind).label}: {comment}" if comment else str(E(kind).label)
    _save(nonconformity, by, reason, ["status", *fields])
    record_event(nonconformity, kind, by, before=before, comment=comment)


def _check_open(nonconformity: Nonconformity) -> None:
    if nonconformity.is_ended:
        raise ValidationError(
            _("This nonconformity is “%(status)s”; it no longer changes.")
            % {"status": nonconformity.get_status_display()}
        )


def _check_detected_on(detected_on: date) -> None:
    if detected_on > timezone.localdate():
        raise ValidationError({"detected_on": _("The detection date cannot be in the future.")})


@transaction.atomic
def nonconformity_create(
    *,
    agency: Agency,
    by: User,
    source: str,
    title: str,
    description: str,
    detected_on: date,
    detected_by: User | None = None,
    source_reference: str = "",
    clause=None,
    unit=None,
    document=None,
    objective=None,
) -> Nonconformity:
    """Register a nonconformity with the agency's next code of its year (NC-2026-007).

    The ISO secretary or an internal auditor registers; the clause must be of the agency's ISO
    version and the unit, document and objective of the agency. Raises ValidationError.
    """
    _require_any(by, agency, REGISTRARS)
    detected_by = detected_by or by
    check_member(agency, detected_by=detected_by)
    check_same_agency(agency, clause=clause, unit=unit, document=document, objective=objective)
    if source not in Nonconformity.Source.values:
        raise ValidationError({"source": _("Choose where the nonconformity comes from.")})
    title = required_text(title, "title", _("Give the nonconformity a short title."))
    description = required_text(description, "description", _("Describe what does not conform."))
    _check_detected_on(detected_on)
    return _register(
        agency=agency,
        by=by,
        source=source,
        source_reference=source_reference,
        title=title,
        description=description,
        detected_on=detected_on,
        detected_by=detected_by,
        clause=clause,
        unit=unit,
        document=document,
        objective=objective,
    )


@transaction.atomic
def nonconformity_create_from_inspection(
    *,
    agency: Agency,
    by: User,
    title: str,
    description: str,
    detected_on: date,
    source_reference: str = "",
) -> Nonconformity:
    """Register, at the inspected agency, a nonconformity found by the province's inspection.

    The inspector is a supervisor of the province: he holds ``supervise`` on the agency but is
    not one of its registrars, and not one of its members; this is the only path by which he
    writes into an agency's register, and the source is always INSPECTION. Raises
    PermissionDenied without ``supervise`` and ValidationError on bad input.
    """
    require(by, "supervise", agency)
    title = required_text(title, "title", _("Give the nonconformity a short title."))
    description = required_text(description, "description", _("Describe what does not conform."))
    _check_detected_on(detected_on)
    return _register(
        agency=agency,
        by=by,
        source=Nonconformity.Source.INSPECTION,
        source_reference=source_reference,
        title=title,
        description=description,
        detected_on=detected_on,
        detected_by=by,
    )


def _register(
    *,
    agency: Agency,
    by: User,
    source: str,
    source_reference: str,
    title: str,
    description: str,
    detected_on: date,
    detected_by: User,
    clause=None,
    unit=None,
    document=None,
    objective=None,
) -> Nonconformity:
    # Lock the agency row so that two people registering at once get consecutive numbers.
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    year = detected_on.year
    top = Nonconformity.objects.filter(agency=agency, year=year).aggregate(top=Max("number"))
    number = (top["top"] or 0) + 1
    nonconformity = Nonconformity(
        agency=agency,
        code=f"NC-{year}-{number:03}",
        year=year,
        number=number,
        source=source,
        source_reference=nfc(source_reference.strip()),
        title=nfc(title),
        description=nfc(description),
        clause=clause,
        unit=unit,
        document=document,
        objective=objective,
        detected_by=detected_by,
        detected_on=detected_on,
    )
    nonconformity.refresh_search_text()
    nonconformity._history_user = by
    nonconformity._change_reason = _("Nonconformity registered")
    nonconformity.save()
    record_event(nonconformity, E.REGISTERED, by)
    notifications.nonconformity_registered(nonconformity, by=by)
    return nonconformity


@transaction.atomic
def nonconformity_update(
    *, nonconformity: Nonconformity, by: User, reason: str, **fields
) -> Nonconformity:
    """Correct the register entry (source, description, clause, unit, document, detection)
    of a nonconformity that has not ended. A reason is required."""
    nonconformity = locked(nonconformity)
    agency = nonconformity.agency
    require(by, "manage_audits", agency)
    _check_open(nonconformity)
    reason = required_text(reason, "reason", _("Say why the entry changes."))
    check_same_agency(
        agency,
        clause=fields.get("clause"),
        unit=fields.get("unit"),
        document=fields.get("document"),
    )
    check_member(agency, detected_by=fields.get("detected_by"))
    if "detected_on" in fields:
        _check_detected_on(fields["detected_on"])
        earliest = nonconformity.actions.exclude(status=Action.Status.CANCELLED).order_by("due_on")
        first = earliest.values_list("due_on", flat=True).first()
        if first is not None and fields["detected_on"] > first:
            raise ValidationError(
                {"detected_on": _("An action of this nonconformity is due before that date.")}
            )
    for field in ("title", "description"):
        if field in fields:
            fields[field] = required_text(fields[field], field, _("This field is required."))
    for name, value in fields.items():
        setattr(nonconformity, name, nfc(value.strip()) if isinstance(value, str) else value)
    nonconformity.refresh_search_text()
    _save(nonconformity, by, nfc(reason), [*fields, "search_text"])
    return nonconformity


def clean_whys(whys: list[str]) -> list[str]:
    """The answers in order, without empty ones; at most five."""
    answers = [nfc(answer.strip()) for answer in whys if answer and answer.strip()]
    if len(answers) > Nonconformity.MAX_WHYS:
        raise ValidationError({"whys": _("Five “why” answers at most.")})
    return answers


@transaction.atomic
def nonconformity_analyse(
    *, nonconformity: Nonconformity, by: User, correction: str, whys: list[str]
) -> Nonconformity:
    """Record the correction made at once and the 5-why analysis (the last answer is the root
    cause). The first analysis moves an open nonconformity on; it may be revised until the
    action plan starts."""
    nonconformity = locked(nonconformity)
    require(by, "manage_audits", nonconformity.agency)
    if nonconformity.status not in (S.OPEN, S.ANALYSED, S.ACTION_PLAN):
        raise ValidationError(_("The analysis no longer changes once the action plan started."))
    correction = required_text(
        correction, "correction", _("Say what was corrected at once, or why nothing was.")
    )
    answers = clean_whys(whys)
    if not answers:
        raise ValidationError({"whys": _("Answer at least one “why”: the last is the root cause.")})
    nonconformity.correction, nonconformity.whys = nfc(correction), answers
    if nonconformity.status == S.OPEN:
        check_transition(nonconformity, S.ANALYSED, by=by)
        _move(nonconformity, S.ANALYSED, by, E.ANALYSED, fields=("correction", "whys"))
    else:
        _save(nonconformity, by, _("Analysis revised"), ["correction", "whys"])
        record_event(nonconformity, E.ANALYSED, by, comment=_("Analysis revised"))
    return nonconformity


def plan_action_added(nonconformity: Nonconformity, action: Action, by: User) -> None:
    """Called (locked) when an action joins the plan: a fresh analysis becomes an action plan."""
    if nonconformity.status == S.ANALYSED:
        check_transition(nonconformity, S.ACTION_PLAN, by=by)
        _move(nonconformity, S.ACTION_PLAN, by, E.ACTION_ADDED, action.title)
    else:
        record_event(nonconformity, E.ACTION_ADDED, by, comment=action.title)


@transaction.atomic
def nonconformity_start(*, nonconformity: Nonconformity, by: User) -> Nonconformity:
    """Start carrying out the action plan. Needs at least one open action."""
    nonconformity = locked(nonconformity)
    check_transition(nonconformity, S.IN_PROGRESS, by=by)
    if not nonconformity.actions.filter(status=Action.Status.OPEN).exists():
        raise ValidationError(_("Add at least one action before starting the plan."))
    # Days to plan count to the first start; a plan reopened after verification keeps it.
    if nonconformity.plan_started_at is None:
        nonconformity.plan_started_at = timezone.now()
    _move(nonconformity, S.IN_PROGRESS, by, E.STARTED, fields=("plan_started_at",))
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
    _move(nonconformity, S.AWAITING_VERIFICATION, by, E.READY)
    notifications.nonconformity_to_verify(nonconformity)


def action_owner_ids(nonconformity: Nonconformity) -> set[int]:
    return set(
        nonconformity.actions.exclude(status=Action.Status.CANCELLED).values_list(
            "owner_id", flat=True
        )
    )


def can_verify(nonconformity: Nonconformity, user: User) -> bool:
    return (
        nonconformity.status == S.AWAITING_VERIFICATION
        and nonconformity.verification_result != Nonconformity.Effectiveness.EFFECTIVE
        and any_permission(user, VERIFIERS, nonconformity.agency)
        and user.pk not in action_owner_ids(nonconformity)
    )


@transaction.atomic
def nonconformity_verify(
    *, nonconformity: Nonconformity, by: User, result: str, evidence: str
) -> Nonconformity:
    """Verify whether the actions removed the cause, with evidence. The verifier (an internal
    auditor or the ISO secretary) owns none of the actions. "Not effective" reopens the plan
    for new actions."""
    nonconformity = locked(nonconformity)
    _require_any(by, nonconformity.agency, VERIFIERS)
    if nonconformity.status != S.AWAITING_VERIFICATION:
        raise ValidationError(_("Only a nonconformity whose actions are all done can be verified."))
    if nonconformity.verification_result == Nonconformity.Effectiveness.EFFECTIVE:
        raise ValidationError(_("The effectiveness was already verified; it can be closed."))
    if by.pk in action_owner_ids(nonconformity):
        raise ValidationError(_("Nobody verifies the effectiveness of their own actions."))
    if result not in Nonconformity.Effectiveness.values:
        raise ValidationError({"result": _("Say whether the actions were effective.")})
    evidence = required_text(
        evidence, "evidence", _("Say what you checked: the evidence of effectiveness.")
    )
    nonconformity.verification_result, nonconformity.verification_evidence = result, nfc(evidence)
    nonconformity.verified_by, nonconformity.verified_at = by, timezone.now()
    fields = ["verification_result", "verification_evidence", "verified_by", "verified_at"]
    if result == Nonconformity.Effectiveness.EFFECTIVE:
        _save(nonconformity, by, str(E.EFFECTIVE.label), fields)
        record_event(nonconformity, E.EFFECTIVE, by, comment=nonconformity.verification_evidence)
    else:
        check_transition(nonconformity, S.ACTION_PLAN, by=by)
        _move(
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
    require(by, "manage_audits", nonconformity.agency)
    _check_open(nonconformity)
    still_open = list(
        nonconformity.actions.filter(status=Action.Status.OPEN).values_list("title", flat=True)
    )
    if still_open:
        raise ValidationError(
            _("It cannot close while %(count)s action(s) are open: %(titles)s.")
            % {"count": len(still_open), "titles": "; ".join(still_open)}
        )
    if (
        nonconformity.status != S.AWAITING_VERIFICATION
        or nonconformity.verification_result != Nonconformity.Effectiveness.EFFECTIVE
    ):
        raise ValidationError(
            _(
                "It cannot close before someone other than the action owners verified that "
                "the actions were effective."
            )
        )
    check_transition(nonconformity, S.CLOSED, by=by)
    nonconformity.closed_by, nonconformity.closed_at = by, timezone.now()
    _move(nonconformity, S.CLOSED, by, E.CLOSED, nfc(comment.strip()), ("closed_by", "closed_at"))
    return nonconformity


@transaction.atomic
def nonconformity_cancel(*, nonconformity: Nonconformity, by: User, reason: str) -> Nonconformity:
    """Cancel a nonconformity registered by mistake or twice; its open actions are cancelled
    too. A reason is required."""
    nonconformity = locked(nonconformity)
    require(by, "manage_audits", nonconformity.agency)
    _check_open(nonconformity)
    reason = nfc(required_text(reason, "reason", _("Say why the nonconformity is cancelled.")))
    check_transition(nonconformity, S.CANCELLED, by=by)
    for action in nonconformity.actions.select_for_update().filter(status=Action.Status.OPEN):
        action.status, action.cancel_reason = Action.Status.CANCELLED, reason
        action._history_user, action._change_reason = by, reason
        action.save(update_fields=["status", "cancel_reason"])
    nonconformity.cancel_reason = reason
    _move(nonconformity, S.CANCELLED, by, E.CANCELLED, reason, ("cancel_reason",))
    return nonconformity


@transaction.atomic
def nonconformity_request_document_change(
    *, nonconformity: Nonconformity, by: User, reason: str, description: str = ""
) -> Nonconformity:
    """Ask for a change to the nonconformity's document: a change request with the source
    "nonconformity" goes to whoever decides change requests. One per nonconformity."""
    nonconformity = locked(nonconformity)
    require(by, "manage_audits", nonconformity.agency)
    _check_open(nonconformity)
    if nonconformity.document is None:
        raise ValidationError(_("Link the nonconformity to a document first."))
    if nonconformity.change_request_id is not None:
        raise ValidationError(_("A change to the document was already requested."))
    reason = required_text(reason, "reason", _("Say why the document must change."))
    change_request = change_request_create(
        document=nonconformity.document,
        by=by,
        reason=nfc(reason),
        description=nfc(description.strip()),
        source="nonconformity",
    )
    nonconformity.change_request = change_request
    _save(nonconformity, by, str(E.CHANGE_REQUESTED.label), ["change_request"])
    record_event(nonconformity, E.CHANGE_REQUESTED, by, comment=change_request.reason)
    return nonconformity
