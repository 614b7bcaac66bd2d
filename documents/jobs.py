"""Work of the documents app that the queue runs when a worker is configured.

An import of a whole register (hundreds of .docx files read, stored and printed as controlled
copies) takes minutes: with a worker, confirming it queues ``documents_import_run`` and the
import page says "đang xử lý" until the result is there. The import is all or nothing and
refuses a code already in the register, so a run repeated (a worker that died after the
commit, its task put back in the queue) imports nothing twice: it finds its batch gone.

The controlled copy's task, which the approval queues, sits with its services in
``documents.services.queued_copies``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus, task
from django_tasks.exceptions import TaskResultDoesNotExist

from documents.imports import batch_delete, batch_preview, import_rows
from documents.models import Document
from documents.services.imports import documents_import
from qms.agencies.models import Agency, User


def import_report(documents: list[Document], preview) -> dict:
    """What the import page shows of an import: the documents made and the rows left out."""
    return {
        "created": [[document.pk, document.code, document.title] for document in documents],
        "failed": [[row.line, row.code, row.errors] for row in preview.failed_rows],
    }


@task()
def documents_import_run(*, agency_id: int, by_id: int, batch: str) -> dict:
    """Import a staged batch; returns its report, or ``{"errors": […], "batch": …}`` when
    nothing was imported (the batch stays staged, to be corrected on its preview)."""
    with translation.override(settings.LANGUAGE_CODE):
        agency, by = Agency.objects.get(pk=agency_id), User.objects.get(pk=by_id)
        try:
            preview = batch_preview(agency=agency, batch=batch)
            documents = documents_import(agency=agency, by=by, rows=import_rows(preview, batch))
        except FileNotFoundError:
            return {
                "errors": [_("This import is no longer available; upload the files again.")],
                "batch": None,
            }
        except ValidationError as error:
            return {"errors": error.messages, "batch": batch}
        batch_delete(batch)
        return import_report(documents, preview)


def import_outcome(result_id: str) -> dict | None:
    """The outcome of a queued import: None while it runs, else its report or its errors."""
    try:
        result = documents_import_run.get_result(result_id)
    except TaskResultDoesNotExist:
        return {"errors": [_("The result of this import is no longer kept.")], "batch": None}
    if result.status == TaskResultStatus.SUCCESSFUL:
        return result.return_value
    if result.status == TaskResultStatus.FAILED:
        return {
            "errors": [
                _("The import stopped on an error; check the register before trying again.")
            ],
            "batch": None,
        }
    return None
