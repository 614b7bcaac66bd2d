"""Bringing an agency's existing procedures into the register.

This is the one sanctioned path by which a revision becomes effective without having been
reviewed and approved in the system: the documents were issued on paper before the agency
started using it. Existing documents are never touched.
"""

import re
from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.imports import ImportRow
from documents.models import Document, Revision
from documents.services.documents import document_create, document_refresh_search_text
from qms.agencies.models import Agency, User
from qms.agencies.permissions import require
from qms.lib.dates import add_months
from qms.lib.text import fold, nfc
from qms.lib.uploads import sniff


@transaction.atomic
def documents_import(*, agency: Agency, by: User, rows: list[ImportRow]) -> list[Document]:
    """Create, in one transaction, a document per row with its code, title and type, and
    its revision numbered with the row's issue, effective since the issue date, holding the
    text of the .docx as its body and the .docx as its source file. History records
    "Imported from existing documents".

    All or nothing. Raises PermissionDenied without manage_documents, and ValidationError
    naming the row's code for an empty list, a code missing, already in the register or twice
    in the list, a type of another agency, an issue number below 1, an issue date in the
    future or a file that is not a .docx.
    """
    require(by, "manage_documents", agency)
    if not rows:
        raise ValidationError(_("There is nothing to import."))
    reason = _("Imported from existing documents")
    documents = []
    for row in rows:
        try:
            documents.append(_import_one(agency=agency, by=by, row=row, reason=reason))
        except ValidationError as error:
            raise ValidationError(
                _("%(code)s: %(error)s") % {"code": row.code, "error": " ".join(error.messages)}
            ) from None
    return documents


def _import_one(*, agency: Agency, by: User, row: ImportRow, reason: str) -> Document:
    if not row.code.strip():
        raise ValidationError(_("The code is missing."))
    if row.issue_number < 1:
        raise ValidationError(_("The issue number must be a whole number from 1 to 999."))
    if row.issued_on > timezone.localdate():
        raise ValidationError(_("The issue date is in the future."))
    if sniff(row.file_data) != "docx":
        raise ValidationError(_("The file is not a .docx document."))
    # A code already in the register (or earlier in the list) is refused here, so an
    # existing document is never changed.
    document = document_create(
        agency=agency, by=by, type=row.document_type, title=row.title, code=row.code
    )
    revision = document.revisions.get()
    revision.number = row.issue_number
    revision.body = nfc(row.body)
    revision.change_summary = reason
    revision.status = Revision.Status.EFFECTIVE
    revision.effective_date = row.issued_on
    # The issue date is the day the paper original was signed; there is no approver here.
    revision.approved_at = timezone.make_aware(datetime.combine(row.issued_on, time.min))
    revision.source_file.save(
        _file_name(document.code, row.issue_number), ContentFile(row.file_data), save=False
    )
    revision.source_name = row.file_name[:255]
    revision._history_user = by
    revision._change_reason = reason
    revision.save()
    # A new document has no other revision, so the one-effective constraint holds.
    document.status, document.effective_revision = Document.Status.EFFECTIVE, revision
    document.review_due = add_months(row.issued_on, document.type.review_period_months)
    document_refresh_search_text(document)
    document._history_user = by
    document._change_reason = reason
    document.save(update_fields=["status", "effective_revision", "review_due", "search_text"])
    return document


def _file_name(code: str, number: int) -> str:
    safe = re.sub(r"[^a-z0-9]+", "-", fold(code)).strip("-") or "document"
    return f"{safe}-{number:02}.docx"
