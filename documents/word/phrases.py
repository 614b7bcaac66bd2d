"""The small phrases of a procedure as agencies write them: times ("0,5 ngày làm việc",
"4 giờ"), retention ("02 năm kể từ khi kết thúc"), dates, issue numbers, step labels and
section names. Each parser takes cleaned text (``clean``) and answers what it understood;
matching is done on folded text (no case, no diacritics), so "BƯỚC 1", "Buoc 1" and "bước 1"
read alike."""

import re
from datetime import date
from decimal import Decimal

from documents.word.structure import Retention
from qms.lib.text import fold, nfc

_SPACES = re.compile(r"[\s\u200b\ufeff]+")
WORKDAY_HOURS = Decimal(8)

# "02 ngày làm việc", "0,5 ngày", "4 giờ", "01 buổi", "1/2 ngày": a number, then its unit.
_DURATION = re.compile(
    r"(?P<number>\d+(?:[.,]\d+)?|\d+/\d+)\s*(?P<unit>ngay(?: lam viec)?|gio|buoi)\b"
)
_UNIT_DAYS = {"ngay": Decimal(1), "gio": 1 / WORKDAY_HOURS, "buoi": Decimal("0.5")}
# A ceiling is not a duration: "tối đa 20 ngày", "không quá 05 ngày".
_CEILING = ("toi da", "khong qua", "chua qua")
# Times that are real but not fixed: kept as text without a duration.
_NOT_FIXED = (
    "khi phat sinh",
    "theo thoi han",
    "theo thoi gian",
    "theo yeu cau",
    "theo ke hoach",
    "thuong xuyen",
    "dinh ky",
    "ngay khi",
    "ngay sau khi",
    "trong ngay",
    "lien tuc",
    "khong quy dinh",
    "tuy theo",
)


def clean(text: str | None) -> str:
    """Composed (NFC), whitespace collapsed: what every text of the structure is."""
    return _SPACES.sub(" ", nfc(text or "")).strip()


def _number(text: str) -> Decimal:
    if "/" in text:
        numerator, denominator = text.split("/")
        return Decimal(numerator) / Decimal(denominator)
    return Decimal(text.replace(",", "."))


def first_duration(text: str) -> Decimal | None:
    """The first "number unit" in ``text``, in working days; None when there is none."""
    match = _DURATION.search(fold(text))
    if not match:
        return None
    try:
        days = _number(match["number"]) * _UNIT_DAYS[match["unit"].split()[0]]
    except (ArithmeticError, ValueError):
        return None
    return _plain(days)


def _plain(days: Decimal) -> Decimal:
    """2 for "02", 0.5 for "0,50", 0.125 for "1 giờ": never "2.00" or "1E+1"."""
    if days == days.to_integral():
        return days.quantize(Decimal(1))
    return days.quantize(Decimal("0.001")).normalize()


def step_duration(text: str) -> tuple[Decimal | None, bool]:
    """A step's time as written: (its working days or None, whether it was understood).

    A fixed time starts with its number ("02 ngày làm việc", "4 giờ"). "Khi phát sinh",
    "Theo thời hạn được giao" and any ceiling ("tối đa 20 ngày") are understood but have no
    duration; anything else ("vài hôm") is not understood."""
    folded = fold(text)
    if not folded:
        return None, True
    if any(word in folded for word in _CEILING) or any(folded.startswith(p) for p in _NOT_FIXED):
        return None, True
    if _DURATION.match(folded):
        days = first_duration(text)
        return days, days is not None
    return None, False


def retention(text: str) -> tuple[Retention | None, int | None, str]:
    """A record's retention as written: (rule, years, event); (None, None, "") when it
    cannot be read. "Vĩnh viễn" and "Lâu dài" are permanent; "Đến khi có bản thay thế" is
    until superseded; "03 năm" is years; "02 năm kể từ khi kết thúc sổ" is years after an
    event, the event kept as written."""
    folded = fold(text)
    if "vinh vien" in folded or "lau dai" in folded:
        return Retention.PERMANENT, None, ""
    if "thay the" in folded or "het hieu luc" in folded or "sua doi" in folded:
        return Retention.UNTIL_SUPERSEDED, None, ""
    match = re.search(r"(\d+)\s*(nam|thang)\b", folded)
    if not match:
        return None, None, ""
    number = int(match[1])
    if match[2] == "thang":
        if number % 12:
            return None, None, ""
        number //= 12
    if number < 1:
        return None, None, ""
    event = _event_after(text, folded, match.end())
    if event:
        return Retention.YEARS_AFTER_EVENT, number, event
    return Retention.YEARS, number, ""


