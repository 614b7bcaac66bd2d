"""Bringing an agency's existing procedures into the register.

This is the one sanctioned path by which a revision becomes effective without having been
reviewed and approved in the system: the documents were issued on paper before the agency
started using it. An existing document is only ever given a later issue, which supersedes
its effective one; nothing else of it changes. An imported issue gets its controlled copy
at import (``render_copies``), rendered from the structure read from its file, or framing the
file itself when only the file comes in.
"""

import re
from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.imports import ImportRow
from documents.imports.matching import code_tokens
from documents.models import Document, DocumentType, ExternalDocument, Revision
from documents.services.copies import controlled_copy_issue, copies_issued_together
from documents.services.documents import document_create, document_refresh_search_text
from documents.services.word import revision_store_structure
from qms.agencies.models import Agency, User
from qms.agencies.permissions import require
from qms.lib.dates import add_months
from qms.lib.text import fold, nfc
from qms.lib.uploads import sniff

S = Revision.Status


@transaction.atomic
def documents_import(
    *, agency: Agency, by: User, rows: list[ImportRow], render_copies: bool = True
) -> list[Document]:
    """Bring in, in one transaction, each row as a paper issue effective since its issue
    date, with the .docx as its source file: a new document with its code, title and type,
    or, for ``new_issue_of``, the next issue of a registered document (its effective issue is
    superseded). A row "as is" gets the sections, steps, forms, records, signatories and
    revision log read from its file; a form whose code ends with a procedure's code belongs
    to that procedure; a cited TTHC of the agency's external register becomes the document's
    administrative procedure. Forms are registered before anything links to them, so a
    procedure links to the forms imported with it. History records "Imported from existing
    documents". The next review falls a review period after the import (the paper date would
    make every old procedure overdue on arrival). With ``render_copies`` each issue gets its
    controlled PDF, all rendered together at the end; without it the issue stays a paper
    issue without one.

    All or nothing. Raises PermissionDenied without manage_documents, and ValidationError
    naming the row's code for an empty list, a code missing, already in the register (but for
    a later issue) or twice in the list, a type of another agency, an issue number below 1 or
    not above the effective one, an issue date in the future or before the effective issue's,
    a document with a revision in progress or a file that is not a .docx.
    """
    require(by, "manage_documents", agency)
    if not rows:
        raise ValidationError(_("There is nothing to import."))
    reason = _("Imported from existing documents")
    imported: dict[int, tuple[ImportRow, Revision]] = {}
    # Procedures before forms, so that a form's parent of this import exists when it is made.
    order = sorted(range(len(rows)), key=lambda index: _is_form(rows[index]))
    created: dict[tuple[str, ...], Document] = {}
    for index in order:
        row = rows[index]
        with _naming(row):
            _check_row(row)
            if row.new_issue_of:
                revision = _new_issue(agency=agency, by=by, row=row, reason=reason)
            else:
                parent = _parent(agency, row, created)
                revision = _new_document(
                    agency=agency, by=by, row=row, parent=parent, reason=reason
                )
                created[code_tokens(row.code)] = revision.document
        imported[index] = (row, revision)
    procedures = _procedures_cited(agency, rows)
    # Every document exists now: a procedure finds the forms imported with it.
    for index in range(len(rows)):
        row, revision = imported[index]
        with _naming(row):
            _fill(revision, row, by=by, reason=reason, procedure=procedures.get(row.tthc_code))
    if render_copies:
        _issue_copies(list(imported.values()), by=by)
    return [imported[index][1].document for index in range(len(rows))]


def _issue_copies(imported: list[tuple[ImportRow, Revision]], *, by: User) -> None:
    """The controlled PDFs of the imported issues, rendered side by side; a copy that cannot
    be made undoes the whole import, as it undoes an approval."""
    with copies_issued_together():
        for row, revision in imported:
            # A structured issue is printed from its structure: its Word file printed after
            # it would repeat the same content.
            controlled_copy_issue(revision=revision, by=by, with_source=row.structure is None)


class _naming:
    """Puts the row's code in front of any error raised for it."""

    def __init__(self, row: ImportRow):
        self.row = row

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if isinstance(error, ValidationError):
            raise ValidationError(
                _("%(code)s: %(error)s")
                % {"code": self.row.code, "error": " ".join(error.messages)}
            ) from None
        return False


def _is_form(row: ImportRow) -> bool:
    return row.document_type.kind == DocumentType.Kind.FORM


def _check_row(row: ImportRow) -> None:
    if not row.code.strip():
        raise ValidationError(_("The code is missing."))
    if row.issue_number < 1:
        raise ValidationError(_("The issue number must be a whole number from 1 to 999."))
    if row.issued_on > timezone.localdate():
        raise ValidationError(_("The issue date is in the future."))
    if sniff(row.file_data) != "docx":
        raise ValidationError(_("The file is not a .docx document."))


