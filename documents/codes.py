"""Document codes from a per-type pattern such as "{prefix}-{unit}-{number:02}".

Codes keep the agency's own punctuation; they are unique per agency.
"""

import string
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

FIELDS = {"prefix", "number", "unit", "parent"}
# Document numbers a pattern must tell apart: more than any agency registers of one type.
MAX_NUMBER = 9999


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
    writes = _writes_every_number(pattern)
    if writes is None:
        raise ValidationError(_("The code pattern is not well formed."))
    if not writes:
        raise ValidationError(_("The code pattern must write each number in full, with digits."))


@lru_cache(maxsize=256)
def _writes_every_number(pattern: str) -> bool | None:
    """Whether the pattern gives each number up to MAX_NUMBER its own printable code; None
    when it cannot format a number at all.

    A format such as {number!s:.1} cuts numbers short, and {number:c} makes them characters:
    two documents would share a code, or a code could not be typed or printed. Formatting ten
    thousand codes takes tens of milliseconds, and agencies share a few patterns: cached.
    """
    try:
        codes = {
            format_code(pattern, prefix="QT", number=number, unit="VP", parent="QT-01")
            for number in range(1, MAX_NUMBER + 1)
        }
    except (ValueError, KeyError, IndexError, OverflowError, TypeError):
        return None
    return len(codes) == MAX_NUMBER and all(code.isprintable() for code in codes)


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
