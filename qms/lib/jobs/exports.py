"""Large exports written by the queue: the page that asks for one gets an ``Export`` row
at once and shows it "in progress"; the task writes the file into storage and marks it ready
(or failed, with the reason). Only the person who asked sees the row and its file.

The file is written once by the key ``export:<id>``: a task run again (its worker died and it
was put back in the queue) finds the export written and writes nothing.
"""

import tempfile
from collections.abc import Callable
from datetime import timedelta
from typing import IO

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from qms.lib.jobs.models import Export
from qms.lib.jobs.once import run_once
from qms.lib.jobs.queue import enqueue_on_commit


@transaction.atomic
def export_start(*, owner, name: str, task, **kwargs) -> Export:
    """Record the export asked for by ``owner`` and queue ``task(export_id=…, **kwargs)``
    for when the transaction commits."""
    export = Export.objects.create(owner=owner, name=name)
    enqueue_on_commit(task, export_id=export.pk, **kwargs)
    return export


def export_write(export_id: int, write: Callable[[IO[bytes]], None]) -> bool:
    """Run ``write`` into a temporary file and store it as the export's file; True when
    written now. A failure is recorded with its reason, and raised."""
    return run_once(f"export:{export_id}", lambda: _write(export_id, write))


def _write(export_id: int, write: Callable[[IO[bytes]], None]) -> None:
    export = Export.objects.get(pk=export_id)
    if export.status == Export.Status.READY:
        return
    try:
        with tempfile.TemporaryFile() as output:
            write(output)
            output.seek(0)
            export.file.save(export.name, File(output), save=False)
    except Exception as error:
        Export.objects.filter(pk=export_id).update(
            status=Export.Status.FAILED,
            error=str(error)[:200] or type(error).__name__,
            finished_at=timezone.now(),
        )
        raise
    export.status, export.finished_at = Export.Status.READY, timezone.now()
    export.save(update_fields=["file", "status", "finished_at"])


def exports_prune(*, older_than: timedelta) -> int:
    """Delete the exports asked for more than ``older_than`` ago, with their files: a copy
    of the agency's data should not outlive its use. Returns how many were deleted."""
    old = Export.objects.filter(created_at__lt=timezone.now() - older_than)
    count = 0
    for export in old.iterator():
        if export.file:
            export.file.delete(save=False)
        export.delete()
        count += 1
    return count