def _event_after(text: str, folded: str, end: int) -> str:
    """The event the years count from ("kể từ khi kết thúc sổ"), in the original letters.
    Folding keeps every character but "đ"'s case, so positions match the NFC text."""
    rest = folded[end:]
    for start in ("ke tu", "tinh tu", "sau khi", "tu khi", "tu ngay", "sau"):
        position = rest.find(start)
        if position != -1:
            original = clean(text)[end + position :]
            return original.rstrip(" .;")
    return ""


_DATE = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_WORDY_DATE = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")


def written_date(text: str) -> tuple[date | None, bool]:
    """A date as written ("15/03/2024", "15-3-2024", "ngày 15 tháng 3 năm 2024"): (the date,
    whether the text holds one that exists). (None, True) when there is no date at all;
    (None, False) for "31/02/2024"."""
    folded = fold(text)
    match = _DATE.search(folded) or _WORDY_DATE.search(folded)
    if not match:
        return None, True
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day), True
    except ValueError:
        return None, False


def issue_number(text: str) -> int | None:
    """ "03" → 3, "Lần 2" → 2, "Ban hành lần đầu" → 1."""
    folded = fold(text)
    if "lan dau" in folded:
        return 1
    match = re.search(r"\d{1,3}", folded)
    if not match:
        return None
    number = int(match[0])
    return number if 1 <= number <= 999 else None


_STEP_LABEL = re.compile(r"^(?:buoc|b)?\s*\.?\s*\d{1,3}(?:[.,]\d{1,2})?\s*[.:)]?$")


def is_step_label(text: str) -> bool:
    """ "1", "1.", "B1", "B.1", "Bước 1", "BƯỚC 2:" and sub-steps such as "3.1"."""
    return bool(_STEP_LABEL.match(fold(text)))


def is_total(text: str) -> bool:
    """The total row under the steps: "Tổng cộng …", "Tổng thời gian …"."""
    return fold(text).startswith("tong")


# The sections of a procedure: each key of ProcedureStructure and the folded beginnings of
# the names agencies give it.
SECTION_NAMES = {
    "purpose": ("muc dich",),
    "scope": ("pham vi", "doi tuong ap dung"),
    "references": (
        "tai lieu vien dan",
        "tai lieu tham chieu",
        "tai lieu tham khao",
        "tai lieu lien quan",
        "can cu",
        "co so phap ly",
        "van ban phap ly",
    ),
    "definitions": (
        "dinh nghia",
        "tu viet tat",
        "cac tu viet tat",
        "chu viet tat",
        "viet tat",
        "thuat ngu",
        "giai thich tu ngu",
    ),
    "body": ("noi dung", "trinh tu", "mo ta quy trinh", "cach thuc thuc hien"),
    "forms": ("bieu mau", "mau bieu", "cac bieu mau"),
    "records": ("ho so can luu", "ho so luu", "luu ho so", "luu tru ho so", "quan ly ho so"),
}
# "1.", "1 ", "I.", "II)", "Mục 1.", "Phần I." before a section's name; never "5.1".
_SECTION_NUMBER = re.compile(
    r"^(?:(?:muc|phan|dieu)\s+)?(?:\d{1,2}|[ivx]{1,4}(?=[.)]))\s*[.):\-]?\s*(?=[a-z])"
)
NAME_MAX_WORDS = 9


def section_heading(text: str) -> tuple[str | None, bool, str]:
    """(section key, whether a number came before the name, the text after a colon) for a
    line that names a section: "5. NỘI DUNG QUY TRÌNH", "II. Phạm vi áp dụng",
    "Định nghĩa, từ viết tắt", "1. Mục đích: Quy định …". (None, False, "") otherwise."""
    name, _, after = clean(text).partition(":")
    folded = fold(name)
    number = _SECTION_NUMBER.match(folded)
    rest = folded[number.end() :] if number else folded
    if not rest or len(rest.split()) > NAME_MAX_WORDS or rest[-1] in ".;,":
        return None, False, ""
    for key, beginnings in SECTION_NAMES.items():
        if any(
            rest == b or rest.startswith(b + " ") or rest.startswith(b + ",") for b in beginnings
        ):
            return key, bool(number), after.strip()
    return None, False, ""


# Codes of forms as agencies write them: "BM-01-QT-04", "BM.01/QT04", "BM 02-QT-04", "Mẫu 03".
FORM_CODE = re.compile(
    r"\b(?:BM|M|PL|HD|Mẫu|MẪU)[\s.\-_]?\d{1,3}(?:[.\-/_][A-ZĐ]*\d*)*[A-Z0-9]?",
)
# The TTHC codes of the national database: "1.001193", "2.000488", and provincial forms.
TTHC_CODE = re.compile(r"\b\d\.\d{6}(?:\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?\b")
