"""Work on files that people send (checking an upload, converting a .docx, rendering a PDF) in
a child process killed after a time limit, and its results kept by content hash.

A request thread never parses or converts an uploaded file itself: a hostile file can keep a
parser or WeasyPrint busy for minutes, and nothing stops a thread (gunicorn's timeout only
kills a whole worker, and not at all under the development server). A child process can be
killed, and the parent waits for it no longer than the limit.

The child gets bytes and strings only, and returns bytes or strings: it never touches the
database. A forked child shares the parent's connection (using it would corrupt it) and
cannot see rows the parent has not committed. Functions run in a child take and return
plain, picklable values, and need no Django setup, so the "spawn" start method works too.
"""

import hashlib
import logging
import math
import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

try:
    import resource
except ImportError:  # not on Windows
    resource = None

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# How many child processes this process has started: tests read it to prove that a cached
# result is used and nothing is converted again.
runs = 0

# "fork" starts a child in milliseconds with every module already imported; elsewhere
# (Windows, macOS) "spawn" starts a fresh interpreter, which the children allow.
START_METHOD = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"

CACHE_FOLDER = "cache"


class Refused(Exception):
    """Raised in a child: the file is refused for ``reason`` (a key the parent turns into
    a translated message), with ``params`` for that message."""

    def __init__(self, reason: str, **params):
        super().__init__(reason, params)
        self.reason = reason
        self.params = params


class ConversionFailed(ValidationError):
    """The work failed or ran out of time; the message says so for people.

    A ValidationError, so that a form shows it on its field, a service passes it on, and the
    API answers 400 with it as the detail."""

    def __init__(self, message: str, *, reason: str = "failed", params: dict | None = None):
        super().__init__(message, code=reason)
        self.reason = reason
        self.params = params or {}

    @property
    def timed_out(self) -> bool:
        return self.reason == "timeout"


def _child(sender, function: Callable, args: tuple, kwargs: dict, seconds: float) -> None:
    if resource is not None:
        # The kernel stops the child on its own if the parent is gone before killing it
        # (a worker killed by gunicorn's timeout): it may not use more CPU than the limit.
        cpu = math.ceil(seconds) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    try:
        result = ("ok", function(*args, **kwargs))
    except Refused as refused:
        result = ("refused", (refused.reason, refused.params))
    except BaseException as error:  # the parent reports it; the child must not die silently
        result = ("error", f"{type(error).__name__}: {error}"[:300])
    try:
        sender.send(result)
    finally:
        sender.close()


def run_limited(function: Callable, *args, seconds: float, **kwargs):
    """``function(*args, **kwargs)`` run in a child process; its result.

    Raises ConversionFailed with reason "timeout" when the child is not done within
    ``seconds`` (it is killed), "refused" (with the Refused reason and params) when the
    function refused its input, and "failed" when it raised anything else or died.
    """
    return _Child(function, args, kwargs, seconds).result()


def run_limited_side_by_side(
    function: Callable, calls: list[tuple], *, seconds: float, workers: int | None = None
) -> list:
    """``function(*args)`` for every ``args`` in ``calls``, in order, shared among up to
    ``workers`` child processes running at once (by default one per CPU this process may use).

    Each child is stopped after ``seconds`` for every call it holds, and raises as
    ``run_limited`` does: one failed call fails them all. Many small jobs (the copies of a whole
    register) cost one fork per worker instead of one per job, and use every CPU.
    """
    if not calls:
        return []
    workers = max(1, min(workers or _cpus(), len(calls)))
    shares = [calls[worker::workers] for worker in range(workers)]
    children = [_Child(_each, (function, share), {}, seconds * len(share)) for share in shares]
    try:
        answers = [child.result() for child in children]
    finally:
        for child in children:
            child.stop()
    # Call i went to worker i % workers, as its (i // workers)-th call.
    return [answers[i % workers][i // workers] for i in range(len(calls))]


def _each(function: Callable, calls: list[tuple]) -> list:
    return [function(*args) for args in calls]


def _cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class _Child:
    """A started child process running ``function``, and the way to its result."""

    def __init__(self, function: Callable, args: tuple, kwargs: dict, seconds: float):
        global runs
        context = multiprocessing.get_context(START_METHOD)
        self.function, self.seconds = function, seconds
        self.receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_child, args=(sender, function, args, kwargs, seconds), daemon=True
        )
        runs += 1
        self.deadline = time.monotonic() + seconds
        self.process.start()
        sender.close()

    def result(self):
        """Wait for the child until its deadline; its result, or ConversionFailed."""
        try:
            status, value = self._receive()
        finally:
            self.stop()
        if status == "refused":
            reason, params = value
            # The caller words the message from the reason; this one is only a fallback.
            raise ConversionFailed(
                _("The file was refused."), reason="refused", params={"reason": reason, **params}
            )
        if status == "error":
            raise ConversionFailed(
                _("The file could not be processed: %(error)s") % {"error": value}
            )
        return value

    def _receive(self) -> tuple:
        name = self.function.__qualname__
        if not self.receiver.poll(max(0.0, self.deadline - time.monotonic())):
            logger.warning("%s stopped after %s s", name, self.seconds)
            raise ConversionFailed(
                _("The file took longer than %(seconds)s seconds to process and was stopped.")
                % {"seconds": f"{self.seconds:g}"},
                reason="timeout",
            )
        try:
            return self.receiver.recv()
        except EOFError:  # the child died (killed for memory, a crash in a C library)
            logger.warning("%s died (exit code %s)", name, self.process.exitcode)
            raise ConversionFailed(
                _("The file could not be processed: the conversion stopped unexpectedly."),
            ) from None

    def stop(self) -> None:
        self.receiver.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join()


def content_hash(*parts: bytes | str) -> str:
    """SHA-256 over ``parts``, each framed by its length so that no two lists collide."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def cache_root() -> Path:
    """This machine's conversion cache: a folder on its own disk, even when stored files go
    to a bucket, since every entry can be made again from its input."""
    configured = settings.CONVERSION_CACHE_ROOT
    return Path(configured) if configured else Path(settings.MEDIA_ROOT) / CACHE_FOLDER


def cached(namespace: str, key: str, make: Callable[[], bytes]) -> bytes:
    """What ``make()`` returns, kept in the cache folder under <namespace>/<key> (a content
    hash) so that the same input is never converted twice. Entries unused for
    CONVERSION_CACHE_DAYS are removed when a new one is written. No URL serves the folder."""
    folder = cache_root() / namespace
    path = folder / key
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        pass
    else:
        os.utime(path)  # used: kept for another CONVERSION_CACHE_DAYS
        return data
    data = make()
    folder.mkdir(parents=True, exist_ok=True)
    # Another worker may write the same entry at the same time: each writes its own file
    # and renames it into place, which is atomic.
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)
    _sweep(folder, keep=path)
    return data


def _sweep(folder: Path, *, keep: Path) -> None:
    limit = time.time() - settings.CONVERSION_CACHE_DAYS * 24 * 3600
    for entry in folder.iterdir():
        try:
            if entry != keep and entry.stat().st_mtime < limit:
                entry.unlink()
        except FileNotFoundError:  # removed by another worker's sweep
            continue
