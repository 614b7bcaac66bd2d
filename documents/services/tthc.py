"""Importing the list of administrative procedures (TTHC) into the external documents register."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from documents.models import ExternalDocument
from documents.tthc import TthcRow, row_errors
from qms.agencies.models import Agency, User
from qms.agencies.permissions import require
from qms.lib.text import nfc

TTHC = ExternalDocument.Kind.PROCEDURE
UPDATED_FIELDS = ["title", "level", "sector", "time_limit_days"]


@dataclass
class TthcImportResult:
    created: list[ExternalDocument] = field(default_factory=list)
    updated: list[ExternalDocument] = field(default_factory=list)
    unchanged: int = 0


@transaction.atomic
def tthc_import(*, agency: Agency, by: User, rows: list[TthcRow]) -> TthcImportResult:
    """Register each row as an administrative procedure (TTHC) of ``agency``, found by its
    code: a new code is registered, a known one gets the row's name, level, field and legal
    time limit (its status and the documents tied to it are kept), so importing the same list
    again changes nothing. History records "Imported from the list of administrative
    procedures".

    All or nothing. Raises PermissionDenied without manage_documents, and ValidationError
    naming the row's code for an empty list, a code missing, malformed or twice in the list,
    a name missing or too long, or a negative time limit.
    """
    require(by, "manage_documents", agency)
    if not rows:
        raise ValidationError(_("There is nothing to import."))
    seen: set[str] = set()
    for row in rows:
        errors = row_errors(row)
        if row.code in seen:
            errors.append(_("The TTHC code appears more than once in the list."))
        if row.time_limit_days is not None and row.time_limit_days < 0:
            errors.append(_("The time limit cannot be negative."))
        if errors:
            raise ValidationError(
                _("%(code)s: %(error)s") % {"code": row.code or "—", "error": " ".join(errors)}
            )
        seen.add(row.code)
    existing = {
        external.number: external
        for external in ExternalDocument.objects.select_for_update().filter(
            agency=agency, kind=TTHC, number__in=seen
        )
    }
    reason = _("Imported from the list of administrative procedures")
    result = TthcImportResult()
    for row in rows:
        external = existing.get(row.code)
        values = {
            "title": nfc(row.name),
            "level": nfc(row.level),
            "sector": nfc(row.sector),
            "time_limit_days": row.time_limit_days,
        }
        if external is None:
            external = ExternalDocument(agency=agency, kind=TTHC, number=nfc(row.code), **values)
            result.created.append(external)
        elif all(getattr(external, name) == value for name, value in values.items()):
            result.unchanged += 1
            continue
        else:
            for name, value in values.items():
                setattr(external, name, value)
            result.updated.append(external)
        external._history_user = by
        external._change_reason = reason
        external.save()
    return result
