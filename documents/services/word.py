"""A revision's content filled from a procedure's Word file ("new draft from Word").

``revision_store_structure`` writes the rows; it checks nothing, and only this module's
services and the import of an agency's existing documents (``documents.services.imports``,
which stores issues already in force) call it. Everyone else goes through
``revision_fill_from_word`` or ``revision_new_from_word``, which lock and check.
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from documents.models import Document, DocumentType, PaperIssueEntry, PaperSignature, Revision
from documents.services.changes import revision_new_from
from documents.services.revisions import (
    _locked,
    replace_records,
    replace_steps,
    revision_attach_file,
)
from documents.word.structure import FormRef, ProcedureStructure, Retention
from documents.workflow import check_revision_edit
from qms.agencies.models import User
from qms.agencies.permissions import agency_permissions
from qms.lib.text import fold, nfc

SECTIONS = ("purpose", "scope", "references", "definitions", "body")
# How many forms not in the register are named in the history's reason.
MISSING_IN_REASON = 20


def code_key(code: str) -> str:
    """A form code as compared: "BM 01/QT-04", "bm-01-qt-04" and "BM.01.QT.04" are one."""
    return re.sub(r"[^0-9a-z]+", "", fold(code))


def _step_rows(structure: ProcedureStructure) -> list[dict]:
    return [
        {
            "content": step.content,
            "responsible": step.responsible[:255],
            "time_text": step.time_text[:255],
            "duration_days": step.duration_days,
            "output": step.output[:255],
        }
        for step in structure.steps
        if step.content.strip()
    ]


def _record_rows(structure: ProcedureStructure) -> list[dict]:
    """The records with their rule; a retention that could not be read is kept permanently
    (the reader's warning says so), as nothing may be disposed of on a guess."""
    rows = []
    for record in structure.records:
        if not record.name.strip():
            continue
        rule = record.retention
        if rule in (Retention.YEARS, Retention.YEARS_AFTER_EVENT) and not record.retention_years:
            rule = None
        rows.append(
            {
                "name": record.name[:255],
                "keeper": record.keeper[:255],
                "retention": str(rule or Retention.PERMANENT),
                "retention_years": record.retention_years if rule else None,
                "retention_event": record.retention_event[:255],
            }
        )
    return rows


def _link_forms(revision: Revision, forms: list[FormRef]) -> list[FormRef]:
    """Link the forms found in the agency's register by code; return the others, in order."""
    register = {
        code_key(code): pk
        for pk, code in Document.objects.of_agency(revision.document.agency)
        .filter(type__kind=DocumentType.Kind.FORM)
        .values_list("pk", "code")
    }
    linked, missing = [], []
    for form in forms:
        pk = register.get(code_key(form.code))
        if pk is None:
            missing.append(form)
        elif pk not in linked:
            linked.append(pk)
    revision.forms.set(linked)
    return missing


def _store_paper(revision: Revision, structure: ProcedureStructure) -> None:
    revision.paper_signatures.all().delete()
    PaperSignature.objects.bulk_create(
        PaperSignature(
            revision=revision,
            order=index,
            role=str(signatory.role),
            name=nfc(signatory.name)[:255],
            position=nfc(signatory.position)[:255],
        )
        for index, signatory in enumerate(structure.signatories, start=1)
    )
    revision.paper_history.all().delete()
    PaperIssueEntry.objects.bulk_create(
        PaperIssueEntry(
            revision=revision,
            order=index,
            issue=entry.issue,
            issued_on=entry.on,
            part=nfc(entry.part)[:255],
            summary=nfc(entry.summary),
        )
        for index, entry in enumerate(structure.history, start=1)
    )


def _summary_of_issue(structure: ProcedureStructure, number: int) -> str:
    """What the file's revision history says this issue changed."""
    for entry in structure.history:
        if entry.issue == number and entry.summary:
            return entry.summary
    return ""


def revision_store_structure(
    revision: Revision, structure: ProcedureStructure, *, by: User | None = None
) -> list[FormRef]:
    """Write ``structure`` into ``revision``: sections, steps (time as written and working
    days), forms linked by code to the agency's form documents, records with their retention
    rule, the paper signatories and revision history, the stated legal time limit, and the
    summary of changes from the file's history row of this issue when the revision has none.
    Replaces whatever the revision held.

    Checks nothing and locks nothing: the caller has locked the revision and decided that
    it may be written (a draft its editor fills, or an issue the import brings in). Returns
    the forms that are not in the register, for the caller to show.
    """
    for name in SECTIONS:
        setattr(revision, name, nfc(getattr(structure, name)))
    revision.legal_limit_text = nfc(structure.legal_limit_text)[:255]
    revision.legal_limit_days = structure.legal_limit_days
    fields = [*SECTIONS, "legal_limit_text", "legal_limit_days"]
    if not revision.change_summary.strip():
        revision.change_summary = nfc(_summary_of_issue(structure, revision.number))
        fields.append("change_summary")
    replace_steps(revision, _step_rows(structure))
    replace_records(revision, _record_rows(structure))
    _store_paper(revision, structure)
    missing = _link_forms(revision, structure.forms)
    revision._history_user = by
    revision._change_reason = _fill_reason(missing)
    revision.save(update_fields=fields)
    return missing


def _fill_reason(missing: list[FormRef]) -> str:
    reason = _("Content filled from the Word file")
    if missing:
        codes = ", ".join(form.code for form in missing[:MISSING_IN_REASON])
        reason += "; " + _("forms not in the register: %(codes)s") % {"codes": codes}
    return reason


@transaction.atomic
def revision_fill_from_word(
    *,
    revision: Revision,
    by: User,
    structure: ProcedureStructure,
    source=None,
) -> Revision:
    """Replace a draft's content by what its Word file states, and keep the file (a
    ``CheckedUpload``) as the revision's source file.

    Only a draft, by its drafter or the ISO secretary (``check_revision_edit``): otherwise
    ValidationError or PermissionDenied, and nothing is written. The returned revision's
    ``missing_forms`` lists the forms the file names that are not in the register.
    """
    revision = _locked(revision)
    check_revision_edit(revision, by)
    missing = revision_store_structure(revision, structure, by=by)
    if source is not None:
        revision = revision_attach_file(revision=revision, by=by, upload=source)
    revision.missing_forms = missing
    return revision


def check_may_draft_from_word(document: Document, by: User) -> None:
    """The drafters and the ISO secretary of the agency start the next issue of an
    effective document from its Word file, when no other issue is in progress."""
    if not {"draft_documents", "manage_documents"} & agency_permissions(by, document.agency):
        raise PermissionDenied
    if document.effective_revision_id is None:
        raise ValidationError(_("Only a document with an effective issue takes a next issue."))
    if document.revisions.in_progress().exists():
        raise ValidationError(
            _("This document already has a revision in progress; upload the file on its draft.")
        )


@transaction.atomic
def revision_new_from_word(
    *, document: Document, by: User, structure: ProcedureStructure, source=None
) -> Revision:
    """Start the next issue of ``document`` for ``by`` and fill it from its Word file.

    Raises PermissionDenied for someone who neither drafts nor keeps the register, and
    ValidationError when the document is not effective or already has an issue in progress.
    """
    document = Document.objects.select_for_update().get(pk=document.pk)
    check_may_draft_from_word(document, by)
    revision = revision_new_from(document=document, drafter=by)
    return revision_fill_from_word(revision=revision, by=by, structure=structure, source=source)
