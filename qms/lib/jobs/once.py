"""A side effect done once by key, whatever retries and second workers do.

The key is claimed with a lease (so two attempts at once do not both act), the action runs,
and only then is the key recorded as done: an action that raises leaves no key behind, so
the retry acts again; a worker that dies mid-action leaves a lease that expires, and the next
attempt after that acts again. The one window left is a death between the action's end and
the recording of its key, a few milliseconds.
"""

from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from qms.lib.jobs.leases import lease_release, lease_take, new_holder
from qms.lib.jobs.models import DoneKey

# How long one attempt may act before another may assume it died.
ONCE_LEASE_SECONDS = 15 * 60


class Busy(Exception):
    """Another attempt holds the key now; try again later."""


def is_done(key: str) -> bool:
    return DoneKey.objects.filter(key=key).exists()


def run_once(key: str, action: Callable[[], object], *, seconds: int = ONCE_LEASE_SECONDS) -> bool:
    """Run ``action`` unless ``key`` is done; True when it ran now. Raises Busy while another
    attempt holds the key, and whatever the action raises (the key stays undone)."""
    if is_done(key):
        return False
    name, holder = f"once:{key}", new_holder()
    if not lease_take(name=name, holder=holder, seconds=seconds):
        raise Busy(key)
    try:
        if is_done(key):  # finished by the holder before us, between our two reads
            return False
        action()
        try:
            with transaction.atomic():
                DoneKey.objects.create(key=key, done_at=timezone.now())
        except IntegrityError:
            pass  # recorded by an attempt that took over an expired lease
        return True
    finally:
        lease_release(name=name, holder=holder)


def done_keys_prune(*, older_than: timedelta) -> int:
    """Forget the keys done more than ``older_than`` ago: long after the last retry of their
    task, when nothing can act on them again. Returns how many were forgotten."""
    deleted, _by_model = DoneKey.objects.filter(done_at__lt=timezone.now() - older_than).delete()
    return deleted
