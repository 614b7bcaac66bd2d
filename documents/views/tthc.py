"""Import of the list of administrative procedures (TTHC): upload → preview → confirm, by the
ISO secretary. Nothing is saved before the confirmation; the staged list (its id in the query
string or the form) belongs to the session and the agency that uploaded it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.forms.external import TthcImportForm
from documents.imports import batch_delete
from documents.services.tthc import tthc_import
from documents.tthc import tthc_preview, tthc_stage
from qms.agencies.permissions import agency_permission_required

SESSION_BATCHES = "tthc_import_batches"
SESSION_REPORT = "tthc_import_report"


def _own_batch(request, batch: str | None) -> bool:
    return bool(batch) and request.session.get(SESSION_BATCHES, {}).get(batch) == request.agency.pk


def _gone(request):
    messages.error(request, _("This import is no longer available; upload the list again."))
    return redirect("documents:external-import")


def _forget(request, batch: str) -> None:
    batch_delete(batch)
    batches = request.session.get(SESSION_BATCHES, {})
    batches.pop(batch, None)
    request.session[SESSION_BATCHES] = batches


def _preview_url(batch: str) -> str:
    return f"{reverse('documents:external-import-preview')}?batch={batch}"


@agency_permission_required("manage_documents")
def tthc_upload(request):
    """The list, checked by content and staged; then the preview."""
    bound = request.method == "POST"
    form = TthcImportForm(request.POST if bound else None, request.FILES if bound else None)
    if bound and form.is_valid():
        batch = tthc_stage(form.cleaned_data["file"])
        request.session[SESSION_BATCHES] = {
            **request.session.get(SESSION_BATCHES, {}),
            batch: request.agency.pk,
        }
        return redirect(_preview_url(batch))
    report = request.session.pop(SESSION_REPORT, None)
    return render(request, "documents/tthc_import_upload.html", {"form": form, "report": report})


@agency_permission_required("manage_documents")
def tthc_preview_page(request):
    """New rows, rows updating a registered TTHC, unchanged rows and rows with errors."""
    batch = request.GET.get("batch")
    if not _own_batch(request, batch):
        return _gone(request)
    try:
        preview = tthc_preview(agency=request.agency, batch=batch)
    except FileNotFoundError:
        return _gone(request)
    except ValidationError as error:
        _forget(request, batch)
        for message in error.messages:
            messages.error(request, message)
        return redirect("documents:external-import")
    return render(
        request, "documents/tthc_import_preview.html", {"preview": preview, "batch": batch}
    )


@agency_permission_required("manage_documents")
@require_POST
def tthc_confirm(request):
    """Import every row without an error in one transaction, then drop the staged list."""
    batch = request.POST.get("batch")
    if not _own_batch(request, batch):
        return _gone(request)
    try:
        preview = tthc_preview(agency=request.agency, batch=batch)
        result = tthc_import(agency=request.agency, by=request.user, rows=preview.to_import)
    except FileNotFoundError:
        return _gone(request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_preview_url(batch))
    _forget(request, batch)
    request.session[SESSION_REPORT] = {
        "created": len(result.created),
        "updated": len(result.updated),
        "unchanged": result.unchanged + len(preview.unchanged_rows),
        "failed": [[row.line, row.row.code, row.errors] for row in preview.failed_rows],
    }
    messages.success(
        request,
        _("Import done: %(created)s new, %(updated)s updated.")
        % {"created": len(result.created), "updated": len(result.updated)},
    )
    return redirect("documents:external-import")


@agency_permission_required("manage_documents")
@require_POST
def tthc_cancel(request):
    batch = request.POST.get("batch")
    if not _own_batch(request, batch):
        return _gone(request)
    _forget(request, batch)
    messages.success(request, _("The import was cancelled; the uploaded file was deleted."))
    return redirect("documents:external-list")


urlpatterns = [
    path("external/import/", tthc_upload, name="external-import"),
    path("external/import/preview/", tthc_preview_page, name="external-import-preview"),
    path("external/import/confirm/", tthc_confirm, name="external-import-confirm"),
    path("external/import/cancel/", tthc_cancel, name="external-import-cancel"),
]
