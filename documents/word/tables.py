"""The tables of a procedure, recognised by the words of their header rows and read into the
structure: control header, signatures, revision history, steps, forms and records. A table
none of these describe is left to the section it stands in as plain lines.

python-docx repeats a merged cell at every grid column (and row) it covers; ``Grid`` keeps the
underlying ``<w:tc>`` of each position so that a merge is seen for what it is."""

import re
from collections.abc import Callable
from functools import lru_cache

from django.utils.translation import gettext as _

from documents.word import phrases
from documents.word.ooxml import Grid
from documents.word.phrases import clean
from documents.word.structure import (
    ProcedureStructure,
    Signatory,
    SignedAs,
)
from qms.lib.text import fold

HEADER_SEARCH_ROWS = 3

# The columns of each kind of table: field -> folded words its header cell may hold.
STEP_COLUMNS = {
    "label": ("buoc", "tt", "stt", "so tt"),
    "content": ("noi dung", "cong viec", "mo ta", "dien giai"),
    "responsible": ("trach nhiem", "thuc hien", "nguoi", "bo phan", "don vi", "can bo"),
    "time": ("thoi gian", "thoi han"),
    "output": ("bieu mau", "ket qua", "ho so", "tai lieu", "san pham", "mau"),
}
HISTORY_COLUMNS = {
    "summary": ("noi dung", "tom tat", "mo ta"),
    "on": ("ngay",),
    "part": ("vi tri", "trang", "muc", "phan", "dieu"),
    "issue": ("lan ban hanh", "lan sua doi", "lan"),
}
RECORD_COLUMNS = {
    "name": ("ten ho so", "ho so", "loai ho so", "ten tai lieu"),
    "keeper": ("noi luu", "nguoi luu", "bo phan luu", "don vi luu", "trach nhiem", "noi luu giu"),
    "retention": ("thoi gian luu", "thoi han luu", "thoi gian bao quan", "thoi han bao quan"),
}
FORM_COLUMNS = {
    "code": ("ma hieu", "ma so", "ky hieu", "so hieu", "ma"),
    "name": ("ten bieu mau", "ten mau", "ten tai lieu", "ten", "bieu mau"),
}
ROLES = {
    SignedAs.DRAFTED: ("soan thao", "bien soan", "nguoi viet"),
    SignedAs.REVIEWED: ("xem xet", "kiem tra"),
    SignedAs.APPROVED: ("phe duyet", "duyet"),
}
# The control header's labels: field -> folded labels.
HEADER_LABELS = {
    "code": ("ma hieu", "ma so", "so hieu", "ky hieu", "ma tai lieu"),
    "issue": ("lan ban hanh", "lan sua doi", "ban hanh lan"),
    "issued_on": ("ngay ban hanh", "ngay hieu luc", "ngay"),
    "pages": ("trang", "so trang"),
}
_TITLE_WORDS = (
    "quy trinh",
    "huong dan",
    "so tay",
    "chinh sach",
    "muc tieu",
    "quy dinh",
    "ke hoach",
)


def header_of(grid: Grid, columns: dict, required: tuple) -> tuple[int, dict[str, int]] | None:
    """The first row (of the top few) that names every ``required`` column, and the index
    of each column it names."""
    if grid.folded_rows is None:
        grid.folded_rows = [
            [fold(" ".join(lines)) for _tc, lines in cells]
            for cells in grid.rows[:HEADER_SEARCH_ROWS]
        ]
    for row, cells in enumerate(grid.folded_rows):
        found = _columns(cells, columns)
        if all(name in found for name in required):
            return row, found
    return None


def _everything(grid: Grid) -> str:
    return " | ".join(fold(line) for line in grid.lines())


@lru_cache(maxsize=512)
def _word(word: str) -> re.Pattern:
    return re.compile(rf"\b{word}\b")


def _columns(cells: list[str], columns: dict) -> dict[str, int]:
    """Which field each header cell names: the field whose word comes first in the cell
    ("Thời gian thực hiện" is a time, "Người thực hiện" a responsible)."""
    found: dict[str, int] = {}
    previous = None
    for index, text in enumerate(cells):
        if text == previous:  # a header cell merged across two columns names one field
            continue
        previous = text
        best = None
        for name, words in columns.items():
            if name in found:
                continue
            for word in words:
                match = _word(word).search(text)
                if match and (best is None or match.start() < best[0]):
                    best = (match.start(), name)
        if best:
            found[best[1]] = index
    return found


def classify(grid: Grid, *, section: str | None) -> str | None:
    """What the table is: "steps", "history", "records", "forms", "signatures",
    "distribution", "header", or None for any other table."""
    if not grid.rows:
        return None
    if header_of(grid, STEP_COLUMNS, ("content", "responsible", "time")):
        return "steps"
    everything = _everything(grid)
    if header_of(grid, HISTORY_COLUMNS, ("summary", "on")) and "sua doi" in everything:
        return "history"
    if header_of(grid, RECORD_COLUMNS, ("name", "retention")):
        return "records"
    forms = header_of(grid, FORM_COLUMNS, ("code", "name"))
    if forms and (section == "forms" or "mau" in everything):
        return "forms"
    if _role_columns(grid) or _role_columns(_transposed(grid)):
        return "signatures"
    if "noi nhan" in everything:
        return "distribution"
    if _has_label(everything, "code") and _has_label(everything, "issue"):
        return "header"
    if section == "forms" and any(phrases.FORM_CODE.search(text) for text in grid.lines()):
        return "forms"
    return None


