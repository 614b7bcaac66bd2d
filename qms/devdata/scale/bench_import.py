"""The import benchmark: an agency brings in its 150 procedures with their forms, as the ISO
secretary does, through the pages: upload (list + one .zip), preview the first time (every
file read), preview again (structures kept by hash), confirm. Rolled back, and the files go to
a temporary media folder that is removed afterwards."""

import shutil
import tempfile
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from documents.models import Document
from qms.devdata.scale.word_files import import_files

PROCEDURES = 150
# What the issue asks of these machines.
PREVIEW_LIMIT_S, CONFIRM_LIMIT_S = 30, 60


def run_import_case(target, *, client_for, result_class, procedures: int = PROCEDURES) -> list:
    """One result per step of the import: upload, first preview, second preview, confirm."""
    agency, secretary = target.agency, target.people["secretary"]
    procedure_type = agency.document_types.filter(kind="procedure", is_active=True).first()
    form_type = agency.document_types.filter(kind="form", is_active=True).first()
    if procedure_type is None or secretary is None:
        skipped = result_class("Import: 150 procedures")
        skipped.skipped = "no procedure type or no ISO secretary"
        return [skipped]
    files = import_files(
        procedures=procedures,
        procedure_type=procedure_type.name,
        form_type=form_type.name if form_type else None,
    )
    label = f"{files.procedures} procedures + {files.forms} forms"
    results = {
        step: result_class(f"Import {label}: {step}")
        for step in ("upload", "preview (cold)", "preview (kept)", "confirm")
    }
    media = tempfile.mkdtemp(prefix="qms-bench-import-")
    try:
        with override_settings(MEDIA_ROOT=media), transaction.atomic():
            client = client_for(secretary, agency)
            _steps(client, files, results)
            results["confirm"].extra["documents_created"] = Document.objects.filter(
                agency=agency, code__contains="QT-N"
            ).count()
            transaction.set_rollback(True)
    finally:
        shutil.rmtree(media, ignore_errors=True)
    for step, limit in (("preview (cold)", PREVIEW_LIMIT_S), ("confirm", CONFIRM_LIMIT_S)):
        results[step].extra["limit_s"] = limit
    return list(results.values())


def _steps(client, files, results) -> None:
    def timed(step: str, call):
        result = results[step]
        started, cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as queries:
            response = call()
        result.times_ms.append((time.perf_counter() - started) * 1000)
        result.cpu_ms.append((time.process_time() - cpu) * 1000)
        result.queries, result.status = len(queries.captured_queries), response.status_code
        result.url = response.request["PATH_INFO"]
        return response

    response = timed(
        "upload",
        lambda: client.post(
            reverse("documents:import"),
            {
                "spreadsheet": SimpleUploadedFile("danh-muc.xlsx", files.sheet),
                "archive": SimpleUploadedFile("tai-lieu.zip", files.archive),
            },
            secure=True,
        ),
    )
    preview_url = response.get("Location", "")
    batch = preview_url.rsplit("batch=", 1)[-1]
    page = timed("preview (cold)", lambda: client.get(preview_url, secure=True))
    context = getattr(page, "context", None)  # only under the test runner's instrumentation
    preview = context["preview"] if context else None
    if preview is not None:
        results["preview (cold)"].extra["rows_ok"] = len(preview.ok_rows)
        results["preview (cold)"].extra["rows"] = len(preview.rows)
    timed("preview (kept)", lambda: client.get(preview_url, secure=True))
    timed(
        "confirm",
        lambda: client.post(reverse("documents:import-confirm"), {"batch": batch}, secure=True),
    )
