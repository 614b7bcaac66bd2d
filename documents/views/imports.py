"""Import of an agency's existing documents: upload → preview → confirm, by the ISO secretary.

Nothing is saved before the confirmation. With a worker the confirmed import runs in the
queue (``documents.jobs``): the import page says it is in progress, then shows its result. The staged batch (its id in the query string or
the form) belongs to the session and the agency that uploaded it; for anyone else, as for a
batch already imported or swept away, it simply no longer exists.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from documents.forms.imports import ImportUploadForm, posted_choices
from documents.imports import batch_delete, batch_preview, batch_stage, import_rows
from documents.imports.staging import batch_choices_save
from documents.jobs import documents_import_run, import_outcome, import_report
from documents.services.imports import documents_import
from qms.agencies.permissions import agency_permission_required
from qms.lib.jobs.queue import has_worker

SESSION_BATCHES = "document_import_batches"
SESSION_REPORT = "document_import_report"
# The queued import of this session, while its result has not been shown.
SESSION_RUNNING = "document_import_running"


def _own_batch(request, batch: str | None) -> bool:
    return bool(batch) and request.session.get(SESSION_BATCHES, {}).get(batch) == request.agency.pk


def _gone(request):
    messages.error(request, _("This import is no longer available; upload the files again."))
    return redirect("documents:import")


def _preview_url(batch: str) -> str:
    return f"{reverse('documents:import-preview')}?batch={batch}"


def _forget(request, batch: str) -> None:
    batch_delete(batch)
    batches = request.session.get(SESSION_BATCHES, {})
    batches.pop(batch, None)
    request.session[SESSION_BATCHES] = batches


@agency_permission_required("manage_documents")
def import_upload(request):
    """Page 1: the document list and the .docx files, checked and staged; then the preview."""
    bound = request.method == "POST"
    form = ImportUploadForm(request.POST if bound else None, request.FILES if bound else None)
    if request.method == "POST" and form.is_valid():
        batch = batch_stage(
            sheet=form.cleaned_data["spreadsheet"], documents=form.cleaned_data["incoming"]
        )
        request.session[SESSION_BATCHES] = {
            **request.session.get(SESSION_BATCHES, {}),
            batch: request.agency.pk,
        }
        return redirect(_preview_url(batch))
    report = request.session.pop(SESSION_REPORT, None)
    running, back_to_preview = request.session.get(SESSION_RUNNING), None
    if running:
        outcome = import_outcome(running["result"])
        if outcome is not None:
            del request.session[SESSION_RUNNING]
            if "errors" in outcome:  # nothing imported; the batch waits on its preview
                for message in outcome["errors"]:
                    messages.error(request, message)
                if outcome["batch"]:
                    back_to_preview = _preview_url(outcome["batch"])
            else:
                _forget(request, running["batch"])
                report = outcome
            running = None
    return render(
        request,
        "documents/import_upload.html",
        {
            "form": form,
            "report": report,
            "running": bool(running),
            "back_to_preview": back_to_preview,
        },
    )


@agency_permission_required("manage_documents")
def import_status(request):
    """Whether the session's queued import is still running: asked again by the import page
    every few seconds while it is."""
    running = request.session.get(SESSION_RUNNING)
    response = render(
        request,
        "documents/import_running.html",
        {"running": bool(running) and import_outcome(running["result"]) is None},
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@agency_permission_required("manage_documents")
def import_preview(request):
    """Each row OK or its errors, and what its file says; the files that need a choice."""
    batch = request.GET.get("batch")
    if not _own_batch(request, batch):
        return _gone(request)
    try:
        preview = batch_preview(agency=request.agency, batch=batch)
    except FileNotFoundError:
        return _gone(request)
    return render(request, "documents/import_preview.html", {"preview": preview, "batch": batch})


@agency_permission_required("manage_documents")
@require_POST
def import_choose(request):
    """Keep the choices made on the preview (a row for a file, file only), then show it again."""
    batch = request.POST.get("batch")
    if not _own_batch(request, batch):
        return _gone(request)
    chosen, file_only = posted_choices(request.POST)
    try:
        batch_choices_save(batch, chosen=chosen, file_only=file_only)
    except FileNotFoundError:
        return _gone(request)
    return redirect(_preview_url(batch))


@agency_permission_required("manage_documents")
@require_POST
def import_confirm(request):
    """Page 2: keep the choices posted with it, import every OK row in one transaction,
    then drop the staged files."""
    batch = request.POST.get("batch")
    if not _own_batch(request, batch):
        return _gone(request)
    try:
        if "choices" in request.POST:
            chosen, file_only = posted_choices(request.POST)
            batch_choices_save(batch, chosen=chosen, file_only=file_only)
        preview = batch_preview(agency=request.agency, batch=batch)
        if has_worker():
            return _queue_import(request, batch)
        documents = documents_import(
            agency=request.agency, by=request.user, rows=import_rows(preview, batch)
        )
    except FileNotFoundError:
        return _gone(request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_preview_url(batch))
    _forget(request, batch)
    request.session[SESSION_REPORT] = import_report(documents, preview)
    count = len(documents)
    messages.success(
        request,
        ngettext("Imported %(count)s document.", "Imported %(count)s documents.", count)
        % {"count": count},
    )
    return redirect("documents:import")


def _queue_import(request, batch: str):
    result = documents_import_run.enqueue(
        agency_id=request.agency.pk, by_id=request.user.pk, batch=batch
    )
    request.session[SESSION_RUNNING] = {"result": result.id, "batch": batch}
    messages.info(request, _("The import is in progress; this page shows its result when done."))
    return redirect("documents:import")


@agency_permission_required("manage_documents")
@require_POST
def import_cancel(request):
    batch = request.POST.get("batch")
    if not _own_batch(request, batch):
        return _gone(request)
    _forget(request, batch)
    messages.success(request, _("The import was cancelled; the uploaded files were deleted."))
    return redirect("documents:import")


urlpatterns = [
    path("import/", import_upload, name="import"),
    path("import/preview/", import_preview, name="import-preview"),
    path("import/status/", import_status, name="import-status"),
    path("import/choices/", import_choose, name="import-choose"),
    path("import/confirm/", import_confirm, name="import-confirm"),
    path("import/cancel/", import_cancel, name="import-cancel"),
]
