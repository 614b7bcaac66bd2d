from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import Document, RecordDisposal
from qms.agencies.models import User
from qms.agencies.permissions import require


@transaction.atomic
def record_disposal_register(
    *, document: Document, by: User, record_name: str, year: int, note: str = ""
) -> RecordDisposal:
    """Log that one year's records of a series were disposed of, once their retention ended."""
    require(by, "manage_documents", document.agency)
    revision = document.effective_revision
    item = revision.records.filter(name=record_name).first() if revision else None
    if item is None:
        raise ValidationError(_("This record series is not in the document's effective issue."))
    today = timezone.localdate()
    if item.retention_years is None:
        raise ValidationError(_("These records are kept permanently."))
    if year + item.retention_years >= today.year:
        raise ValidationError(
            _("Records of %(year)s are kept until the end of %(until)s.")
            % {"year": year, "until": year + item.retention_years}
        )
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
