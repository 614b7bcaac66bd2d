"""The life of a nonconformity: registered → correction and root cause recorded → action plan
→ actions in progress → awaiting verification → closed (or cancelled, with a reason).

Here: registering and correcting the entry, the analysis, a change to its document and the
cancellation, with the lock, the status move and the event row every step shares. From the
action plan to the closure: ``audits.services.nonconformity_actions``.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from audits import notifications
from audits.models import Action, Nonconformity, NonconformityEvent
from audits.services.checks import check_member, check_same_agency, required_text
from audits.workflow import (
    REGISTRARS,
    check_nonconformity_analyse,
    check_nonconformity_cancel,
    check_nonconformity_edit,
    check_nonconformity_request_change,
    require_any,
)
from documents.services.changes import change_request_create
from qms.agencies.models import Agency, User
from qms.agencies.permissions import require
from qms.lib.text import nfc

S = Nonconformity.Status
E = NonconformityEvent.Kind


def locked(nonconformity: Nonconformity) -> Nonconformity:
    """Re-read the nonconformity under a row lock: its transitions and its actions' transitions
    are serialised on it."""
    return (
        # Lock this row only: the optional document joins as an outer join.
        Nonconformity.objects.select_for_update(of=("self",))
        .select_related("agency", "document")
        .get(pk=nonconformity.pk)
    )


def save_with_reason(
    nonconformity: Nonconformity, by: User | None, reason: str, fields: list[str]
) -> None:
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


def move_status(
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
    save_with_reason(nonconformity, by, reason, ["status", *fields])
    record_event(nonconformity, kind, by, before=before, comment=comment)


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
    require_any(by, agency, REGISTRARS)
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
    check_nonconformity_edit(nonconformity, by)
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
    save_with_reason(nonconformity, by, nfc(reason), [*fields, "search_text"])
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
    check_nonconformity_analyse(nonconformity, by)
    correction = required_text(
        correction, "correction", _("Say what was corrected at once, or why nothing was.")
    )
    answers = clean_whys(whys)
    if not answers:
        raise ValidationError({"whys": _("Answer at least one “why”: the last is the root cause.")})
    nonconformity.correction, nonconformity.whys = nfc(correction), answers
    if nonconformity.status == S.OPEN:
        move_status(nonconformity, S.ANALYSED, by, E.ANALYSED, fields=("correction", "whys"))
    else:
        save_with_reason(nonconformity, by, _("Analysis revised"), ["correction", "whys"])
        record_event(nonconformity, E.ANALYSED, by, comment=_("Analysis revised"))
    return nonconformity


@transaction.atomic
def nonconformity_cancel(*, nonconformity: Nonconformity, by: User, reason: str) -> Nonconformity:
    """Cancel a nonconformity registered by mistake or twice; its open actions are cancelled
    too. A reason is required."""
    nonconformity = locked(nonconformity)
    check_nonconformity_cancel(nonconformity, by)
    reason = nfc(required_text(reason, "reason", _("Say why the nonconformity is cancelled.")))
    for action in nonconformity.actions.select_for_update().filter(status=Action.Status.OPEN):
        action.status, action.cancel_reason = Action.Status.CANCELLED, reason
        action._history_user, action._change_reason = by, reason
        action.save(update_fields=["status", "cancel_reason"])
    nonconformity.cancel_reason = reason
    move_status(nonconformity, S.CANCELLED, by, E.CANCELLED, reason, ("cancel_reason",))
    return nonconformity


@transaction.atomic
def nonconformity_request_document_change(
    *, nonconformity: Nonconformity, by: User, reason: str, description: str = ""
) -> Nonconformity:
    """Ask for a change to the nonconformity's document: a change request with the source
    "nonconformity" goes to whoever decides change requests. One per nonconformity."""
    nonconformity = locked(nonconformity)
    check_nonconformity_request_change(nonconformity, by)
    reason = required_text(reason, "reason", _("Say why the document must change."))
    change_request = change_request_create(
        document=nonconformity.document,
        by=by,
        reason=nfc(reason),
        description=nfc(description.strip()),
        source="nonconformity",
    )
    nonconformity.change_request = change_request
    save_with_reason(nonconformity, by, str(E.CHANGE_REQUESTED.label), ["change_request"])
    record_event(nonconformity, E.CHANGE_REQUESTED, by, comment=change_request.reason)
    return nonconformity
