"""The register of the context of the organisation (ISO 9001:2015 clauses 4.1 and 4.2, with
Amd 1:2024): issues, the climate change decision with its reason, interested parties, and the
day the register was last reviewed. The ISO secretary keeps it; ISO 9001:2008 has no such
clause, so a 2008 agency has no register."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.models import ContextIssue, InterestedParty
from audits.services.checks import required_text
from documents.clauses import harmonized
from qms.agencies.models import Agency, User
from qms.agencies.permissions import require
from qms.lib.text import nfc


def uses_context(agency: Agency) -> bool:
    return harmonized(agency.iso_version)


def _check(agency: Agency, by: User, row=None) -> None:
    require(by, "manage_audits", agency)
    if not uses_context(agency):
        raise ValidationError(_("The context register belongs to ISO 9001:2015 and later."))
    if row is not None and row.agency_id != agency.pk:
        raise ValidationError(_("This belongs to another agency."))


def _save(row, by: User, reason: str) -> None:
    row.full_clean()
    row._history_user, row._change_reason = by, reason
    row.save()


@transaction.atomic
def context_issue_save(
    *,
    agency: Agency,
    by: User,
    origin: str,
    title: str,
    effect: str = "",
    relevant: bool = True,
    issue: ContextIssue | None = None,
) -> ContextIssue:
    """Record an issue or change it; a changed issue counts as reviewed today."""
    _check(agency, by, issue)
    if issue is not None and issue.is_climate:
        raise ValidationError(_("Change the climate change decision with its own form."))
    creating = issue is None
    issue = issue or ContextIssue(agency=agency)
    issue.origin = origin
    issue.title = nfc(required_text(title, "title", _("Name the issue.")))
    issue.effect, issue.relevant = nfc(effect.strip()), relevant
    issue.reviewed_on = timezone.localdate()
    _save(issue, by, _("Issue recorded") if creating else _("Issue changed"))
    return issue


@transaction.atomic
def climate_decide(*, agency: Agency, by: User, relevant: bool, reason: str) -> ContextIssue:
    """Decide, with a reason, whether climate change is a relevant issue (Amd 1:2024, 4.1)."""
    _check(agency, by)
    reason = nfc(required_text(reason, "reason", _("Give the reason for the decision.")))
    decision = ContextIssue.objects.filter(agency=agency, is_climate=True).first()
    decision = decision or ContextIssue(
        agency=agency, is_climate=True, origin=ContextIssue.Origin.EXTERNAL
    )
    decision.title = _("Climate change")
    decision.relevant, decision.effect = relevant, reason
    decision.reviewed_on = timezone.localdate()
    _save(decision, by, _("Climate change decision recorded"))
    return decision


@transaction.atomic
def interested_party_save(
    *,
    agency: Agency,
    by: User,
    name: str,
    requirements: str,
    climate_requirements: str = "",
    relevant: bool = True,
    party: InterestedParty | None = None,
) -> InterestedParty:
    _check(agency, by, party)
    creating = party is None
    party = party or InterestedParty(agency=agency)
    party.name = nfc(required_text(name, "name", _("Name the interested party.")))
    party.requirements = nfc(
        required_text(requirements, "requirements", _("State their relevant requirements."))
    )
    party.climate_requirements = nfc(climate_requirements.strip())
    party.relevant = relevant
    party.reviewed_on = timezone.localdate()
    _save(party, by, _("Interested party recorded") if creating else _("Interested party changed"))
    return party


@transaction.atomic
def context_reviewed(*, agency: Agency, by: User, on: date | None = None) -> int:
    """Record that the whole register was reviewed on ``on`` (default today), each row in its
    history; returns how many rows were dated."""
    _check(agency, by)
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError(_("A review cannot be dated in the future."))
    rows = [
        *ContextIssue.objects.filter(agency=agency).select_for_update(),
        *InterestedParty.objects.filter(agency=agency).select_for_update(),
    ]
    for row in rows:
        row.reviewed_on = on
        row._history_user, row._change_reason = by, _("Register reviewed")
        row.save(update_fields=["reviewed_on"])
    return len(rows)
