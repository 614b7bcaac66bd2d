"""The heading of an administrative document as Decree 30/2020/NĐ-CP lays it out (Phụ lục I):
the parent body above the issuing body on the left, the national motto on the right, the
"Số: …/BC-STP" line under the issuing body and the place and date line under the motto.

The number is left blank: the clerk writes it when the document is entered in the register.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from qms.agencies.models import Agency
from qms.lib.text import fold

# The words before a place name in an agency's name: "Ủy ban nhân dân tỉnh Lâm Đồng".
PLACE_PREFIX = re.compile(
    r"^(?:ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+(?:tỉnh|thành phố|tp\.?)\s+", re.IGNORECASE
)
# Words from which a short name stops naming the body and starts naming its place.
PLACE_WORDS = ("tinh ", "thanh pho ", "huyen ", "xa ", "phuong ", "dac khu ")
# Joining words leave no letter: "Sở Khoa học và Công nghệ" → "SKHCN".
JOINING_WORDS = {"va", "-", "&"}


@dataclass(frozen=True)
class Letterhead:
    parent: str  # "UBND TỈNH LÂM ĐỒNG", empty for a body with no parent
    issuer: str  # "SỞ TƯ PHÁP"
    number: str  # "Số:      /BC-STP"
    place_date: str  # "Lâm Đồng, ngày 07 tháng 12 năm 2026"


def _title(agency: Agency) -> str:
    return (agency.short_name or agency.name).upper()


def abbreviation(agency: Agency) -> str:
    """The body's initials as document numbers use them: "Sở Tư pháp" → "STP", "UBND tỉnh
    Lâm Đồng" → "UBND"; words already in capitals ("UBND", "KH&CN") are kept whole."""
    letters = []
    words = (agency.short_name or agency.name).split()
    for n, word in enumerate(words):
        if (fold(" ".join(words[n:])) + " ").startswith(PLACE_WORDS):
            break
        if fold(word) in JOINING_WORDS:
            continue
        if word.isupper() and len(word) > 1:
            letters.append(re.sub(r"\W", "", word))
        elif word[:1].isalpha():
            letters.append(word[0].upper())
    return fold("".join(letters)).upper() or agency.code.upper()


def place_name(agency: Agency) -> str:
    """The province's name without "Ủy ban nhân dân tỉnh": "Lâm Đồng"; empty outside one."""
    province = agency.province if agency.province_id else agency
    if province.level != Agency.Level.PROVINCE:
        return ""
    return PLACE_PREFIX.sub("", province.name).strip()


def decree_date(day: date) -> str:
    """Decree 30 writes a day below 10 and the months 1 and 2 with a leading zero."""
    return _("day %(day)s month %(month)s year %(year)s") % {
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}" if day.month <= 2 else str(day.month),
        "year": day.year,
    }


def letterhead(*, agency: Agency, on: date, kind: str = "BC") -> Letterhead:
    """The heading of a document of ``kind`` ("BC" report, "BB" minutes, "KH" plan) issued
    by ``agency`` on ``on``. A book kept rather than issued (``kind`` empty: a register) has
    no number line."""
    place = place_name(agency)
    when = decree_date(on)
    return Letterhead(
        parent=_title(agency.parent) if agency.parent_id else "",
        issuer=_title(agency),
        number=_("No.: %(blank)s/%(kind)s-%(issuer)s")
        % {"blank": "\u00a0" * 6, "kind": kind, "issuer": abbreviation(agency)}
        if kind
        else "",
        place_date=f"{place}, {when}" if place else when.capitalize(),
    )
