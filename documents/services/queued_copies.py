"""Controlled copies made by the queue after the approval commits (``TASKS_BACKEND=database``).

Without a worker the copy is made inside the approval's transaction
(``copies.controlled_copy_issue``), as it always was: a copy that cannot be made undoes the
approval. With a worker, rendering (seconds; up to ``CONVERSION_TIMEOUT_SECONDS`` a step)
leaves the request:

1. ``revision_approve`` commits the approval together with a ``CopyRendering`` row (who
   approved; "in progress"), and queues ``controlled_copy_make`` for when it commits.
2. The task makes the copy once, by the key ``copy:<revision id>`` (``qms.lib.jobs.once``):
   its lease keeps a second worker, or the ISO secretary's "try again", from rendering the
   same copy at the same time. It renders outside any transaction (approved content never
   changes, and a lock held through a render would, on SQLite, hold back every writer),
   then stores the copy under the document's and the revision's row locks unless a copy is
   there already: a retry after a worker died between the render and the store renders
   again but stores once, and a retry after the store renders nothing.
3. Storing the copy removes the row, and the revision takes effect if its date has come
   (``activation``). A revision never takes effect without its copy, so the public portal
   and the verification page, which show effective issues and stored copies only, wait for
   it too. Distribution does not wait: an approved issue may be distributed before it
   takes effect, and is acknowledged once it has.
4. A failed attempt is retried with a backoff (``qms.lib.jobs.queue.retry_later``); after
   the last one the row says why, and the revision page offers the ISO secretary to try
   again. A worker that dies while running the task leaves it "running":
   ``manage.py requeue_stalled_tasks`` puts it back in the queue.

While the row is there the revision page says "đang xử lý" and asks for its state again
every few seconds; no request waits for a render.
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from documents import pdf
from documents.models import CopyRendering, Document, Revision
from documents.services.activation import revision_activate
from documents.services.copies import controlled_copy_store
from qms.agencies.models import User
from qms.agencies.permissions import require
from qms.lib.jobs.once import Busy, run_once
from qms.lib.jobs.queue import enqueue_on_commit, retry_later

S = Revision.Status


def copy_rendering_queue(*, revision: Revision, by: User) -> CopyRendering:
    """In the approval's transaction: record that the copy is being made, and queue its
    making for when the approval commits."""
    rendering, _created = CopyRendering.objects.update_or_create(
        revision=revision,
        defaults={"status": CopyRendering.Status.QUEUED, "requested_by": by, "error": ""},
    )
    enqueue_on_commit(controlled_copy_make, revision_id=revision.pk)
    return rendering


@task()
def controlled_copy_make(*, revision_id: int, attempt: int = 1) -> bool:
    """The queued task: make the copy of an approved revision once; a failure is retried
    later, and after the last attempt it is recorded with its reason."""
    try:
        return run_once(f"copy:{revision_id}", lambda: _make(revision_id))
    except Busy:  # another attempt is rendering it now
        retry_later(controlled_copy_make, attempt=attempt, revision_id=revision_id)
        raise
    except Exception as error:
        retried = retry_later(controlled_copy_make, attempt=attempt, revision_id=revision_id)
        _failed(revision_id, reason=_reason(error), final=not retried)
        raise


def _make(revision_id: int) -> None:
    revision = Revision.objects.select_related("document__agency", "document__type").get(
        pk=revision_id
    )
    if revision.pdf_file or not revision.is_locked:
        return
    # The token is printed in the copy's QR code; it is kept with the copy that is stored.
    revision.verification_token = revision.verification_token or secrets.token_urlsafe(32)
    data = pdf.render_pdf_job(pdf.revision_pdf_job(revision, draft=False, with_source=True))
    with transaction.atomic():
        Document.objects.select_for_update().get(pk=revision.document_id)
        locked = (
            Revision.objects.select_for_update()
            .select_related("document__agency", "document__type")
            .get(pk=revision_id)
        )
        if locked.pdf_file:
            return
        rendering = CopyRendering.objects.filter(revision=locked).first()
        by = rendering.requested_by if rendering else locked.approved_by
        locked.verification_token = revision.verification_token
        controlled_copy_store(locked, by, data)
        CopyRendering.objects.filter(revision=locked).delete()
        if locked.status == S.APPROVED and locked.effective_date <= timezone.localdate():
            revision_activate(locked, by)


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)[:200] or type(error).__name__


def _failed(revision_id: int, *, reason: str, final: bool) -> None:
    """Count a failed attempt, and after the last one say why."""
    status = CopyRendering.Status.FAILED if final else CopyRendering.Status.QUEUED
    CopyRendering.objects.filter(revision_id=revision_id).update(
        attempts=F("attempts") + 1, status=status, error=reason, updated_at=timezone.now()
    )


def check_copy_retry(revision: Revision, by: User) -> None:
    """The ISO secretary tries again to make a copy whose last attempt failed."""
    if revision.pdf_file or not revision.is_locked:
        raise ValidationError(_("This revision's controlled copy is not waiting to be made."))
    require(by, "manage_documents", revision.document.agency)
    rendering = CopyRendering.objects.filter(revision=revision).first()
    if rendering is None or rendering.status != CopyRendering.Status.FAILED:
        raise ValidationError(_("The controlled copy is still being made."))


@transaction.atomic
def copy_rendering_retry(*, revision: Revision, by: User) -> CopyRendering:
    """Queue the making of a copy again after its last attempt failed (ISO secretary).

    Raises PermissionDenied without manage_documents, and ValidationError when the copy is
    made or still being made."""
    revision = Revision.objects.select_for_update().select_related("document").get(pk=revision.pk)
    check_copy_retry(revision, by)
    rendering = CopyRendering.objects.select_for_update().get(revision=revision)
    rendering.status, rendering.error = CopyRendering.Status.QUEUED, ""
    rendering.save(update_fields=["status", "error", "updated_at"])
    enqueue_on_commit(controlled_copy_make, revision_id=revision.pk)
    return rendering
