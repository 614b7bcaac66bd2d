"""Planning of changes (6.3): the ISO secretary records a change before it is made, marks it
made, and checks afterwards whether it had the effect it was made for. A change is edited only
while it is planned; its check is recorded once, with what was looked at."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.models import PlannedChange
from audits.services.checks import check_member, required_text
from audits.services.context import uses_context
from audits.services.programmes import save_with_reason
from qms.agencies.models import Agency, User
from qms.agencies.permissions import require
from qms.lib.text import nfc


def _check(agency: Agency, by: User) -> None:
    require(by, "manage_audits", agency)
    if not uses_context(agency):
        raise ValidationError(_("Planning of changes belongs to ISO 9001:2015 and later."))


def _locked(change: PlannedChange, *statuses: str) -> PlannedChange:
    change = PlannedChange.objects.select_for_update().select_related("agency").get(pk=change.pk)
    if change.status not in statuses:
        raise ValidationError(
            _("This change is %(status)s: it cannot be changed that way.")
            % {"status": change.get_status_display().lower()}
        )
    return change


@transaction.atomic
def planned_change_save(
    *,
    agency: Agency,
    by: User,
    title: str,
    purpose: str,
    owner: User,
    due_on: date,
    integrity: str = "",
    resources: str = "",
    documents=(),
    change: PlannedChange | None = None,
) -> PlannedChange:
    """Record a change to make, or correct one still planned."""
    _check(agency, by)
    if change is not None:
        if change.agency_id != agency.pk:
            raise ValidationError(_("This belongs to another agency."))
        change = _locked(change, PlannedChange.Status.PLANNED)
    check_member(agency, owner=owner)
    documents = list(documents)
    if any(document.agency_id != agency.pk for document in documents):
        raise ValidationError({"documents": _("This belongs to another agency.")})
    creating = change is None
    change = change or PlannedChange(agency=agency)
    change.title = nfc(required_text(title, "title", _("Name the change.")))
    change.purpose = nfc(
        required_text(purpose, "purpose", _("State its purpose and potential consequences."))
    )
    change.integrity, change.resources = nfc(integrity.strip()), nfc(resources.strip())
    change.owner, change.due_on = owner, due_on
    change.full_clean()
    save_with_reason(change, by, _("Change planned") if creating else _("Planned change edited"))
    change.documents.set(documents)
    return change


@transaction.atomic
def planned_change_made(*, change: PlannedChange, by: User, on: date | None = None) -> None:
    _check(change.agency, by)
    change = _locked(change, PlannedChange.Status.PLANNED)
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"made_on": _("A change cannot be made in the future.")})
    change.status, change.made_on = PlannedChange.Status.MADE, on
    save_with_reason(change, by, _("Change made"), ["status", "made_on"])


@transaction.atomic
def planned_change_check(
    *, change: PlannedChange, by: User, effective: bool, effectiveness: str
) -> None:
    """Record whether the change had the effect it was made for, and what showed it."""
    _check(change.agency, by)
    change = _locked(change, PlannedChange.Status.MADE)
    change.effectiveness = nfc(
        required_text(effectiveness, "effectiveness", _("Say what showed the result."))
    )
    change.status = (
        PlannedChange.Status.EFFECTIVE if effective else PlannedChange.Status.INEFFECTIVE
    )
    change.checked_on, change.checked_by = timezone.localdate(), by
    save_with_reason(
        change,
        by,
        _("Effectiveness checked"),
        ["effectiveness", "status", "checked_on", "checked_by"],
    )
