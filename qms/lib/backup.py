"""Backup and restore of the whole system: the database as portable JSON plus the media files.

The archive is a .tar.gz holding ``data.json`` (Django's dumpdata with natural foreign keys, so
it loads into SQLite or PostgreSQL alike) and ``media/…``. Restoring verifies every stored file
that has a recorded SHA-256 (a ``<name>_file`` field beside a ``<name>_sha256`` field, such as a
revision's controlled PDF) and reports any file missing or changed.
"""

import hashlib
import io
import json
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models, transaction

from qms.lib.conversions import CACHE_FOLDER

# Rows that migrate recreates or that must not travel between installations (the survey
# rate-limit hashes live only for their window, so no archive keeps them).
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "qms.signinfailure",
    "audits.answerthrottle",
]

# Archives made before API tokens were hashed hold Django REST framework's tokens, in clear;
# that app is no longer installed (qms.api.models.ApiToken replaced it), so a restore leaves
# them out: their owners create new tokens.
LEFT_OUT_ON_RESTORE = {"authtoken.token"}


@dataclass
class RestoreReport:
    rows: int = 0
    files: int = 0
    verified: int = 0
    problems: list[str] = field(default_factory=list)


def backup_create(path: Path) -> tuple[int, int]:
    """Write the archive to ``path``; return (rows, files)."""
    data = io.StringIO()
    call_command(
        "dumpdata",
        natural_foreign=True,
        exclude=EXCLUDED,
        stdout=data,
        indent=None,
    )
    payload = data.getvalue().encode("utf-8")
    media_root = Path(settings.MEDIA_ROOT)
    files = 0
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo("data.json")
        info.size = len(payload)
        archive.addfile(info, io.BytesIO(payload))
        if media_root.is_dir():
            for file in sorted(media_root.rglob("*")):
                # The conversion cache is remade on demand: it is not worth archiving.
                if file.is_file() and file.relative_to(media_root).parts[0] != CACHE_FOLDER:
                    archive.add(file, arcname=f"media/{file.relative_to(media_root)}")
                    files += 1
    return payload.count(b'"model":'), files


def _database_is_empty() -> bool:
    skipped = {"contenttypes", "auth", "sessions"}
    for model in apps.get_models():
        if model._meta.app_label in skipped and model._meta.model_name in {
            "permission",
            "contenttype",
            "session",
        }:
            continue
        if model._meta.managed and not model._meta.proxy and model._default_manager.exists():
            return False
    return True


def backup_restore(path: Path) -> RestoreReport:
    """Load the archive into an empty, migrated database and its media into MEDIA_ROOT."""
    if not _database_is_empty():
        raise ValueError(
            "The database is not empty: restore only into a freshly migrated database."
        )
    report = RestoreReport()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    with tarfile.open(path, "r:gz") as archive:
        members = archive.getmembers()
        data = _without_left_out(archive.extractfile("data.json").read())
        for member in members:
            if not member.name.startswith("media/") or not member.isfile():
                continue
            target = (media_root / member.name.removeprefix("media/")).resolve()
            if media_root not in target.parents:
                raise ValueError(f"Refusing a file outside MEDIA_ROOT: {member.name}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.extractfile(member).read())
            report.files += 1
    fixture = media_root.parent / ".restore-data.json"
    fixture.write_bytes(data)
    try:
        with transaction.atomic():
            call_command("loaddata", str(fixture), verbosity=0)
    finally:
        fixture.unlink(missing_ok=True)
    report.rows = data.count(b'"model":')
    verify_stored_files(report)
    return report


def _without_left_out(data: bytes) -> bytes:
    if not any(f'"{label}"'.encode() in data for label in LEFT_OUT_ON_RESTORE):
        return data
    rows = [row for row in json.loads(data) if row.get("model") not in LEFT_OUT_ON_RESTORE]
    return json.dumps(rows, ensure_ascii=False).encode("utf-8")


def _checked_fields(model) -> list[tuple[str, str]]:
    names = {f.name for f in model._meta.get_fields()}
    return [
        (f.name, f.name.removesuffix("_file") + "_sha256")
        for f in model._meta.get_fields()
        if isinstance(f, models.FileField)
        and f.name.endswith("_file")
        and f.name.removesuffix("_file") + "_sha256" in names
    ]


def verify_stored_files(report: RestoreReport | None = None) -> RestoreReport:
    """Check every stored file that has a recorded SHA-256; list what is missing or changed."""
    report = report or RestoreReport()
    for model in apps.get_models():
        for file_field, hash_field in _checked_fields(model):
            rows = model._default_manager.exclude(**{hash_field: ""}).values_list(
                "pk", file_field, hash_field
            )
            for pk, name, expected in rows:
                if not name:
                    continue
                stored = Path(settings.MEDIA_ROOT) / name
                label = f"{model._meta.label} #{pk}: {name}"
                if not stored.is_file():
                    report.problems.append(f"missing {label}")
                elif hashlib.sha256(stored.read_bytes()).hexdigest() != expected:
                    report.problems.append(f"changed {label}")
                else:
                    report.verified += 1
    return report