def _parent(agency: Agency, row: ImportRow, created: dict) -> Document | None:
    if not row.parent_code:
        return None
    return created.get(code_tokens(row.parent_code)) or (
        Document.objects.filter(agency=agency, code=row.parent_code).first()
    )


def _new_document(
    *, agency: Agency, by: User, row: ImportRow, parent: Document | None, reason: str
) -> Revision:
    # A code already in the register (or earlier in the list) is refused here, so an
    # existing document is never changed.
    document = document_create(
        agency=agency,
        by=by,
        type=row.document_type,
        title=row.title,
        code=row.code,
        parent=parent,
        owner_unit=row.owner_unit,
        clauses=row.clauses,
        cited=row.cited,
    )
    revision = document.revisions.get()
    revision.number = row.issue_number
    _paper_issue(revision, row, by=by, reason=reason)
    return revision


def _new_issue(*, agency: Agency, by: User, row: ImportRow, reason: str) -> Revision:
    document = (
        Document.objects.select_for_update()
        .select_related("type")
        .filter(agency=agency, pk=row.new_issue_of)
        .first()
    )
    if document is None:
        raise ValidationError(_("The document is no longer in the register."))
    revisions = Revision.objects.select_for_update().filter(document=document)
    if revisions.filter(status__in=Revision.IN_PROGRESS).exists():
        raise ValidationError(_("This document already has a revision in progress."))
    if revisions.filter(number=row.issue_number).exists():
        raise ValidationError(
            _("The register already has issue %(number)s of this document.")
            % {"number": row.issue_number}
        )
    current = revisions.filter(status=S.EFFECTIVE).first()
    if current is None or current.number >= row.issue_number:
        raise ValidationError(_("Only a later issue of an effective document can be imported."))
    if current.effective_date and row.issued_on < current.effective_date:
        raise ValidationError(_("The issue date is before that of the effective issue."))
    revision = Revision(document=document, number=row.issue_number, drafted_by=by)
    _paper_issue(revision, row, by=by, reason=reason)
    return revision


def _paper_issue(revision: Revision, row: ImportRow, *, by: User, reason: str) -> None:
    """The revision with the .docx as its source file, still a draft until its content is
    in (``_take_effect``)."""
    revision.source_file.save(
        _file_name(revision.document.code, row.issue_number),
        ContentFile(row.file_data),
        save=False,
    )
    revision.source_name = row.file_name[:255]
    revision._history_user = by
    revision._change_reason = reason
    revision.save()


def _take_effect(revision: Revision, row: ImportRow, *, by: User, reason: str) -> None:
    """The paper issue as it was: effective since its issue date. There is no approver
    here: the date is when it was signed. A document's effective issue ends first, so that
    the one-effective constraint holds at every statement."""
    current = (
        Revision.objects.select_for_update()
        .filter(document=revision.document_id, status=S.EFFECTIVE)
        .first()
    )
    if current is not None:
        current.status, current.ended_on = S.SUPERSEDED, row.issued_on
        current._history_user = by
        current._change_reason = _("Superseded by issue %(number)s") % {
            "number": f"{revision.number:02}"
        }
        current.save(update_fields=["status", "ended_on"])
    revision.status = S.EFFECTIVE
    revision.effective_date = row.issued_on
    revision.approved_at = timezone.make_aware(datetime.combine(row.issued_on, time.min))
    revision.change_summary = revision.change_summary or reason
    revision._history_user = by
    revision._change_reason = reason
    revision.save(
        update_fields=["status", "effective_date", "approved_at", "change_summary", "body"]
    )


def _procedures_cited(agency: Agency, rows: list[ImportRow]) -> dict[str, ExternalDocument]:
    codes = {row.tthc_code for row in rows if row.tthc_code}
    if not codes:
        return {}
    return {
        external.number: external
        for external in ExternalDocument.objects.filter(
            agency=agency, kind=ExternalDocument.Kind.PROCEDURE, number__in=codes
        )
    }


def _fill(
    revision: Revision,
    row: ImportRow,
    *,
    by: User,
    reason: str,
    procedure: ExternalDocument | None,
) -> None:
    """The content read from the file, then the document as effective with this issue."""
    if row.structure is not None:
        # The file's own history row of this issue says what changed, when it has one.
        revision_store_structure(revision, row.structure, by=by)
    else:
        revision.body = nfc(row.body)
    _take_effect(revision, row, by=by, reason=reason)
    document = revision.document
    fields = ["status", "effective_revision", "review_due", "search_text"]
    if procedure is not None and document.administrative_procedure_id is None:
        document.administrative_procedure = procedure
        fields.append("administrative_procedure")
    document.status, document.effective_revision = Document.Status.EFFECTIVE, revision
    document.review_due = add_months(timezone.localdate(), document.type.review_period_months)
    document_refresh_search_text(document)
    document._history_user = by
    document._change_reason = reason
    document.save(update_fields=fields)


def _file_name(code: str, number: int) -> str:
    safe = re.sub(r"[^a-z0-9]+", "-", fold(code)).strip("-") or "document"
    return f"{safe}-{number:02}.docx"
