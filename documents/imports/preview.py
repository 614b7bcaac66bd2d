"""Checking a staged batch: every row of the list with what is wrong with it, against the
agency's register as it is now, so that the preview always says what the import would do."""

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.imports.parsing import (
    SheetRow,
    code_key,
    docx_text,
    issue_date,
    issue_number,
    read_sheet,
)
from documents.imports.staging import batch_folder
from documents.models import Document, DocumentType
from qms.agencies.models import Agency


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
