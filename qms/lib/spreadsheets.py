"""Cells of spreadsheets: written into files people open, and read from files they upload.

Every .xlsx and .csv the project writes goes through ``XlsxWriter`` or ``csv_lines``: text is
neutralised by ``safe_cell`` (a cell starting with = + - @, a tab or a carriage return starts
with an apostrophe instead, as OWASP recommends against CSV injection), while numbers and
dates stay typed.
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from qms.lib.text import fold, nfc

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Vietnamese order for the dates people read in a workbook.
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
BOLD = Font(bold=True)


def safe_cell(value) -> str:
    """``value`` as text that a spreadsheet shows and never runs.

    A cell starting with = + - @ (or a tab or carriage return) would run as a formula in Excel
    or LibreOffice (CSV injection): such a cell starts with an apostrophe instead.
    """
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def cell_value(value):
    """``value`` as a cell: None stays empty; numbers, booleans, dates and times stay typed
    (an aware datetime in local time, which spreadsheets lack); anything else is neutralised
    text."""
    if value is None or isinstance(value, (bool, int, float, Decimal, date, time)):
        if isinstance(value, datetime) and timezone.is_aware(value):
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    return safe_cell(value)


def _number_format(value) -> str | None:
    if isinstance(value, datetime):
        return DATETIME_FORMAT
    if isinstance(value, date):
        return DATE_FORMAT
    return None


class SheetWriter:
    """One sheet of an ``XlsxWriter``: rows go in through ``append`` only."""

    def __init__(self, worksheet, *, write_only: bool):
        self.worksheet = worksheet
        self.write_only = write_only

    def append(self, values: Iterable = (), *, font: Font | None = None) -> None:
        """Add a row of ``values`` (see ``cell_value``), in ``font`` if given."""
        values = [cell_value(value) for value in values]
        if self.write_only:
            cells = [WriteOnlyCell(self.worksheet, value=value) for value in values]
        else:
            self.worksheet.append(values)
            cells = self.worksheet[self.worksheet._current_row][: len(values)] if values else []
        for cell, value in zip(cells, values, strict=True):
            if cell.data_type == "f":  # unreachable after safe_cell; a last guard
                cell.data_type = "s"
            number_format = _number_format(value)
            if number_format:
                cell.number_format = number_format
            if font is not None:
                cell.font = font
        if self.write_only:
            self.worksheet.append(cells)

    def width(self, column: str, width: float) -> None:
        if not self.write_only:
            self.worksheet.column_dimensions[column].width = width

    def freeze(self, cell: str) -> None:
        self.worksheet.freeze_panes = cell


class XlsxWriter:
    """The one way the project writes a workbook (exports of figures, reports, answers,
    trails): every cell through ``cell_value``."""

    def __init__(self, *, write_only: bool = False):
        self.write_only = write_only
        self.book = Workbook(write_only=write_only)
        self._first = not write_only

    def sheet(self, title: str) -> SheetWriter:
        title = str(title)[:31]
        if self._first:  # a new workbook starts with one empty sheet: use it
            self._first = False
            worksheet = self.book.active
            worksheet.title = title
        else:
            worksheet = self.book.create_sheet(title)
        return SheetWriter(worksheet, write_only=self.write_only)

    def save(self, target) -> None:
        self.book.save(target)

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.book.save(out)
        return out.getvalue()


def csv_cell(value) -> str:
    """``value`` as a CSV field: numbers as they are, dates in ISO order, text neutralised."""
    if isinstance(value, (bool, int, float, Decimal)):
        return str(value)
    if isinstance(value, (date, time)):
        value = cell_value(value)
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return safe_cell(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable]) -> Iterator[str]:
    """The one way the project writes CSV: the lines of ``rows``, the first after a byte-order
    mark (Excel then reads the UTF-8 Vietnamese correctly), every field through ``csv_cell``.
    A generator, for streamed responses."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def cell_text(value) -> str:
    """An uploaded cell as one line of NFC text; a whole number typed as 12.0 reads "12"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", nfc(str(value))).strip()


def _heading_key(value) -> str:
    return re.sub(r"[^a-z0-9 ]+", " ", fold(str(value or ""))).strip()


def header_columns(header, columns: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Which cell of ``header`` holds each of ``columns`` (name -> accepted headings).

    Headings match without case or diacritics, and a heading may go on after the accepted
    words ("Tên thủ tục hành chính" is a "tên thủ tục"); each column takes its first match.
    """
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        heading = _heading_key(cell)
        for column, names in columns.items():
            wanted = [_heading_key(name) for name in names]
            if column not in found and any(
                heading == w or heading.startswith(w + " ") for w in wanted
            ):
                found[column] = index
                break
    return found
