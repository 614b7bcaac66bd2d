"""Stored files through Django's storage API only, so that the same code serves the local
folder (MEDIA_ROOT) and an S3-compatible bucket: walk a storage, hash a stored file, copy
one storage into another. Nothing here knows a path on disk.

Which storage is the default is a setting (``FILE_STORAGE``, see qms/settings.py); the
backends are named in ``STORAGES`` ("local" always, "s3" when a bucket is configured).
"""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.files import File
from django.core.files.storage import Storage

# Read and hash files in pieces of this size: a 20 MB evidence file never sits in memory.
CHUNK_BYTES = 1024 * 1024


class StorageUnavailable(OSError):
    """The file store did not answer (the bucket is unreachable, refuses the keys, or is
    missing). Raised inside a service's transaction, it undoes the change: nothing is written
    to the database that points at a file that was never stored."""


def walk(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name under ``folder``, in sorted order, folders depth-first."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a local MEDIA_ROOT that was never created holds nothing
        return
    prefix = f"{folder.rstrip('/')}/" if folder else ""
    for name in sorted(files):
        yield prefix + name
    for name in sorted(folders):
        yield from walk(storage, prefix + name)


def sha256_of(storage: Storage, name: str) -> str:
    """The SHA-256 of a stored file, read in pieces."""
    digest = hashlib.sha256()
    with storage.open(name, "rb") as stored:
        for chunk in iter(lambda: stored.read(CHUNK_BYTES), b""):
            digest.update(chunk)
    return digest.hexdigest()


def save_as(storage: Storage, name: str, content) -> None:
    """Store ``content`` under exactly ``name``; the database's file names must keep
    pointing at the same files, so a storage that would pick another name is an error."""
    stored = storage.save(name, content if isinstance(content, File) else File(content))
    if stored != name:
        storage.delete(stored)
        raise FileExistsError(name)


def is_safe_name(name: str) -> bool:
    """A relative name with no way out of the storage's root (an archive may say anything)."""
    parts = name.split("/")
    return bool(name) and not name.startswith("/") and "\\" not in name and ".." not in parts


@dataclass
class CopyReport:
    copied: int = 0
    already_there: int = 0
    problems: list[str] = field(default_factory=list)


def copy_storage(source: Storage, target: Storage, *, skip: tuple[str, ...] = ()) -> CopyReport:
    """Copy every file of ``source`` into ``target`` under the same name and read each one
    back to compare its SHA-256 with the source's. A file already in the target with the same
    content is left alone; one with other content is reported, never overwritten. Names
    under a folder in ``skip`` are left out."""
    report = CopyReport()
    for name in walk(source):
        if name.split("/", 1)[0] in skip:
            continue
        expected = sha256_of(source, name)
        if target.exists(name):
            if sha256_of(target, name) == expected:
                report.already_there += 1
            else:
                report.problems.append(f"different file already in the target: {name}")
            continue
        with source.open(name, "rb") as stored:
            save_as(target, name, stored)
        if sha256_of(target, name) != expected:
            report.problems.append(f"changed on the way: {name}")
        else:
            report.copied += 1
    return report
