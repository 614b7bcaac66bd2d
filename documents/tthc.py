"""Reading the national or provincial list of administrative procedures (TTHC) for import.

The list is a CSV (UTF-8) or .xlsx file with one procedure per row under the headers Mã TTHC,
Tên thủ tục, Cấp thực hiện, Lĩnh vực, Thời hạn giải quyết (English accepted). Nothing here
writes to the register. Between the upload and the confirmation the file waits in the private
staging folder of the document import (``documents.imports``), so a forgotten batch is swept
the same way; each time the batch is read, every row is checked again against the agency's
current register, so the preview always says what the import would do now.
"""

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import openpyxl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from documents.imports import batch_new, batch_read, batch_write
from documents.models import ExternalDocument
from qms.agencies.models import Agency
from qms.lib.spreadsheets import cell_text, header_columns
from qms.lib.uploads import CheckedUpload

MAX_ROWS = 5000
HEADER_SEARCH_ROWS = 20
COLUMNS = {
    "code": ("Mã TTHC", "Mã thủ tục", "Mã số", "code"),
    "name": ("Tên thủ tục", "Tên TTHC", "name"),
    "level": ("Cấp thực hiện", "level"),
    "sector": ("Lĩnh vực", "field"),
    "time_limit": ("Thời hạn giải quyết", "Thời hạn", "time limit"),
}
REQUIRED = ("code", "name")
# National codes look like 1.000050; a province's local variant adds parts (1.001193.000.00.00.H36).
CODE_PATTERN = re.compile(r"^[0-9][0-9A-Za-z]*(\.[0-9A-Za-z]+)*$")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
MAX_DAYS = Decimal("99999.9")


@dataclass
class TthcRow:
    """One administrative procedure as the import service takes it."""

    code: str
    name: str
    level: str = ""
    sector: str = ""
    time_limit_days: Decimal | None = None


@dataclass
class PreviewRow:
    line: int  # the row number in the file, as the person sees it
    row: TthcRow
    errors: list[str] = field(default_factory=list)
    action: str = ""  # "new", "update" or "unchanged" once checked
    changes: list[str] = field(default_factory=list)  # what an update changes, by label

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Preview:
    rows: list[PreviewRow]

    def _with(self, action: str) -> list[PreviewRow]:
        return [row for row in self.rows if row.ok and row.action == action]

    @property
    def new_rows(self) -> list[PreviewRow]:
        return self._with("new")

    @property
    def update_rows(self) -> list[PreviewRow]:
        return self._with("update")

    @property
    def unchanged_rows(self) -> list[PreviewRow]:
        return self._with("unchanged")

    @property
    def failed_rows(self) -> list[PreviewRow]:
        return [row for row in self.rows if not row.ok]

    @property
    def to_import(self) -> list[TthcRow]:
        return [row.row for row in self.rows if row.ok and row.action != "unchanged"]


# Reading ----------------------------------------------------------------------------------


def _csv_lines(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("The CSV file is not in UTF-8; save it again as “CSV UTF-8”.")
        ) from None
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.reader(io.StringIO(text, newline=""), dialect)


def _xlsx_lines(data: bytes):
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises whatever its zip and XML readers raise on a bad file
        raise ValidationError(
            _("The spreadsheet cannot be read; save it again as .xlsx.")
        ) from None
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


def read_list(kind: str, data: bytes) -> list[tuple[int, dict]]:
    """The rows of the list as (line, {column: raw value}), blank rows skipped, under the first
    row (of the first HEADER_SEARCH_ROWS) that names at least the code and name columns.

    Raises ValidationError for a file that cannot be read, a missing column, no row, or more
    than MAX_ROWS rows.
    """
    lines = _xlsx_lines(data) if kind == "xlsx" else _csv_lines(data)
    rows = []
    try:
        numbered = enumerate(lines, start=1)
        columns: dict[str, int] = {}
        for number, values in numbered:
            columns = header_columns(values, COLUMNS)
            if all(c in columns for c in REQUIRED) or number >= HEADER_SEARCH_ROWS:
                break
        missing = [COLUMNS[c][0] for c in REQUIRED if c not in columns]
        if missing:
            raise ValidationError(
                _("The list has no column %(columns)s in its header row.")
                % {"columns": ", ".join(f"“{name}”" for name in missing)}
            )
        for number, values in numbered:
            cells = {c: values[i] if i < len(values) else None for c, i in columns.items()}
            if all(cell_text(value) == "" for value in cells.values()):
                continue
            if len(rows) == MAX_ROWS:
                raise ValidationError(
                    _("The list has more than %(count)s rows; split it.") % {"count": MAX_ROWS}
                )
            rows.append((number, cells))
    except ValidationError:
        raise
    except Exception:  # a broken workbook or CSV shows only while its rows are read
        raise ValidationError(
            _("The file cannot be read; save it again as CSV or .xlsx.")
        ) from None
    if not rows:
        raise ValidationError(_("The list has no procedure under its header row."))
    return rows


