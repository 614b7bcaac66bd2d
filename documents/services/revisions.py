"""The life of a revision: edit → submit → review → approve → effective → superseded/obsolete.

Withdrawal (effective → obsolete) is a proposal and a leader's decision:
``documents.services.withdrawals``.

A document's next issue starts from an accepted change request (``documents.services.changes``).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents import notifications
from documents.models import ApprovalDecision, Document, ProcedureStep, RecordItem, Revision
from documents.selectors.revisions import pending_reviewers
from documents.services.activation import revision_activate
from documents.services.activation import revisions_activate_due as revisions_activate_due
from documents.services.copies import controlled_copy_issue, copies_issued_together_now
from documents.services.queued_copies import copy_rendering_queue
from documents.workflow import (
    check_revision_approve,
    check_revision_edit,
    check_revision_return,
    check_revision_review,
    check_revision_submit,
)
from qms.agencies.models import User
from qms.lib.checks import passes
from qms.lib.jobs.queue import has_worker
from qms.lib.text import nfc
from qms.lib.uploads import CheckedUpload, checked_upload

S = Revision.Status
D = ApprovalDecision
# What a revision's source file may be.
SOURCE_KINDS = {"docx", "xlsx", "pdf"}


def _locked(revision: Revision) -> Revision:
    """Re-read the revision under a row lock, with its document locked first.

    Locking the document serialises every transition of its revisions (invariant 2).
    """
    Document.objects.select_for_update().get(pk=revision.document_id)
    fresh = (
        Revision.objects.select_for_update()
        .select_related("document__agency", "document__type")
        .get(pk=revision.pk)
    )
    return fresh


def _save(revision: Revision, by: User | None, reason: str, fields: list[str]) -> None:
    revision._history_user = by
    revision._change_reason = reason
    revision.save(update_fields=fields)


def _decide(revision: Revision, by: User, step: str, decision: str, comment: str = "") -> None:
    ApprovalDecision.objects.create(
        revision=revision,
        step=step,
        decision=decision,
        round=revision.round,
        comment=comment,
        by=by,
    )


def can_edit(revision: Revision, user: User) -> bool:
    return passes(check_revision_edit, revision, user)


@transaction.atomic
def revision_update_content(
    *,
    revision: Revision,
    by: User,
    purpose: str = "",
    scope: str = "",
    references: str = "",
    definitions: str = "",
    body: str = "",
    change_summary: str = "",
    steps: list[dict] | None = None,
    records: list[dict] | None = None,
    forms=None,
) -> Revision:
    """Replace a draft's content. Only drafts change: approved content is immutable.

    ``steps`` and ``records`` are lists of row dicts in order; they replace the rows.
    """
    revision = _locked(revision)
    check_revision_edit(revision, by)
    revision.purpose, revision.scope = nfc(purpose), nfc(scope)
    revision.references, revision.definitions = nfc(references), nfc(definitions)
    revision.body, revision.change_summary = nfc(body), nfc(change_summary)
    _save(
        revision,
        by,
        _("Draft edited"),
        ["purpose", "scope", "references", "definitions", "body", "change_summary"],
    )
    if steps is not None:
        replace_steps(revision, steps)
    if records is not None:
        replace_records(revision, records)
    if forms is not None:
        foreign = [form for form in forms if form.agency_id != revision.document.agency_id]
        if foreign:
            raise ValidationError({"forms": _("A form of another agency cannot be linked.")})
        revision.forms.set(forms)
    return revision


def _clean(row: dict) -> dict:
    return {k: nfc(v) if isinstance(v, str) else v for k, v in row.items()}


def replace_steps(revision: Revision, rows: list[dict]) -> None:
    """Replace a revision's steps by ``rows`` in order (callers lock and check)."""
    revision.steps.all().delete()
    ProcedureStep.objects.bulk_create(
        ProcedureStep(revision=revision, order=index, **_clean(row))
        for index, row in enumerate(rows, start=1)
    )


def replace_records(revision: Revision, rows: list[dict]) -> None:
    """Replace a revision's records to keep by ``rows`` in order (callers lock and check).

    A row that gives years and no ``retention`` rule is kept that many years, one that gives
    neither permanently: how the register wrote retention before it had rules.
    """
    revision.records.all().delete()
    items = []
    for index, row in enumerate(rows, start=1):
        row = _clean(row)
        if not row.get("retention"):
            counted = row.get("retention_years") is not None
            row["retention"] = (
                RecordItem.Retention.YEARS if counted else RecordItem.Retention.PERMANENT
            )
        if row["retention"] not in RecordItem.COUNTED:
            row["retention_years"] = None
        elif row.get("retention_years") is None:
            raise ValidationError(
                {
                    "records": _("“%(name)s”: say for how many years it is kept.")
                    % {"name": row["name"]}
                }
            )
        if row["retention"] != RecordItem.Retention.YEARS_AFTER_EVENT:
            row["retention_event"] = ""
        items.append(RecordItem(revision=revision, order=index, **row))
    RecordItem.objects.bulk_create(items)


def revision_attach_file(*, revision: Revision, by: User, upload) -> Revision:
    """Attach the source file (.docx, .xlsx or .pdf), checked by content and size first.

    ``upload`` is a file as sent or a CheckedUpload (the form checked it). A file is checked
    before the revision is locked, as reading it through takes up to UPLOAD_CHECK_SECONDS.
    Raises ValidationError on ``source_file`` for a file refused, ValidationError when the
    revision is not a draft, PermissionDenied for someone who may not edit it.
    """
    if not isinstance(upload, CheckedUpload):
        try:
            upload = checked_upload(upload, allowed=SOURCE_KINDS)
        except ValidationError as error:
            raise ValidationError({"source_file": error.messages}) from None
    return _attach_file(revision=revision, by=by, checked=upload)


