"""What a confirmed import applies: the rows of the preview fit to import, each with its
file's contents, as the import service (``documents.services.imports``) takes them."""

from dataclasses import dataclass
from datetime import date

from documents.imports.preview import Preview
from documents.imports.staging import batch_folder
from documents.models import DocumentType


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
