"""Reading an agency's existing documents for import: the list (.xlsx) and the .docx files.

Nothing here writes a document. Between the upload and the confirmation the files wait in a
private staging area, imports/<batch>/ in the file storage, which no URL serves. Each time a batch is
read, every row is checked again against the agency's current register, so the preview
always says what the import would do now.

- ``parsing``: the spreadsheet, the .docx text, codes, issue numbers and dates;
- ``staging``: the private files of a batch, its manifest and its clean-up;
- ``preview``: each row of a staged batch checked against the register;
- ``applying``: the rows a confirmed import creates, with their files.
"""

from documents.imports.applying import ImportRow, import_rows
from documents.imports.parsing import (
    COLUMNS,
    DATE_FORMATS,
    HEADER_SEARCH_ROWS,
    MAX_ROWS,
    SheetRow,
    code_key,
    docx_text,
    issue_date,
    issue_number,
    read_sheet,
)
from documents.imports.preview import Preview, PreviewRow, batch_preview
from documents.imports.staging import (
    MAX_FILES,
    MAX_TOTAL_BYTES,
    STAGING_FOLDER,
    STAGING_MAX_AGE_SECONDS,
    Incoming,
    batch_delete,
    batch_new,
    batch_read,
    batch_stage,
    batch_write,
    batches_sweep,
    is_batch_id,
)

__all__ = [
    "COLUMNS",
    "DATE_FORMATS",
    "HEADER_SEARCH_ROWS",
    "MAX_FILES",
    "MAX_ROWS",
    "MAX_TOTAL_BYTES",
    "STAGING_FOLDER",
    "STAGING_MAX_AGE_SECONDS",
    "ImportRow",
    "Incoming",
    "Preview",
    "PreviewRow",
    "SheetRow",
    "batch_delete",
    "batch_new",
    "batch_preview",
    "batch_read",
    "batch_stage",
    "batch_write",
    "batches_sweep",
    "code_key",
    "docx_text",
    "import_rows",
    "is_batch_id",
    "issue_date",
    "issue_number",
    "read_sheet",
]
