"""The structure of every .docx of a batch, read side by side and kept by content hash.

Reading a procedure takes a child process (documents.word.reading); one child per file in
turn would cost a fork each and leave a CPU idle. The files not yet known are shared among
one child per CPU (qms.lib.conversions.run_limited_side_by_side), and each structure is kept
where ``procedure_structure`` keeps it, under the file's hash, so that showing the preview
again reads nothing. A file that cannot be read is a message on its row, never a failure of
the batch: when the children fail together (a file ran out of time), the files are read again
one by one, each in its own child.
"""

import os

from django.core.exceptions import ValidationError

from documents.word import reading
from documents.word.structure import ProcedureStructure, structure_from_json, structure_to_json
from qms.lib.conversions import (
    ConversionFailed,
    cache_root,
    cached,
    run_limited_side_by_side,
)

# The namespace and key under which documents.word.reading keeps a structure.
STRUCTURE_CACHE = "word-structure"
# Files that could not be read, by hash: their reason, so the preview does not try again.
UNREADABLE_CACHE = "import-unreadable"
# A procedure reads in well under a second. Files go to the children in rounds of this many
# per child, each child stopped after READ_SECONDS per file it holds: a file that hangs holds
# up its round for minutes at most, not the whole batch for hours.
READ_SECONDS = 10
FILES_PER_CHILD = 25


class Unreadable(str):
    """Why a file's structure cannot be read, as its row says it."""


def structures_read(documents: list[bytes]) -> list[ProcedureStructure | Unreadable]:
    """Per file, in order: its structure, or why it cannot be read."""
    keys = [reading.structure_key(data) for data in documents]
    results: list = [_known(data, key) for data, key in zip(documents, keys, strict=True)]
    missing = [index for index, result in enumerate(results) if result is None]
    if missing:
        answers = _read_side_by_side([documents[index] for index in missing])
        for index, (status, value) in zip(missing, answers, strict=True):
            if status in ("ok", "unreadable"):  # a time-out is tried again next time
                namespace = STRUCTURE_CACHE if status == "ok" else UNREADABLE_CACHE
                cached(namespace, keys[index], lambda value=value: value.encode())
            results[index] = structure_from_json(value) if status == "ok" else Unreadable(value)
    return results


def structure_or_reason(data: bytes) -> tuple[str, str]:
    """("ok", the structure as JSON) or ("unreadable", the reason): one file that cannot be
    read does not stop its neighbours in the same child. Runs in a child process."""
    try:
        return ("ok", structure_to_json(reading.read_procedure(data)))
    except ValidationError as error:
        return ("unreadable", " ".join(error.messages))


def _known(data: bytes, key: str) -> ProcedureStructure | Unreadable | None:
    """What is already known of a file without starting a child: its kept structure, its
    kept reason, or the reason its first bytes give (a .doc, not a Word package)."""
    if data.startswith(reading.OLE_SIGNATURE) or not data.startswith(b"PK"):
        return Unreadable(reading.unreadable_message(data))
    for namespace in (STRUCTURE_CACHE, UNREADABLE_CACHE):
        path = cache_root() / namespace / key
        try:
            text = path.read_text(encoding="utf-8")
        except (FileNotFoundError, OSError, TypeError):
            continue
        try:
            return structure_from_json(text) if namespace == STRUCTURE_CACHE else Unreadable(text)
        except (ValueError, TypeError, KeyError):
            return None  # kept by an older reader: read again
    return None


def _read_side_by_side(documents: list[bytes]) -> list[tuple[str, str]]:
    size = FILES_PER_CHILD * _cpus()
    answers = []
    for start in range(0, len(documents), size):
        round_ = documents[start : start + size]
        try:
            answers += run_limited_side_by_side(
                structure_or_reason, [(data,) for data in round_], seconds=READ_SECONDS
            )
        except ConversionFailed:
            answers += [_read_alone(data) for data in round_]
    return answers


def _read_alone(data: bytes) -> tuple[str, str]:
    try:
        return ("ok", structure_to_json(reading.procedure_structure(data)))
    except ConversionFailed as failure:
        return ("timeout" if failure.timed_out else "unreadable", " ".join(failure.messages))
    except ValidationError as error:
        return ("unreadable", " ".join(error.messages))


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
