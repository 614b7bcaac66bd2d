"""An agency's move to the next edition of TCVN ISO 9001.

The ISO secretary plans it: a target date and, for each clause the new edition changes or adds,
an owner and the evidence that covers it. The leader switches, once: the agency applies the new
edition from that day, new audits and reviews are made under it, and what was made before keeps
its own. Switching with clauses still uncovered needs an explicit confirmation and a reason.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.models import EditionTransition, TransitionItem
from audits.services.checks import check_member, is_member
from audits.services.programmes import save_with_reason
from documents.models import Document, IsoClause, IsoEdition
from qms.agencies.models import Agency, User
from qms.agencies.permissions import require
from qms.lib.text import nfc

PLAN = "manage_audits"  # the ISO secretary plans and keeps the items
SWITCH = "approve_documents"  # the leader decides the switch


def next_edition(agency: Agency) -> IsoEdition | None:
    """The loaded edition that replaces the one the agency applies, if any."""
    return IsoEdition.objects.filter(follows__code=agency.iso_version).first()


def clauses_to_cover(edition: IsoEdition):
    """The clauses of ``edition`` a move to it must cover: those its catalogue marks as changed
    or new, or every clause where the catalogue maps nothing from the edition before."""
    clauses = IsoClause.objects.filter(version=edition.code)
    moved = clauses.filter(change__in=[IsoClause.Change.CHANGED, IsoClause.Change.NEW])
    return moved if clauses.exclude(change="").exists() else clauses


@transaction.atomic
def transition_plan(*, agency: Agency, by: User, target_on: date) -> EditionTransition:
    """Plan the move to the next edition, one item per clause to cover."""
    require(by, PLAN, agency)
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    edition = next_edition(agency)
    if edition is None:
        raise ValidationError(_("No later edition of ISO 9001 is loaded for this agency's."))
    if EditionTransition.objects.filter(agency=agency, to_edition=edition).exists():
        raise ValidationError(_("The move to this edition is already planned."))
    today = timezone.localdate()
    if target_on < today:
        raise ValidationError({"target_on": _("The target date cannot be in the past.")})
    plan = EditionTransition(
        agency=agency,
        from_version=agency.iso_version,
        to_edition=edition,
        target_on=target_on,
        planned_on=today,
        planned_by=by,
    )
    save_with_reason(plan, by, _("Transition planned"))
    for clause in clauses_to_cover(edition):
        item = TransitionItem(transition=plan, clause=clause)
        save_with_reason(item, by, _("Transition planned"))
    return plan


def _open(plan: EditionTransition) -> EditionTransition:
    plan = EditionTransition.objects.select_for_update().select_related("agency").get(pk=plan.pk)
    if plan.switched_on is not None:
        raise ValidationError(_("The agency has already switched to this edition."))
    return plan


@transaction.atomic
def transition_retarget(*, plan: EditionTransition, by: User, target_on: date) -> None:
    require(by, PLAN, plan.agency)
    plan = _open(plan)
    if target_on < timezone.localdate():
        raise ValidationError({"target_on": _("The target date cannot be in the past.")})
    plan.target_on = target_on
    save_with_reason(plan, by, _("Target date changed"), ["target_on"])


@transaction.atomic
def transition_item_save(
    *,
    item: TransitionItem,
    by: User,
    owner: User | None,
    evidence: str = "",
    documents=(),
) -> TransitionItem:
    """Name who answers for a clause and record the evidence that covers it. An item is covered
    from the day it first has evidence (a description or a document) until it has none."""
    item = (
        TransitionItem.objects.select_for_update(of=("self",))
        .select_related("transition__agency")
        .get(pk=item.pk)
    )
    agency = item.transition.agency
    # The clause's owner records its evidence while still a member of the agency.
    if not (by.pk == item.owner_id and is_member(by, agency)):
        require(by, PLAN, agency)
    _open(item.transition)
    check_member(agency, owner=owner)
    documents = list(documents)
    if any(document.agency_id != agency.pk for document in documents):
        raise ValidationError({"documents": _("This belongs to another agency.")})
    item.owner = owner
    item.evidence = nfc(evidence.strip())
    has_evidence = bool(item.evidence or documents)
    if not has_evidence:
        item.covered_on = None
    elif item.covered_on is None:
        item.covered_on = timezone.localdate()
    save_with_reason(item, by, _("Transition item recorded"))
    item.documents.set(documents)
    return item


@transaction.atomic
def transition_switch(
    *, plan: EditionTransition, by: User, confirmed: bool = False, reason: str = ""
) -> EditionTransition:
    """Switch the agency to the edition of ``plan`` today.

    The documents keep the clauses they served and gain those of the new edition that carry
    them on, by the catalogue's mapping; an item's evidence documents serve its clause."""
    require(by, SWITCH, plan.agency)
    plan = _open(plan)
    agency = Agency.objects.select_for_update().get(pk=plan.agency_id)
    if agency.iso_version != plan.from_version:
        raise ValidationError(_("The agency no longer applies the edition this plan starts from."))
    uncovered = plan.items.filter(covered_on__isnull=True).count()
    reason = nfc(reason.strip())
    if uncovered and not (confirmed and reason):
        raise ValidationError(
            {
                "reason": _(
                    "%(count)s clauses of the plan have no evidence yet: confirm the switch "
                    "and give the reason to switch now."
                )
                % {"count": uncovered}
            }
        )
    plan.switched_on, plan.switched_by = timezone.localdate(), by
    plan.switch_reason = reason if uncovered else ""
    plan.open_at_switch = uncovered
    save_with_reason(plan, by, _("Switched to the new edition"))
    agency.iso_version = plan.to_edition.code
    agency._history_user, agency._change_reason = by, _("Switched to the new edition")
    agency.save(update_fields=["iso_version"])
    _carry_documents(plan)
    return plan


def _carry_documents(plan: EditionTransition) -> None:
    through = Document.clauses.through
    new = plan.to_edition.code
    pairs = set(
        through.objects.filter(
            document__agency=plan.agency,
            isoclause__version=plan.from_version,
            isoclause__carried_on_by__version=new,
        ).values_list("document_id", "isoclause__carried_on_by")
    )
    pairs |= set(
        TransitionItem.documents.through.objects.filter(
            transitionitem__transition=plan
        ).values_list("document_id", "transitionitem__clause_id")
    )
    through.objects.bulk_create(
        [through(document_id=document, isoclause_id=clause) for document, clause in pairs],
        ignore_conflicts=True,
    )