@transaction.atomic
def _attach_file(*, revision: Revision, by: User, checked: CheckedUpload) -> Revision:
    revision = _locked(revision)
    check_revision_edit(revision, by)
    if revision.source_file:
        revision.source_file.delete(save=False)
    revision.source_file.save(
        f"{revision.document.code}-{revision.number:02}.{checked.kind}", checked.file, save=False
    )
    revision.source_name = checked.name
    _save(revision, by, _("Source file attached"), ["source_file", "source_name"])
    return revision


def _has_content(revision: Revision) -> bool:
    return bool(
        revision.source_file
        or revision.body.strip()
        or revision.purpose.strip()
        or revision.steps.exists()
    )


@transaction.atomic
def revision_submit(
    *, revision: Revision, by: User, reviewers: list[User], approver: User
) -> Revision:
    """Send a draft to its reviewers. Nobody reviews or approves their own draft; the type's
    route says how many reviewers must pass; a later issue needs its summary of changes."""
    revision = _locked(revision)
    check_revision_submit(revision, by)
    agency = revision.document.agency
    errors = {}
    if not _has_content(revision):
        errors["__all__"] = _("Write the content or attach the source file before submitting.")
    if revision.number > 1 and not revision.change_summary.strip():
        errors["change_summary"] = _("A new issue needs its summary of changes.")
    required = revision.document.type.reviewers_required
    if len(set(reviewers)) < required:
        errors["reviewers"] = _("This document type needs %(count)s reviewer(s).") % {
            "count": required
        }
    drafter = revision.drafted_by
    if drafter in reviewers or by in reviewers:
        errors["reviewers"] = _("Nobody reviews their own draft.")
    if any(not r.has_perm("qms.review_documents", agency) for r in reviewers):
        errors["reviewers"] = _("Every reviewer must hold the reviewer role in this agency.")
    if approver in (drafter, by):
        errors["approver"] = _("Nobody approves their own draft.")
    elif not approver.has_perm("qms.approve_documents", agency):
        errors["approver"] = _("The approver must hold the approver role in this agency.")
    if errors:
        raise ValidationError(errors)
    revision.status, revision.returned = S.IN_REVIEW, False
    revision.approver, revision.submitted_at = approver, timezone.now()
    _save(
        revision, by, _("Submitted for review"), ["status", "returned", "approver", "submitted_at"]
    )
    revision.reviewers.set(set(reviewers))
    _decide(revision, by, D.Step.SUBMIT, D.Decision.SUBMITTED)
    notifications.revision_to_review(revision, reviewers=list(set(reviewers)))
    return revision


@transaction.atomic
def revision_review_pass(*, revision: Revision, by: User, comment: str = "") -> Revision:
    """One assigned reviewer passes the revision; when all have, it goes to the approver."""
    revision = _locked(revision)
    check_revision_review(revision, by)
    last = len(pending_reviewers(revision)) == 1
    _decide(revision, by, D.Step.REVIEW, D.Decision.PASSED, comment)
    if last:
        revision.status = S.IN_APPROVAL
        _save(revision, by, _("All reviewers passed"), ["status"])
        notifications.revision_to_approve(revision)
    return revision


@transaction.atomic
def revision_return(*, revision: Revision, by: User, comment: str) -> Revision:
    """A reviewer or the approver sends the revision back to its drafter with a comment."""
    revision = _locked(revision)
    check_revision_return(revision, by)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what must change before returning the draft.")})
    step = D.Step.REVIEW if revision.status == S.IN_REVIEW else D.Step.APPROVAL
    _decide(revision, by, step, D.Decision.RETURNED, comment)
    revision.status, revision.returned, revision.round = S.DRAFT, True, revision.round + 1
    _save(revision, by, _("Returned to the drafter"), ["status", "returned", "round"])
    notifications.revision_returned(revision, by=by, comment=comment)
    return revision


@transaction.atomic
def revision_approve(
    *, revision: Revision, by: User, comment: str = "", effective_date: date | None = None
) -> Revision:
    """The assigned approver approves. The revision takes effect on ``effective_date``
    (today by default; never in the past), superseding the current one, once its
    controlled PDF is made.

    Without a worker (and inside ``copies_issued_together``) the PDF is made now, in the
    approval's transaction: when it cannot be made, the approval fails with a
    ValidationError. With a worker it is made by the queue after the approval commits
    (``documents.services.queued_copies``), and the revision takes effect then."""
    revision = _locked(revision)
    check_revision_approve(revision, by)
    today = timezone.localdate()
    effective_date = effective_date or today
    if effective_date < today:
        raise ValidationError({"effective_date": _("The effective date cannot be in the past.")})
    _decide(revision, by, D.Step.APPROVAL, D.Decision.APPROVED, comment)
    revision.status, revision.approved_by, revision.approved_at = S.APPROVED, by, timezone.now()
    revision.effective_date = effective_date
    _save(revision, by, _("Approved"), ["status", "approved_by", "approved_at", "effective_date"])
    if has_worker() and not copies_issued_together_now():
        copy_rendering_queue(revision=revision, by=by)
    else:
        controlled_copy_issue(revision=revision, by=by)
        if effective_date <= today:
            revision_activate(revision, by)
    notifications.revision_approved(revision)
    return revision
