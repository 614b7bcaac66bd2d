"""Checking a staged batch: every row of the list with what is wrong with it and what its Word
file says, against the agency's register as it is now, so that the preview always says what
the import would do. A handful of queries whatever the number of rows: the register, the
types and the TTHC codes are read once, and the rows are checked in memory."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from documents.imports.matching import (
    SET_ASIDE,
    Assignment,
    FileChoice,
    assign_files,
    code_tokens,
    types_by_label,
)
from documents.imports.parsing import SheetRow, code_key, issue_date, issue_number, read_sheet
from documents.imports.staging import batch_manifest, batch_read
from documents.imports.structures import Unreadable, structures_read
from documents.imports.understanding import Understood, understood
from documents.models import Document, DocumentType, ExternalDocument
from documents.word.structure import ProcedureStructure
from qms.agencies.models import Agency
from qms.lib.text import fold


class Action:
    CREATE = "create"  # a new document of the register
    NEW_ISSUE = "new_issue"  # the next issue of a document already in the register


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
    notes: list[str] = field(default_factory=list)  # worth reading, not in the way
    document_type: DocumentType | None = None
    stored: str = ""
    action: str = Action.CREATE
    existing: dict | None = None  # the register's document for a new issue
    structure: ProcedureStructure | None = None
    unreadable: str = ""  # why the structure cannot be read
    understood: Understood | None = None
    file_only: bool = False
    parent_code: str = ""
    tthc_code: str = ""  # the TTHC the file cites, when the agency's register has it

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def structure_readable(self) -> bool:
        return self.structure is not None


@dataclass
class Preview:
    rows: list[PreviewRow]
    choices: list[FileChoice] = field(default_factory=list)

    @property
    def ok_rows(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.ok]

    @property
    def failed_rows(self) -> list[PreviewRow]:
        return [row for row in self.rows if not row.ok]

    @property
    def unused_files(self) -> list[str]:
        """The files no row takes: matched to none, or set aside."""
        return sorted(
            choice.entry["name"]
            for choice in self.choices
            if choice.chosen == SET_ASIDE or (choice.chosen is None and not choice.matched)
        )


@dataclass
class Register:
    """What the rows are checked against, read once per preview."""

    labels: dict[str, DocumentType]
    documents: dict[str, dict]  # code key -> the document's row
    tthc_limits: dict[str, Decimal | None]
    today: date
    in_sheet: dict[str, int] = field(default_factory=dict)


def batch_preview(*, agency: Agency, batch: str) -> Preview:
    """Every row of a staged batch with what is wrong with it, if anything, and what its
    file says: a type unknown by prefix and by name, a code twice in the list, a code in the
    register that is not an earlier issue, a bad issue number or date, no file or several, a
    file refused at upload; a file whose structure cannot be read can still come as a file.

    Raises FileNotFoundError for a batch that is gone.
    """
    manifest = batch_manifest(batch)
    sheet_rows = read_sheet(batch_read(batch, "sheet.xlsx"))
    register = _register(agency, sheet_rows)
    chosen = {key: int(line) for key, line in manifest["chosen"].items()}
    assignment = assign_files(sheet_rows, manifest["files"], chosen)
    rows = [_check(row, register, assignment) for row in sheet_rows]
    _read_structures(rows, batch)
    file_only = set(manifest["file_only"])
    batch_codes = {code_key(row.code) for row in rows if row.ok}
    register_codes = set(register.documents)
    for row in rows:
        row.file_only = row.line in file_only or (row.stored != "" and row.structure is None)
        if row.structure is not None:
            row.understood = understood(
                row.structure,
                row=row,
                register_codes=register_codes,
                batch_codes=batch_codes,
                tthc_limits=register.tthc_limits,
            )
            if row.structure.tthc_code in register.tthc_limits:
                row.tthc_code = row.structure.tthc_code
    _find_parents(rows, register)
    _offer(assignment.choices, rows)
    return Preview(rows=rows, choices=assignment.choices)


def _offer(choices: list[FileChoice], rows: list[PreviewRow]) -> None:
    """The rows each undecided file may go to: those its name matched, then those without
    a file."""
    labels = {row.line: f"{row.code} · {row.title}" for row in rows}
    without_file = [row.line for row in rows if not row.file_name]
    for choice in choices:
        lines = choice.matched + [line for line in without_file if line not in choice.matched]
        if choice.chosen and choice.chosen not in lines:
            lines.append(choice.chosen)
        choice.options = [(line, labels[line]) for line in lines if line in labels]


def _register(agency: Agency, sheet_rows: list[SheetRow]) -> Register:
    types = list(agency.document_types.filter(is_active=True))
    documents = {
        code_key(document["code"]): document
        for document in Document.objects.of_agency(agency)
        .with_revision_in_progress()
        .values(
            "pk",
            "code",
            "title",
            "type__kind",
            "effective_revision__number",
            "effective_revision__effective_date",
            "in_progress",
        )
    }
    tthc_limits = dict(
        ExternalDocument.objects.filter(
            agency=agency, kind=ExternalDocument.Kind.PROCEDURE
        ).values_list("number", "time_limit_days")
    )
    in_sheet: dict[str, int] = {}
    for row in sheet_rows:
        in_sheet[code_key(row.code)] = in_sheet.get(code_key(row.code), 0) + 1
    return Register(
        labels=types_by_label(types),
        documents=documents,
        tthc_limits=tthc_limits,
        today=timezone.localdate(),
        in_sheet=in_sheet,
    )


def _check(row: SheetRow, register: Register, assignment: Assignment) -> PreviewRow:
    key = code_key(row.code)
    checked = PreviewRow(
        line=row.line,
        code=row.code,
        title=row.title,
        prefix=row.prefix,
        issue_number=issue_number(row.issue),
        issued_on=issue_date(row.issued_on),
        document_type=register.labels.get(fold(row.prefix)),
    )
    errors = checked.errors
    if not key:
        errors.append(_("The code is missing."))
    elif register.in_sheet[key] > 1:
        errors.append(_("The code appears more than once in the list."))
    elif key in register.documents:
        _check_new_issue(checked, register.documents[key])
    if not row.title:
        errors.append(_("The title is missing."))
    if not row.prefix:
        errors.append(_("The type is missing."))
    elif checked.document_type is None:
        errors.append(
            _(
                "Unknown document type “%(type)s”: write the name or the prefix of one of the agency's types."
            )
            % {"type": row.prefix}
        )
    if checked.issue_number is None:
        errors.append(_("The issue number must be a whole number from 1 to 999."))
    if checked.issued_on is None:
        errors.append(_("The issue date is not a date; write it as 25/11/2026."))
    elif checked.issued_on > register.today:
        errors.append(_("The issue date is in the future."))
    # A code twice in the list has its files offered for a choice; no second message.
    if not key or register.in_sheet[key] == 1:
        _check_file(checked, assignment.files_of_row.get(row.line, []), bool(key))
    return checked


def _check_new_issue(row: PreviewRow, document: dict) -> None:
    """A code already in the register: the next issue of that document, or an error."""
    effective = document["effective_revision__number"]
    since = document["effective_revision__effective_date"]
    if effective is None:
        row.errors.append(_("The agency already has a document with this code."))
    elif document["in_progress"]:
        row.errors.append(
            _(
                "The register already has this document with a revision in progress; finish "
                "or withdraw that revision first."
            )
        )
    elif row.issue_number is not None and row.issue_number <= effective:
        row.errors.append(
            _(
                "The register already has issue %(number)s of this document; only a later "
                "issue can be imported."
            )
            % {"number": effective}
        )
    elif row.issued_on is not None and since is not None and row.issued_on < since:
        row.errors.append(
            _("The issue date is before that of the effective issue (%(date)s).")
            % {"date": since.strftime("%d/%m/%Y")}
        )
    else:
        row.action, row.existing = Action.NEW_ISSUE, document
        row.notes.append(
            _("New issue of %(code)s, which replaces its issue %(number)s.")
            % {"code": document["code"], "number": effective}
        )


def _check_file(row: PreviewRow, entries: list[dict], has_code: bool) -> None:
    if not entries:
        if has_code:
            row.errors.append(_("No .docx file matches this code; choose one below."))
        return
    if len(entries) > 1:
        row.errors.append(
            _("Several files match this code: %(names)s; choose one below.")
            % {"names": ", ".join(entry["name"] for entry in entries)}
        )
        return
    entry = entries[0]
    row.file_name = entry["name"]
    if entry["error"]:
        row.errors.append(entry["error"])
    else:
        row.stored = entry["stored"]


def _read_structures(rows: list[PreviewRow], batch: str) -> None:
    with_file = [row for row in rows if row.stored]
    read = structures_read([batch_read(batch, f"files/{row.stored}") for row in with_file])
    for row, result in zip(with_file, read, strict=True):
        if isinstance(result, Unreadable):
            row.unreadable = str(result)
        else:
            row.structure = result


def _find_parents(rows: list[PreviewRow], register: Register) -> None:
    """A form's parent is the procedure whose code ends its own ("BM-01-QT-04" → QT-04), in
    this import or in the register; the longest such code wins."""
    form = DocumentType.Kind.FORM
    parents = {
        code_tokens(document["code"]): document["code"]
        for document in register.documents.values()
        if document["type__kind"] != form
    }
    parents.update(
        {
            code_tokens(row.code): row.code
            for row in rows
            if row.ok and row.document_type is not None and row.document_type.kind != form
        }
    )
    for row in rows:
        if row.document_type is None or row.document_type.kind != form or row.existing:
            continue
        words = code_tokens(row.code)
        for start in range(1, len(words)):
            if words[start:] in parents:
                row.parent_code = parents[words[start:]]
                break
