"""What a confirmed import applies: the rows of the preview fit to import, each with its
file's contents and what was understood of it, as the import service
(``documents.services.imports``) takes them."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError

from documents.imports.parsing import docx_text
from documents.imports.preview import Preview
from documents.imports.staging import batch_read
from documents.models import DocumentType, ExternalDocument, IsoClause
from documents.word.structure import ProcedureStructure
from qms.agencies.models import Unit


class Mode:
    AS_IS = "as_is"  # the file and the structure read from it
    FILE_ONLY = "file_only"  # the file and its text; no sections, steps, forms or records


@dataclass
class ImportRow:
    """One document to create, or the next issue of one already registered."""

    code: str
    title: str
    document_type: DocumentType
    issue_number: int
    issued_on: date
    file_name: str
    file_data: bytes
    structure: ProcedureStructure | None = None
    mode: str = Mode.AS_IS
    body: str = ""  # the file's text, for a row imported as its file only
    parent_code: str = ""  # the procedure a form belongs to, in the register or this import
    tthc_code: str = ""  # the administrative procedure the file cites
    new_issue_of: int | None = None  # the registered document's pk
    # The register entry of a new document, where the caller knows it (the list does not say).
    owner_unit: Unit | None = None
    clauses: list[IsoClause] = field(default_factory=list)
    cited: list[ExternalDocument] = field(default_factory=list)


def import_rows(preview: Preview, batch: str) -> list[ImportRow]:
    """The rows of a preview that are fit to import, with their file contents."""
    rows = []
    for row in preview.ok_rows:
        data = batch_read(batch, f"files/{row.stored}")
        file_only = row.file_only or row.structure is None
        rows.append(
            ImportRow(
                code=row.code,
                title=row.title,
                document_type=row.document_type,
                issue_number=row.issue_number,
                issued_on=row.issued_on,
                file_name=row.file_name,
                file_data=data,
                structure=None if file_only else row.structure,
                mode=Mode.FILE_ONLY if file_only else Mode.AS_IS,
                body=_text(data) if file_only else "",
                parent_code=row.parent_code,
                tthc_code=row.tthc_code,
                new_issue_of=row.existing["pk"] if row.existing else None,
            )
        )
    return rows


def _text(data: bytes) -> str:
    """The file's text for the search, or nothing when even the text cannot be read."""
    try:
        return docx_text(data)
    except ValidationError:
        return ""
