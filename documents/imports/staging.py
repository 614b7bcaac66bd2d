"""The private staging area where an import's files wait between the upload and the
confirmation: imports/<batch>/ in the default file storage (the local folder or the bucket, so
that the confirmation may reach another app server than the upload), which no URL serves. A
batch holds the spreadsheet, the .docx files checked by content and a manifest of every file
sent (those refused kept by name with the reason)."""

import json
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from qms.lib.storage import save_as, walk
from qms.lib.uploads import CheckedUpload

# Django refuses a request with more than DATA_UPLOAD_MAX_NUMBER_FILES (100) files; one of
# them is the spreadsheet.
MAX_FILES = 99
MAX_TOTAL_BYTES = 100 * 1024 * 1024
# A batch nobody confirmed or cancelled is removed when a later upload finds it this old.
STAGING_MAX_AGE_SECONDS = 24 * 3600
STAGING_FOLDER = "imports"
MANIFEST = "manifest.json"
_BATCH_ID = re.compile(r"^[0-9a-f]{32}$")


@dataclass
class Incoming:
    """One uploaded .docx: checked by content, or refused with the reason."""

    name: str
    upload: CheckedUpload | None = None
    error: str = ""


def is_batch_id(batch: str) -> bool:
    return bool(_BATCH_ID.match(batch or ""))


def _name(batch: str, name: str) -> str:
    if not is_batch_id(batch):
        raise FileNotFoundError(batch)
    return f"{STAGING_FOLDER}/{batch}/{name}"


def batch_new() -> str:
    """A new batch id, after removing the batches left behind."""
    batches_sweep()
    return secrets.token_hex(16)


def batch_write(batch: str, name: str, data: bytes, *, replace: bool = False) -> None:
    """Keep ``data`` as the batch's file ``name`` (``replace``: in place of what it held)."""
    stored = _name(batch, name)
    if replace:
        default_storage.delete(stored)
    save_as(default_storage, stored, ContentFile(data))


def batch_read(batch: str, name: str) -> bytes:
    """The batch's file ``name``; FileNotFoundError when the batch is gone or malformed."""
    with default_storage.open(_name(batch, name), "rb") as stored:
        return stored.read()


def batch_stage(*, sheet: CheckedUpload, documents: list[Incoming]) -> str:
    """Store the checked spreadsheet and .docx files in a new private batch and return its
    id. Files refused by the upload check are remembered by name with their reason."""
    batch = batch_new()
    sheet.file.seek(0)
    batch_write(batch, "sheet.xlsx", sheet.file.read())
    manifest = []
    for index, item in enumerate(documents, start=1):
        entry = {"id": str(index), "name": item.name, "stored": "", "error": item.error}
        if item.upload is not None:
            entry["stored"] = f"{index:03}.docx"
            item.upload.file.seek(0)
            batch_write(batch, f"files/{entry['stored']}", item.upload.file.read())
        manifest.append(entry)
    # The manifest goes last: a batch without one was never complete, and is not offered.
    _write_manifest(batch, {"files": manifest, "chosen": {}, "file_only": []})
    return batch


def batch_manifest(batch: str) -> dict:
    """The files of a batch and the person's choices so far: ``files`` (id, name, stored,
    error), ``chosen`` (file id -> the row's line, 0 for set aside) and ``file_only`` (the
    lines to import as their file only). FileNotFoundError when the batch is gone."""
    manifest = json.loads(batch_read(batch, MANIFEST).decode("utf-8"))
    manifest.setdefault("chosen", {})
    manifest.setdefault("file_only", [])
    return manifest


def batch_choices_save(batch: str, *, chosen: dict[str, int], file_only: list[int]) -> None:
    """Keep the person's choices with the batch, so the preview and the confirmation read
    the same ones. FileNotFoundError when the batch is gone."""
    manifest = batch_manifest(batch)
    known = {entry["id"] for entry in manifest["files"]}
    manifest["chosen"] = {key: line for key, line in chosen.items() if key in known}
    manifest["file_only"] = sorted(set(file_only))
    _write_manifest(batch, manifest)


def _write_manifest(batch: str, manifest: dict) -> None:
    encoded = json.dumps(manifest, ensure_ascii=False).encode("utf-8")
    batch_write(batch, MANIFEST, encoded, replace=True)


def batch_delete(batch: str) -> None:
    if not is_batch_id(batch):
        return
    folder = f"{STAGING_FOLDER}/{batch}"
    for name in list(walk(default_storage, folder)):
        default_storage.delete(name)
    # A local folder keeps its emptied directories until they are deleted too (a bucket has
    # none: deleting a name it does not hold does nothing).
    for directory in (f"{folder}/files", folder):
        try:
            default_storage.delete(directory)
        except OSError:  # not empty: a file written meanwhile stays, and so does its folder
            continue


def batches_sweep(*, older_than: int = STAGING_MAX_AGE_SECONDS) -> None:
    """Remove batches left behind (never confirmed nor cancelled): those whose manifest was
    last written before ``older_than`` seconds ago, or that never got one."""
    try:
        batches, _files = default_storage.listdir(STAGING_FOLDER)
    except FileNotFoundError:
        return
    limit = timezone.now() - timedelta(seconds=older_than)
    for batch in batches:
        if not is_batch_id(batch):
            continue
        try:
            written = default_storage.get_modified_time(_name(batch, MANIFEST))
        except FileNotFoundError:
            written = None  # an upload cut short, or one still being written
            if not _older_than(batch, limit):
                continue
        if written is None or written < limit:
            batch_delete(batch)


def _older_than(batch: str, limit) -> bool:
    """Whether every file of a batch without a manifest was written before ``limit``."""
    return all(
        default_storage.get_modified_time(name) < limit
        for name in walk(default_storage, f"{STAGING_FOLDER}/{batch}")
    )
