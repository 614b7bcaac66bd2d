"""Backup and restore of the whole system: the database as portable JSON plus the stored files.

The archive is a .tar.gz holding ``data.json`` (Django's dumpdata with natural foreign keys, so
it loads into SQLite or PostgreSQL alike) and ``media/…``: every file of the default storage,
the local folder or the bucket alike, read and written through the storage API. Restoring
verifies every stored file that has a recorded SHA-256 (a ``<name>_file`` field beside a
``<name>_sha256`` field, such as a revision's controlled PDF) and reports any file missing or
changed.
"""

import io
import json
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import models, transaction

from qms.lib.conversions import CACHE_FOLDER
from qms.lib.storage import is_safe_name, save_as, sha256_of, walk

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
    files = 0
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo("data.json")
        info.size = len(payload)
        archive.addfile(info, io.BytesIO(payload))
        for name in walk(default_storage):
            # The local conversion cache, when it sits in MEDIA_ROOT, is remade on demand:
            # it is not worth archiving.
            if name.split("/", 1)[0] == CACHE_FOLDER:
                continue
            info = tarfile.TarInfo(f"media/{name}")
            info.size = default_storage.size(name)
            with default_storage.open(name, "rb") as stored:
                archive.addfile(info, stored)
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
    """Load the archive into an empty, migrated database and its files into the default
    storage, which must not already hold any of them (an empty folder or bucket)."""
    if not _database_is_empty():
        raise ValueError(
            "The database is not empty: restore only into a freshly migrated database."
        )
    report = RestoreReport()
    with tarfile.open(path, "r:gz") as archive:
        members = [
            member
            for member in archive.getmembers()
            if member.name.startswith("media/") and member.isfile()
        ]
        for member in members:
            if not is_safe_name(member.name.removeprefix("media/")):
                raise ValueError(f"Refusing a file outside the storage: {member.name}")
        taken = [m.name for m in members if default_storage.exists(m.name.removeprefix("media/"))]
        if taken:
            raise ValueError(
                f"The file storage already holds {len(taken)} of the archive's files "
                f"(first: {taken[0].removeprefix('media/')}): restore into an empty one."
            )
        data = _without_left_out(archive.extractfile("data.json").read())
        for member in members:
            save_as(
                default_storage, member.name.removeprefix("media/"), archive.extractfile(member)
            )
            report.files += 1
    with tempfile.TemporaryDirectory(prefix="qms-restore-") as folder:
        fixture = Path(folder) / "data.json"
        fixture.write_bytes(data)
        with transaction.atomic():
            call_command("loaddata", str(fixture), verbosity=0)
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


def verify_stored_files(report: RestoreReport | None = None, *, storage=None) -> RestoreReport:
    """Check every stored file that has a recorded SHA-256, in ``storage`` (the default
    storage unless given); list what is missing or changed."""
    report = report or RestoreReport()
    storage = storage or default_storage
    for model in apps.get_models():
        for file_field, hash_field in _checked_fields(model):
            rows = model._default_manager.exclude(**{hash_field: ""}).values_list(
                "pk", file_field, hash_field
            )
            for pk, name, expected in rows:
                if not name:
                    continue
                label = f"{model._meta.label} #{pk}: {name}"
                if not storage.exists(name):
                    report.problems.append(f"missing {label}")
                elif sha256_of(storage, name) != expected:
                    report.problems.append(f"changed {label}")
                else:
                    report.verified += 1
    return report
