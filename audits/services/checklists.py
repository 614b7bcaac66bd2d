"""The audit checklist: built from the clauses and procedures in scope, edited by the team,
answered item by item with the evidence seen."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from audits.models import Audit, ChecklistItem
from audits.services.audit_plans import locked_audit
from audits.services.checks import required_text
from audits.workflow import is_on_team
from qms.agencies.models import User
from qms.agencies.permissions import require
from qms.lib.text import nfc

Origin = ChecklistItem.Origin


def require_team(audit: Audit, by: User) -> None:
    """A member of the audit's team (holding the auditor role), or the ISO secretary."""
    if is_on_team(audit, by) and by.has_perm("qms.audit", audit.agency):
        return
    require(by, "manage_audits", audit.agency)


def check_fieldwork(audit: Audit) -> None:
    if audit.status not in Audit.FIELDWORK:
        raise ValidationError(
            _("The audit is “%(status)s”: its checklist and findings no longer change.")
            % {"status": audit.get_status_display()}
        )


def _questions(audit: Audit):
    """(origin, clause, document, question) for every clause and every procedure in scope."""
    for clause in audit.clauses.order_by("sort_key"):
        yield (
            Origin.CLAUSE,
            clause,
            None,
            _("Clause %(number)s “%(title)s”: is the requirement met, and what shows it?")
            % {"number": clause.number, "title": clause.title},
        )
    documents = audit.documents.select_related("effective_revision").order_by("code")
    for document in documents:
        revision = document.effective_revision
        if revision is None:
            continue
        for step in revision.steps.order_by("order"):
            yield (
                Origin.STEP,
                None,
                document,
                _("%(code)s, step %(order)s: %(task)s. Done as written, by %(who)s, on time?")
                % {
                    "code": document.code,
                    "order": step.order,
                    "task": step.content.rstrip(". "),
                    "who": step.responsible or _("the person in charge"),
                },
            )
        for record in revision.records.order_by("order"):
            yield (
                Origin.RECORD,
                None,
                document,
                _("%(code)s, record “%(name)s”: kept, complete, filed where the procedure says?")
                % {"code": document.code, "name": record.name},
            )


@transaction.atomic
def checklist_build(*, audit: Audit, by: User) -> int:
    """Add the questions of the clauses and procedures in scope that the checklist lacks.

    Building again after the scope grew adds only what is new; items the team edited or
    answered stay as they are. Returns the number of items added.
    """
    audit = locked_audit(audit)
    require_team(audit, by)
    check_fieldwork(audit)
    existing = {
        (item.origin, item.clause_id, item.document_id, item.question)
        for item in audit.checklist.all()
    }
    order = audit.checklist.aggregate(top=Max("order"))["top"] or 0
    new = []
    for origin, clause, document, question in _questions(audit):
        key = (origin, clause.pk if clause else None, document.pk if document else None, question)
        if key in existing:
            continue
        order += 1
        new.append(
            ChecklistItem(
                audit=audit,
                order=order,
                origin=origin,
                clause=clause,
                document=document,
                question=question,
            )
        )
    # bulk_create alone writes no history: the items are created with their history rows.
    bulk_create_with_history(
        new, ChecklistItem, default_user=by, default_change_reason=_("Checklist built")
    )
    return len(new)


def _check_scope(audit: Audit, clause, document, unit) -> None:
    if clause is not None and clause.version != audit.iso_version:
        raise ValidationError({"clause": _("Choose a clause of the version this agency applies.")})
    for field, obj in (("document", document), ("unit", unit)):
        if obj is not None and obj.agency_id != audit.agency_id:
            raise ValidationError({field: _("This belongs to another agency.")})


@transaction.atomic
def checklist_item_add(
    *, audit: Audit, by: User, question: str, clause=None, document=None, unit=None
) -> ChecklistItem:
    audit = locked_audit(audit)
    require_team(audit, by)
    check_fieldwork(audit)
    _check_scope(audit, clause, document, unit)
    order = (audit.checklist.aggregate(top=Max("order"))["top"] or 0) + 1
    item = ChecklistItem(
        audit=audit,
        order=order,
        origin=Origin.ADDED,
        clause=clause,
        document=document,
        unit=unit,
        question=nfc(required_text(question, "question", _("Write what to check."))),
    )
    item._history_user = by
    item._change_reason = _("Checklist item added")
    item.save()
    return item