def time_limit(value) -> Decimal | None:
    """Working days from a cell: 5, 7.5, "7,5", "05 ngày làm việc". None for an empty cell.

    Raises ValueError when the cell holds no number of days.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float | Decimal):
        days = Decimal(str(value))
    else:
        match = _NUMBER.search(str(value))
        if match is None:
            raise ValueError(value)
        days = Decimal(match.group().replace(",", "."))
    try:
        days = days.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise ValueError(value) from None
    if not Decimal(0) <= days <= MAX_DAYS:
        raise ValueError(value)
    return days


def _max(name: str) -> int:
    return ExternalDocument._meta.get_field(name).max_length


def row_errors(row: TthcRow) -> list[str]:
    """What is wrong with one procedure, in the person's language; empty when it is fine."""
    errors = []
    if not row.code:
        errors.append(_("The TTHC code is missing."))
    elif not CODE_PATTERN.match(row.code) or len(row.code) > _max("number"):
        errors.append(_("The TTHC code is not a code such as 1.000050."))
    if not row.name:
        errors.append(_("The name of the procedure is missing."))
    elif len(row.name) > _max("title"):
        errors.append(_("The name is longer than 500 characters."))
    if len(row.level) > _max("level"):
        errors.append(_("The level is longer than 100 characters."))
    if len(row.sector) > _max("sector"):
        errors.append(_("The field is longer than 200 characters."))
    return errors


def _to_row(cells: dict) -> tuple[TthcRow, list[str]]:
    row = TthcRow(
        code=cell_text(cells.get("code")),
        name=cell_text(cells.get("name")),
        level=cell_text(cells.get("level")),
        sector=cell_text(cells.get("sector")),
    )
    errors = row_errors(row)
    try:
        row.time_limit_days = time_limit(cells.get("time_limit"))
    except ValueError:
        errors.append(
            _("The time limit “%(value)s” is not a number of working days.")
            % {"value": cell_text(cells.get("time_limit"))}
        )
    return row, errors


# Staging ----------------------------------------------------------------------------------


def tthc_stage(upload: CheckedUpload) -> str:
    """Store the checked list in a new private staging folder and return the batch id."""
    batch = batch_new()
    upload.file.seek(0)
    batch_write(batch, f"list.{upload.kind}", upload.file.read())
    manifest = {"tthc": upload.kind, "name": upload.name}
    batch_write(batch, "manifest.json", json.dumps(manifest, ensure_ascii=False).encode())
    return batch


def tthc_preview(*, agency: Agency, batch: str) -> Preview:
    """Every row of a staged list: new, updating an existing TTHC of the agency (and what
    changes), unchanged, or its errors (also a code twice in the list).

    Raises FileNotFoundError for a batch that is gone or is not a TTHC list.
    """
    kind = json.loads(batch_read(batch, "manifest.json").decode("utf-8")).get("tthc")
    if kind not in ("csv", "xlsx"):
        raise FileNotFoundError(batch)
    rows = [
        (line, *_to_row(cells))
        for line, cells in read_list(kind, batch_read(batch, f"list.{kind}"))
    ]
    counts: dict[str, int] = {}
    for _line, row, _errors in rows:
        counts[row.code] = counts.get(row.code, 0) + 1
    existing = {
        e.number: e
        for e in ExternalDocument.objects.filter(
            agency=agency,
            kind=ExternalDocument.Kind.PROCEDURE,
            number__in=[row.code for _line, row, errors in rows if not errors],
        )
    }
    checked = []
    for line, row, errors in rows:
        if row.code and counts[row.code] > 1:
            errors.append(_("The TTHC code appears more than once in the list."))
        item = PreviewRow(line=line, row=row, errors=errors)
        if item.ok:
            item.changes = changed_fields(existing.get(row.code), row)
            item.action = (
                "new" if row.code not in existing else "update" if item.changes else "unchanged"
            )
        checked.append(item)
    return Preview(rows=checked)


def changed_fields(external: ExternalDocument | None, row: TthcRow) -> list[str]:
    """The labels of what importing ``row`` would change in ``external``."""
    if external is None:
        return []
    pairs = [
        ("title", row.name),
        ("level", row.level),
        ("sector", row.sector),
        ("time_limit_days", row.time_limit_days),
    ]
    meta = ExternalDocument._meta
    return [
        str(meta.get_field(name).verbose_name)
        for name, value in pairs
        if getattr(external, name) != value
    ]
