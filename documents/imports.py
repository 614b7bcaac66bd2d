"""Reading an agency's existing documents for import: the list (.xlsx) and the .docx files.

Nothing here writes a document. Between the upload and the confirmation the files wait in a
private staging folder, MEDIA_ROOT/imports/<batch>/, which no URL serves. Each time a batch is
read, every row is checked again against the agency's current register, so the preview
always says what the import would do now.
"""

import io
import json
import re
import secrets
import shutil
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import mammoth
import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import Document, DocumentType
from qms.agencies.models import Agency
from qms.lib.text import fold, nfc
from qms.lib.uploads import CheckedUpload

# Django refuses a request with more than DATA_UPLOAD_MAX_NUMBER_FILES (100) files; one of
# them is the spreadsheet.
MAX_FILES = 99
MAX_TOTAL_BYTES = 100 * 1024 * 1024
MAX_ROWS = 1000
# A batch nobody confirmed or cancelled is removed when a later upload finds it this old.
STAGING_MAX_AGE_SECONDS = 24 * 3600
STAGING_FOLDER = "imports"
_BATCH_ID = re.compile(r"^[0-9a-f]{32}$")

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


@dataclass
class Incoming:
    """One uploaded .docx: checked by content, or refused with the reason."""

    name: str
    upload: CheckedUpload | None = None
    error: str = ""


@dataclass
class ImportRow:
    """One document to create, as the import service takes it."""

    code: str
    title: str
    document_type: DocumentType
    issue_number: int
    issued_on: date
    body: str
    file_name: str
    file_data: bytes


@dataclass
class PreviewRow:
    line: int
    code: str
    title: str
    prefix: str
    issue_number: int | None
    issued_on: date | None
    file_name: str = ""
    errors: list[str] = field(default_factory=list)
    document_type: DocumentType | None = None
    body: str = ""
    stored: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Preview:
    rows: list[PreviewRow]
    unused_files: list[str]

    @property
    def ok_rows(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.ok]

    @property
    def failed_rows(self) -> list[PreviewRow]:
        return [row for row in self.rows if not row.ok]


def code_key(text: str) -> str:
    """A code or a file name reduced to its letters and digits, without case or diacritics,
    so that "QT-01/STP", "qt 01 stp.docx" and "QT_01_STP.DOCX" match."""
    name = re.sub(r"\.docx$", "", text.strip(), flags=re.IGNORECASE)
    return re.sub(r"[^a-z0-9]+", "", fold(nfc(name)))


# Reading ----------------------------------------------------------------------------------


def _header_key(value) -> str:
    return re.sub(r"[^a-z0-9 ]+", " ", fold(str(value or ""))).strip()


