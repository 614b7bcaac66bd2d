"""Reading the import's inputs: the document list (.xlsx) and the text of each .docx, and
the forms in which people write codes, issue numbers and dates."""

import io
import re
from dataclasses import dataclass
from datetime import date, datetime

import mammoth
import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qms.lib.conversions import ConversionFailed, cached, content_hash, run_limited
from qms.lib.spreadsheets import cell_text, header_columns
from qms.lib.text import fold, nfc

MAX_ROWS = 1000
# The columns of the list, by their Vietnamese headers (English accepted), folded.
COLUMNS = {
    "code": ("Mã hiệu", "code"),
    "title": ("Tên tài liệu", "title"),
    "prefix": ("Loại", "type"),
    "issue": ("Lần ban hành", "issue"),
    "issued_on": ("Ngày ban hành", "issue date"),
}
HEADER_SEARCH_ROWS = 20
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


@dataclass
class SheetRow:
    line: int  # the row number in the spreadsheet, as the person sees it
    code: str
    title: str
    prefix: str
    issue: object
    issued_on: object


def code_key(text: str) -> str:
    """A code or a file name reduced to its letters and digits, without case or diacritics,
    so that "QT-01/STP", "qt 01 stp.docx" and "QT_01_STP.DOCX" match."""
    name = re.sub(r"\.docx$", "", text.strip(), flags=re.IGNORECASE)
    return re.sub(r"[^a-z0-9]+", "", fold(nfc(name)))


def read_sheet(data: bytes) -> list[SheetRow]:
    """The rows of the document list: the first sheet, under the header row that names the
    columns Mã hiệu, Tên tài liệu, Loại, Lần ban hành, Ngày ban hành. Blank rows are skipped.

    Raises ValidationError for a file that is not a readable workbook, a missing column, no
    row, or more than MAX_ROWS rows.
    """
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises whatever its zip and XML readers raise on a bad file
        raise ValidationError(
            _("The spreadsheet cannot be read; save it again as .xlsx.")
        ) from None
    try:
        lines = enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1)
        columns: dict[str, int] = {}
        for number, values in lines:
            columns = header_columns(values, COLUMNS)
            if len(columns) == len(COLUMNS) or number >= HEADER_SEARCH_ROWS:
                break
        missing = [names[0] for column, names in COLUMNS.items() if column not in columns]
        if missing:
            raise ValidationError(
                _("The spreadsheet has no column %(columns)s in its header row.")
                % {"columns": ", ".join(f"“{name}”" for name in missing)}
            )
        rows = []
        for number, values in lines:
            cells = {
                column: values[index] if index < len(values) else None
                for column, index in columns.items()
            }
            if all(cell_text(value) == "" for value in cells.values()):
                continue
            if len(rows) == MAX_ROWS:
                raise ValidationError(
                    _("The spreadsheet has more than %(count)s rows; split it.")
                    % {"count": MAX_ROWS}
                )
            rows.append(
                SheetRow(
                    line=number,
                    code=cell_text(cells["code"]),
                    title=cell_text(cells["title"]),
                    prefix=cell_text(cells["prefix"]),
                    issue=cells["issue"],
                    issued_on=cells["issued_on"],
                )
            )
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(
            _("The spreadsheet cannot be read; save it again as .xlsx.")
        ) from None
    finally:
        workbook.close()
    if not rows:
        raise ValidationError(_("The spreadsheet lists no document under its header row."))
    return rows


def issue_number(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and 1 <= value <= 999 else None


def issue_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        for pattern in DATE_FORMATS:
            try:
                return datetime.strptime(value.strip(), pattern).date()
            except ValueError:
                continue
    return None


def docx_text(data: bytes) -> str:
    """The text of a .docx, paragraphs separated by a blank line, composed (NFC); read in a
    child process stopped after CONVERSION_TIMEOUT_SECONDS and kept by the file's hash, as the
    preview reads every file again each time it is shown.

    Raises ValidationError when the file cannot be read as a Word document in time.
    """
    try:
        text = cached(
            "docx-text",
            content_hash(data),
            lambda: run_limited(
                extract_docx_text, data, seconds=settings.CONVERSION_TIMEOUT_SECONDS
            ).encode(),
        )
    except ConversionFailed as failure:
        if failure.timed_out:
            raise
        raise ValidationError(
            _("The .docx file is damaged and cannot be read; open it in Word and save it again.")
        ) from None
    return text.decode()


def extract_docx_text(data: bytes) -> str:
    """mammoth's raw text, tidied. Runs in a child process."""
    result = mammoth.extract_raw_text(io.BytesIO(data))
    return re.sub(r"\n{3,}", "\n\n", nfc(result.value)).strip()
