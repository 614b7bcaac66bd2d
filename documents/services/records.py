from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import Document, RecordDisposal, RecordItem
from qms.agencies.models import User
from qms.agencies.permissions import require

R = RecordItem.Retention


def last_year_due(item: RecordItem, *, today: date) -> int | None:
    """The last year whose records ``item``'s retention rule lets go on ``today``, or None.

    N years: the records of year Y go once Y + N < today's year. Until superseded: the
    records of the years before the procedure's current issue took effect, once a later
    issue (on paper or here) superseded an earlier one. N years after an event: no date here
    says when the event happened, so Y + N < today's year is only the earliest it can be,
    and the secretary decides. Permanent: never. ``item.revision`` is the effective issue.
    """
    if item.retention in (R.YEARS, R.YEARS_AFTER_EVENT) and item.retention_years is not None:
        return today.year - item.retention_years - 1
    revision = item.revision
    if item.retention == R.UNTIL_SUPERSEDED and revision.number > 1 and revision.effective_date:
        return revision.effective_date.year - 1
    return None


def _not_due_message(item: RecordItem, year: int) -> str:
    if item.retention == R.PERMANENT:
        return _("These records are kept permanently.")
    if item.retention == R.UNTIL_SUPERSEDED:
        return _("Records of %(year)s are kept until the procedure is superseded.") % {"year": year}
    until = year + item.retention_years
    if item.retention == R.YEARS_AFTER_EVENT:
        return _(
            "Records of %(year)s are kept %(retention)s: at least until the end of %(until)s."
        ) % {"year": year, "retention": item.retention_display, "until": until}
    return _("Records of %(year)s are kept until the end of %(until)s.") % {
        "year": year,
        "until": until,
    }


@transaction.atomic
def record_disposal_register(
    *, document: Document, by: User, record_name: str, year: int, note: str = ""
) -> RecordDisposal:
    """Log that one year's records of a series were disposed of, once their retention rule
    lets them go (``last_year_due``); ValidationError otherwise, PermissionDenied for
    anyone who does not keep the register."""
    require(by, "manage_documents", document.agency)
    revision = document.effective_revision
    item = revision.records.filter(name=record_name).first() if revision else None
    if item is None:
        raise ValidationError(_("This record series is not in the document's effective issue."))
    today = timezone.localdate()
    last = last_year_due(item, today=today)
    if last is None or year > last:
        raise ValidationError(_not_due_message(item, year))
    disposal = RecordDisposal(
        agency=document.agency,
        document=document,
        record_name=record_name,
        year=year,
        disposed_by=by,
        disposed_on=today,
        note=note,
    )
    try:
        with transaction.atomic():
            disposal.save()
    except IntegrityError:
        raise ValidationError(_("These records were already disposed of.")) from None
    return disposal