def _columns(header: tuple) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        heading = _header_key(cell)
        for column, names in COLUMNS.items():
            wanted = [_header_key(name) for name in names]
            matches = any(heading == w or heading.startswith(w + " ") for w in wanted)
            if column not in found and matches:
                found[column] = index
                break
    return found


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", nfc(str(value))).strip()


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
            columns = _columns(values)
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
            if all(_text(value) == "" for value in cells.values()):
                continue
            if len(rows) == MAX_ROWS:
                raise ValidationError(
                    _("The spreadsheet has more than %(count)s rows; split it.")
                    % {"count": MAX_ROWS}
                )
            rows.append(
                SheetRow(
                    line=number,
                    code=_text(cells["code"]),
                    title=_text(cells["title"]),
                    prefix=_text(cells["prefix"]),
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
    """The text of a .docx, paragraphs separated by a blank line, composed (NFC).

    Raises ValidationError when the file cannot be read as a Word document.
    """
    try:
        result = mammoth.extract_raw_text(io.BytesIO(data))
    except Exception:  # mammoth raises whatever its zip and XML readers raise on a bad file
        raise ValidationError(
            _("The .docx file is damaged and cannot be read; open it in Word and save it again.")
        ) from None
    return re.sub(r"\n{3,}", "\n\n", nfc(result.value)).strip()


# Staging ----------------------------------------------------------------------------------


def _root() -> Path:
    return Path(settings.MEDIA_ROOT) / STAGING_FOLDER


def staging_root() -> Path:
    """The private folder of staged imports (documents and TTHC lists); no URL serves it."""
    return _root()


def is_batch_id(batch: str) -> bool:
    return bool(_BATCH_ID.match(batch or ""))


def batch_folder(batch: str) -> Path:
    """The staging folder of ``batch``; FileNotFoundError when it is gone or malformed."""
    folder = _root() / batch
    if not is_batch_id(batch) or not (folder / "manifest.json").is_file():
        raise FileNotFoundError(batch)
    return folder


def batch_stage(*, sheet: CheckedUpload, documents: list[Incoming]) -> str:
    """Store the checked spreadsheet and .docx files in a new private folder and return its
    id. Files refused by the upload check are remembered by name with their reason."""
    batches_sweep()
    batch = secrets.token_hex(16)
    folder = _root() / batch
    (folder / "files").mkdir(parents=True)
    sheet.file.seek(0)
    (folder / "sheet.xlsx").write_bytes(sheet.file.read())
    manifest = []
    for index, item in enumerate(documents, start=1):
        entry = {"name": item.name, "stored": "", "error": item.error}
        if item.upload is not None:
            entry["stored"] = f"{index:03}.docx"
            item.upload.file.seek(0)
            (folder / "files" / entry["stored"]).write_bytes(item.upload.file.read())
        manifest.append(entry)
    (folder / "manifest.json").write_text(
        json.dumps({"files": manifest}, ensure_ascii=False), encoding="utf-8"
    )
    return batch


def batch_delete(batch: str) -> None:
    if is_batch_id(batch):
        shutil.rmtree(_root() / batch, ignore_errors=True)


def batches_sweep(*, older_than: int = STAGING_MAX_AGE_SECONDS) -> None:
    """Remove staging folders left behind (never confirmed nor cancelled)."""
    root = _root()
    if not root.is_dir():
        return
    limit = time.time() - older_than
    for folder in root.iterdir():
        if folder.is_dir() and is_batch_id(folder.name) and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)


# Checking ---------------------------------------------------------------------------------


def batch_preview(*, agency: Agency, batch: str) -> Preview:
    """Every row of a staged batch with what is wrong with it, if anything: an unknown type
    prefix, a code twice in the list or already in the register, a bad issue number or
    date, a missing, ambiguous or unreadable .docx.

    Raises FileNotFoundError for a batch that is gone.
    """
    folder = batch_folder(batch)
    files = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]
    sheet_rows = read_sheet((folder / "sheet.xlsx").read_bytes())
    types = {
        document_type.prefix.casefold(): document_type
        for document_type in agency.document_types.filter(is_active=True)
    }
    taken = {
        code_key(code) for code in Document.objects.of_agency(agency).values_list("code", flat=True)
    }
    by_key: dict[str, list[dict]] = {}
    for entry in files:
        by_key.setdefault(code_key(entry["name"]), []).append(entry)
    in_sheet: dict[str, int] = {}
    for row in sheet_rows:
        in_sheet[code_key(row.code)] = in_sheet.get(code_key(row.code), 0) + 1
    today = timezone.localdate()
    rows = [_check(row, types, taken, by_key, in_sheet, today, folder) for row in sheet_rows]
    used = {code_key(row.code) for row in sheet_rows}
    unused = sorted(
        entry["name"] for key, entries in by_key.items() if key not in used for entry in entries
    )
    return Preview(rows=rows, unused_files=unused)


def _check(row: SheetRow, types, taken, by_key, in_sheet, today: date, folder: Path) -> PreviewRow:
    key = code_key(row.code)
    checked = PreviewRow(
        line=row.line,
        code=row.code,
        title=row.title,
        prefix=row.prefix,
        issue_number=issue_number(row.issue),
        issued_on=issue_date(row.issued_on),
        document_type=types.get(row.prefix.casefold()),
    )
    errors = checked.errors
    if not key:
        errors.append(_("The code is missing."))
    elif in_sheet[key] > 1:
        errors.append(_("The code appears more than once in the list."))
    elif key in taken:
        errors.append(_("The agency already has a document with this code."))
    if not row.title:
        errors.append(_("The title is missing."))
    if not row.prefix:
        errors.append(_("The type prefix is missing."))
    elif checked.document_type is None:
        errors.append(
            _("Unknown document type “%(prefix)s”: use the prefix of one of the agency's types.")
            % {"prefix": row.prefix}
        )
    if checked.issue_number is None:
        errors.append(_("The issue number must be a whole number from 1 to 999."))
    if checked.issued_on is None:
        errors.append(_("The issue date is not a date; write it as 25/11/2026."))
    elif checked.issued_on > today:
        errors.append(_("The issue date is in the future."))
    entries = by_key.get(key, []) if key else []
    if not entries and key:
        errors.append(_("No .docx file is named after this code."))
    elif len(entries) > 1:
        errors.append(
            _("Several files match this code: %(names)s.")
            % {"names": ", ".join(entry["name"] for entry in entries)}
        )
    elif entries:
        entry = entries[0]
        checked.file_name = entry["name"]
        if entry["error"]:
            errors.append(entry["error"])
        else:
            checked.stored = entry["stored"]
            try:
                checked.body = docx_text((folder / "files" / entry["stored"]).read_bytes())
            except ValidationError as error:
                errors.extend(error.messages)
    return checked


def import_rows(preview: Preview, batch: str) -> list[ImportRow]:
    """The rows of a preview that are fit to import, with their file contents."""
    folder = batch_folder(batch)
    return [
        ImportRow(
            code=row.code,
            title=row.title,
            document_type=row.document_type,
            issue_number=row.issue_number,
            issued_on=row.issued_on,
            body=row.body,
            file_name=row.file_name,
            file_data=(folder / "files" / row.stored).read_bytes(),
        )
        for row in preview.ok_rows
    ]
