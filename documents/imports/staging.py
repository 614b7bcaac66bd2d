"""The private staging folder where an import's files wait between the upload and the
confirmation: MEDIA_ROOT/imports/<batch>/, which no URL serves. A batch holds the
spreadsheet, the .docx files checked by content and a manifest of every file sent (those
refused kept by name with the reason)."""

import json
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from qms.lib.uploads import CheckedUpload

# Django refuses a request with more than DATA_UPLOAD_MAX_NUMBER_FILES (100) files; one of
# them is the spreadsheet.
MAX_FILES = 99
MAX_TOTAL_BYTES = 100 * 1024 * 1024
# A batch nobody confirmed or cancelled is removed when a later upload finds it this old.
STAGING_MAX_AGE_SECONDS = 24 * 3600
STAGING_FOLDER = "imports"
_BATCH_ID = re.compile(r"^[0-9a-f]{32}$")


@dataclass
class Incoming:
    """One uploaded .docx: checked by content, or refused with the reason."""

    name: str
    upload: CheckedUpload | None = None
    error: str = ""


def _root() -> Path:
    return Path(settings.MEDIA_ROOT) / STAGING_FOLDER


def staging_root() -> Path:
    """The private folder of staged imports (documents and TTHC lists); no URL serves it."""
    return _root()


def is_batch_id(batch: str) -> bool:
    return bool(_BATCH_ID.match(batch or ""))


def batch_folder(batch: str) -> Path:
    """The staging folder of ``batch``; FileNotFoundError when it is gone or malformed."""
    folder = _root() / batch
    if not is_batch_id(batch) or not (folder / "manifest.json").is_file():
        raise FileNotFoundError(batch)
    return folder


def batch_stage(*, sheet: CheckedUpload, documents: list[Incoming]) -> str:
    """Store the checked spreadsheet and .docx files in a new private folder and return its
    id. Files refused by the upload check are remembered by name with their reason."""
    batches_sweep()
    batch = secrets.token_hex(16)
    folder = _root() / batch
    (folder / "files").mkdir(parents=True)
    sheet.file.seek(0)
    (folder / "sheet.xlsx").write_bytes(sheet.file.read())
    manifest = []
    for index, item in enumerate(documents, start=1):
        entry = {"id": str(index), "name": item.name, "stored": "", "error": item.error}
        if item.upload is not None:
            entry["stored"] = f"{index:03}.docx"
            item.upload.file.seek(0)
            (folder / "files" / entry["stored"]).write_bytes(item.upload.file.read())
        manifest.append(entry)
    _write_manifest(folder, {"files": manifest, "chosen": {}, "file_only": []})
    return batch


def batch_manifest(batch: str) -> dict:
    """The files of a batch and the person's choices so far: ``files`` (id, name, stored,
    error), ``chosen`` (file id -> the row's line, 0 for set aside) and ``file_only`` (the
    lines to import as their file only). FileNotFoundError when the batch is gone."""
    manifest = json.loads((batch_folder(batch) / "manifest.json").read_text(encoding="utf-8"))
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
    _write_manifest(batch_folder(batch), manifest)


def _write_manifest(folder: Path, manifest: dict) -> None:
    (folder / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False), encoding="utf-8"
    )


def batch_delete(batch: str) -> None:
    if is_batch_id(batch):
        shutil.rmtree(_root() / batch, ignore_errors=True)


def batches_sweep(*, older_than: int = STAGING_MAX_AGE_SECONDS) -> None:
    """Remove staging folders left behind (never confirmed nor cancelled)."""
    root = _root()
    if not root.is_dir():
        return
    limit = time.time() - older_than
    for folder in root.iterdir():
        if folder.is_dir() and is_batch_id(folder.name) and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)
