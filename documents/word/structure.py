"""A procedure as its Word file states it: what the reader (``documents.word.reading``) takes
out of a .docx and the writer (``documents.word.writing``) puts back into one.

Plain data, no database: the import preview shows it, the import and "new draft from Word"
services store it on a revision, and the round trip compares two of them.
"""

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Retention(StrEnum):
    """How long a record is kept, as procedures write it (and Luật Lưu trữ 2024 asks)."""

    PERMANENT = "permanent"  # "Vĩnh viễn", "Lâu dài"
    UNTIL_SUPERSEDED = "until_superseded"  # "Đến khi có bản thay thế"
    YEARS = "years"  # "03 năm"
    YEARS_AFTER_EVENT = "years_after_event"  # "02 năm kể từ khi kết thúc hợp đồng"


class SignedAs(StrEnum):
    DRAFTED = "drafted"  # Người soạn thảo / Biên soạn
    REVIEWED = "reviewed"  # Người xem xét / Kiểm tra
    APPROVED = "approved"  # Người phê duyệt / Phê duyệt


@dataclass
class Signatory:
    """A name in the signature table: the paper record of who signed, not an account."""

    role: SignedAs
    name: str = ""
    position: str = ""


@dataclass
class HistoryEntry:
    """A row of "Bảng theo dõi sửa đổi"."""

    issue: int | None
    on: date | None
    part: str = ""  # the section or page changed, as written
    summary: str = ""


@dataclass
class Step:
    """A row of the steps table. ``time_text`` is the time as written; ``duration_days`` is
    set only for a fixed time ("02 ngày làm việc", "0,5 ngày", "4 giờ" = 0.5 day), never for
    "Khi phát sinh" or a ceiling such as "tối đa 20 ngày"."""

    label: str
    content: str
    responsible: str = ""
    time_text: str = ""
    duration_days: Decimal | None = None
    output: str = ""


@dataclass
class FormRef:
    """A form the procedure uses, by code and name; linked to the register where it exists."""

    code: str
    name: str = ""


@dataclass
class RecordEntry:
    """A row of "Hồ sơ cần lưu"."""

    name: str
    keeper: str = ""
    retention_text: str = ""  # as written
    retention: Retention | None = None  # None: could not be read (a warning says so)
    retention_years: int | None = None  # for YEARS and YEARS_AFTER_EVENT
    retention_event: str = ""  # for YEARS_AFTER_EVENT: "kể từ khi kết thúc hợp đồng"


@dataclass
class ProcedureStructure:
    """Everything a procedure's .docx says, by meaning. Text is NFC with whitespace collapsed;
    multi-paragraph sections keep one paragraph per line."""

    agency: str = ""
    title: str = ""
    code: str = ""
    issue_number: int | None = None
    issued_on: date | None = None
    signatories: list[Signatory] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)
    purpose: str = ""
    scope: str = ""
    references: str = ""
    definitions: str = ""
    body: str = ""  # section 5's text outside the steps table, or the whole text of a policy
    steps: list[Step] = field(default_factory=list)
    stated_total_text: str = ""  # the total row under the steps, as written
    stated_total_days: Decimal | None = None
    legal_limit_text: str = ""  # "Thời hạn giải quyết: 10 ngày làm việc"
    legal_limit_days: Decimal | None = None
    tthc_code: str = ""  # "1.001193": joined to the external register where it is there
    forms: list[FormRef] = field(default_factory=list)
    records: list[RecordEntry] = field(default_factory=list)
    is_draft: bool = False  # the file says it is a draft ("BẢN DỰ THẢO")
    warnings: list[str] = field(default_factory=list)

    @property
    def steps_total_days(self) -> Decimal | None:
        """The sum of the fixed step times; None when no step has one."""
        fixed = [step.duration_days for step in self.steps if step.duration_days is not None]
        return sum(fixed, Decimal(0)) if fixed else None

    @property
    def has_structure(self) -> bool:
        """Whether anything beyond the text was understood (else the row is "file only")."""
        return bool(self.steps or self.forms or self.records or self.purpose or self.scope)


# Serialisation: the import keeps a file's structure in its cache, the preview reads it back.


def structure_to_json(structure: ProcedureStructure) -> str:
    """The structure as JSON: dates ISO, durations as decimal strings, enums by value."""
    return json.dumps(asdict(structure), default=_plain, ensure_ascii=False)


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def structure_from_json(text: str) -> ProcedureStructure:
    """The structure ``structure_to_json`` wrote."""
    data = json.loads(text)
    data["issued_on"] = _date(data.get("issued_on"))
    for name in ("stated_total_days", "legal_limit_days"):
        data[name] = _decimal(data.get(name))
    data["signatories"] = [
        Signatory(**{**item, "role": SignedAs(item["role"])})
        for item in data.get("signatories", [])
    ]
    data["history"] = [
        HistoryEntry(**{**item, "on": _date(item.get("on"))}) for item in data.get("history", [])
    ]
    data["steps"] = [
        Step(**{**item, "duration_days": _decimal(item.get("duration_days"))})
        for item in data.get("steps", [])
    ]
    data["forms"] = [FormRef(**item) for item in data.get("forms", [])]
    data["records"] = [
        RecordEntry(**{**item, "retention": item.get("retention") and Retention(item["retention"])})
        for item in data.get("records", [])
    ]
    known = {item.name for item in fields(ProcedureStructure)}
    return ProcedureStructure(**{key: value for key, value in data.items() if key in known})


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _decimal(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None