def _has_label(folded: str, field: str) -> bool:
    return any(_word(label).search(folded) for label in HEADER_LABELS[field])


# Control header -------------------------------------------------------------------------


def read_header(grid: Grid, structure: ProcedureStructure, warn: Callable) -> None:
    """Labels and their values, in one cell ("Mã hiệu: QT-04") or the next ("Mã hiệu" |
    "QT-04"); what is not a label is the agency or the title."""
    values: dict[str, str] = {}
    others: list[str] = []
    pending = None
    for row in range(len(grid.rows)):
        for text_lines in _distinct_lines(grid, row):
            labelled = [_label(line) for line in text_lines]
            if pending and text_lines and not any(labelled):
                values.setdefault(pending, " ".join(text_lines))
                pending = None
                continue
            if not any(labelled):
                if text_lines:
                    others.append(" ".join(text_lines))
                continue
            for line, found in zip(text_lines, labelled, strict=True):
                if found is None:
                    others.append(line)
                elif found[1]:
                    values.setdefault(found[0], found[1])
                else:
                    pending = found[0]
    _header_values(values, structure, warn)
    _agency_and_title(others, structure)


def _distinct_lines(grid: Grid, row: int) -> list[list[str]]:
    seen, cells = [], []
    for tc, lines in grid.rows[row]:
        if not any(tc is other for other in seen):
            seen.append(tc)
            cells.append(lines)
    return cells


def _label(line: str) -> tuple[str, str] | None:
    """(field, value) for "Mã hiệu: QT-04", (field, "") for "Mã hiệu", else None."""
    folded = fold(line)
    for field, labels in HEADER_LABELS.items():
        for label in labels:
            if (
                folded == label
                or re.match(rf"{label}\s*[:.]", folded)
                or (field != "issued_on" and folded.startswith(label + " "))
            ):
                value = line[len(label) :].lstrip(" :.")
                return field, clean(value)
    return None


def _header_values(values: dict, structure: ProcedureStructure, warn: Callable) -> None:
    structure.code = values.get("code", "")
    if "issue" in values:
        structure.issue_number = phrases.issue_number(values["issue"])
        if structure.issue_number is None:
            warn(_("The issue number “%(issue)s” cannot be read.") % {"issue": values["issue"]})
    if "issued_on" in values:
        structure.issued_on, exists = phrases.written_date(values["issued_on"])
        if structure.issued_on is None:
            message = (
                _("The issue date “%(date)s” is not a date that exists; check it.")
                if not exists
                else _("The issue date “%(date)s” cannot be read.")
            )
            warn(message % {"date": values["issued_on"]})


def _agency_and_title(others: list[str], structure: ProcedureStructure) -> None:
    candidates = [text for text in others if fold(text) not in ("logo", "ban du thao", "du thao")]
    if any(fold(text) in ("ban du thao", "du thao") for text in others):
        structure.is_draft = True
    title = next((t for t in candidates if fold(t).startswith(_TITLE_WORDS)), None)
    if title is None and len(candidates) > 1:
        title = candidates[1]
    rest = [t for t in candidates if t is not title]
    structure.title = title or ""
    structure.agency = rest[0] if rest else ""


# Signatures -----------------------------------------------------------------------------


def _transposed(grid: Grid) -> Grid:
    flipped = Grid.__new__(Grid)
    flipped.folded_rows = None
    width = max(len(row) for row in grid.rows)
    flipped.rows = [
        [row[column] if column < len(row) else (None, []) for row in grid.rows]
        for column in range(width)
    ]
    return flipped


def _role_columns(grid: Grid) -> dict[SignedAs, int]:
    """The signing role each column of the first row names, when it names two or more."""
    found: dict[SignedAs, int] = {}
    for index, (_tc, lines) in enumerate(grid.rows[0] if grid.rows else []):
        folded = fold(lines[0]) if lines else ""
        for role, words in ROLES.items():
            if role not in found and any(_word(word).search(folded) for word in words):
                found[role] = index
                break
    return found if len(found) >= 2 else {}


def read_signatures(grid: Grid, structure: ProcedureStructure, warn: Callable) -> None:
    """Roles across the top (or down the first column); below each, rows labelled "Họ và
    tên" and "Chức vụ", or else the lines under the role: the name, then the position."""
    roles = _role_columns(grid)
    if not roles:
        grid = _transposed(grid)
        roles = _role_columns(grid)
    for role, column in roles.items():
        name, position, loose = "", "", []
        loose += [line for line in grid.rows[0][column][1][1:] if _is_name_line(line)]
        for row in range(1, len(grid.rows)):
            label = fold(grid.text(row, 0)) if column != 0 else ""
            value = grid.text(row, column)
            if re.match(r"(ho va ten|ho ten|ten)\b", label):
                name = value
            elif re.match(r"(chuc vu|chuc danh)\b", label):
                position = value
            elif not label.startswith(("chu ky", "ky")):
                loose += [line for line in grid.rows[row][column][1] if _is_name_line(line)]
        if not name and loose:
            name, *more = loose
            position = position or (more[0] if more else "")
        structure.signatories.append(Signatory(role=role, name=name, position=position))


def _is_name_line(line: str) -> bool:
    folded = fold(line)
    return bool(folded) and not line.startswith("(") and not folded.startswith(("ky", "da ky"))