@transaction.atomic
def checklist_item_remove(*, item: ChecklistItem, by: User) -> None:
    """Remove an item nobody answered and no finding cites."""
    audit = locked_audit(item.audit)
    require_team(audit, by)
    check_fieldwork(audit)
    if item.result or item.findings.exists():
        raise ValidationError(_("An answered item, or one a finding cites, stays on the list."))
    item._history_user = by
    item._change_reason = _("Checklist item removed")
    item.delete()


def _check_may_answer(audit: Audit, by: User) -> None:
    """Only auditors of the team answer, during the fieldwork, once the plan has gone out."""
    if not (is_on_team(audit, by) and by.has_perm("qms.audit", audit.agency)):
        raise PermissionDenied
    check_fieldwork(audit)
    if audit.status != Audit.Status.NOTIFIED:
        raise ValidationError(_("Send the plan to the auditees before the fieldwork starts."))


def _set_answer(item: ChecklistItem, by: User, result: str, evidence: str, unit=None) -> bool:
    """Set the answer on ``item`` and save it with its history; False when nothing changed.

    An empty result ("not assessed yet") clears an answer, unless a finding cites the item.
    Every result but "not applicable" needs its evidence."""
    evidence = nfc((evidence or "").strip())
    if result and result not in ChecklistItem.Result.values:
        raise ValidationError({"result": _("Choose a result.")})
    if result and result != ChecklistItem.Result.NOT_APPLICABLE and not evidence:
        raise ValidationError({"evidence": _("Write the evidence seen: records, interviews, …")})
    unchanged = (item.result, item.evidence) == (result, evidence if result else item.evidence)
    if unchanged and (unit is None or unit.pk == item.unit_id):
        return False
    if not result:
        if item.findings.exists():
            raise ValidationError(
                {"result": _("A finding cites this item: its result cannot be cleared.")}
            )
        item.result, item.evidence, item.answered_by, item.answered_at = "", "", None, None
        item._change_reason = _("Answer cleared")
    else:
        item.result, item.evidence = result, evidence
        item.answered_by, item.answered_at = by, timezone.now()
        item._change_reason = _("Answered: %(result)s") % {
            "result": ChecklistItem.Result(result).label
        }
    item.unit = unit or item.unit
    item._history_user = by
    item.save()
    return True


@transaction.atomic
def checklist_answer(
    *, item: ChecklistItem, by: User, result: str, evidence: str, unit=None
) -> ChecklistItem:
    """Record the result of an item and the evidence seen (an empty result clears it). Only
    auditors of the team answer, once the plan has gone out. Every result but "not
    applicable" needs its evidence."""
    audit = locked_audit(item.audit)
    _check_may_answer(audit, by)
    _check_scope(audit, None, None, unit)
    item.audit = audit
    _set_answer(item, by, result, evidence, unit)
    return item


@transaction.atomic
def checklist_answer_many(
    *, audit: Audit, by: User, answers: dict[int, tuple[str, str]]
) -> list[ChecklistItem]:
    """Answer many items of ``audit`` at once: ``answers`` maps an item's id to its (result,
    evidence). The rules of ``checklist_answer`` hold for each item; items whose answer did
    not change are left alone. One item in error saves nothing: the ValidationError maps
    each item's id to its errors. Returns the items changed."""
    audit = locked_audit(audit)
    _check_may_answer(audit, by)
    items = {item.pk: item for item in audit.checklist.filter(pk__in=list(answers))}
    if len(items) != len(answers):
        raise ValidationError(_("Some items are not on this audit's checklist."))
    changed, errors = [], {}
    for pk, (result, evidence) in answers.items():
        item = items[pk]
        item.audit = audit
        try:
            if _set_answer(item, by, result, evidence):
                changed.append(item)
        except ValidationError as error:
            errors[pk] = error.messages
    if errors:
        raise ValidationError(errors)
    return changed
