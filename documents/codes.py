"""Document codes from a per-type pattern such as "{prefix}-{unit}-{number:02}".

Codes keep the agency's own punctuation; they are unique per agency.
"""

import string

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

FIELDS = {"prefix", "number", "unit", "parent"}


def validate_code_pattern(pattern: str) -> None:
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError:
        raise ValidationError(_("The code pattern is not well formed.")) from None
    names = {name for _text, name, _spec, _conv in parsed if name is not None}
    if "number" not in names:
        raise ValidationError(_("The code pattern must contain {number}."))
    unknown = names - FIELDS
    if unknown:
        raise ValidationError(
            _("Unknown field in the code pattern: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    try:
        format_code(pattern, prefix="QT", number=1, unit="VP", parent="QT-01")
    except (ValueError, KeyError, IndexError):
        raise ValidationError(_("The code pattern is not well formed.")) from None


def format_code(pattern: str, *, prefix: str, number: int, unit: str = "", parent: str = "") -> str:
    return pattern.format(prefix=prefix, number=number, unit=unit, parent=parent)


def numbering_scope(document_type, *, unit=None, parent=None) -> dict:
    """Documents that share one number sequence: same type, and same unit or parent when
    the pattern contains them."""
    scope = {"agency_id": document_type.agency_id, "type": document_type}
    if "{unit" in document_type.code_pattern:
        scope["owner_unit"] = unit
    if "{parent" in document_type.code_pattern:
        scope["parent"] = parent
    return scope


def next_code(document_type, *, unit=None, parent=None) -> tuple[int, str]:
    """The next free (number, code) for a new document of ``document_type``."""
    from documents.models import Document

    scope = numbering_scope(document_type, unit=unit, parent=parent)
    number = (Document.objects.filter(**scope).aggregate(top=Max("number"))["top"] or 0) + 1
    taken = Document.objects.filter(agency_id=document_type.agency_id)
    for _attempt in range(1000):
        code = format_code(
            document_type.code_pattern,
            prefix=document_type.prefix,
            number=number,
            unit=(unit.code or "") if unit else "",
            parent=parent.code if parent else "",
        )
        if not taken.filter(code=code).exists():
            return number, code
        number += 1
    raise ValidationError(_("No free code was found for this document type."))
