"""Named leases in the database: one holder at a time, for a limited time.

Taking a lease is one INSERT against a unique name, or, when a row is there, one conditional
UPDATE that matches only an expired row. Either statement is atomic on SQLite (one writer at
a time) and on PostgreSQL (the loser of a unique insert or of an update of the same row waits
for the winner and then finds nothing to take), so no row lock (``select_for_update``, a
no-op on SQLite) is needed. A holder that dies never releases: its lease expires instead.
"""

import os
import secrets
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from qms.lib.jobs.models import Lease


def new_holder() -> str:
    """Names the machine and process, for whoever reads the lease table."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def lease_take(*, name: str, holder: str, seconds: int) -> bool:
    """Take the lease ``name`` for ``seconds``; False while someone else holds it."""
    now = timezone.now()
    until = now + timedelta(seconds=seconds)
    try:
        with transaction.atomic():
            Lease.objects.create(name=name, holder=holder, taken_at=now, expires_at=until)
        return True
    except IntegrityError:
        pass
    taken = Lease.objects.filter(name=name, expires_at__lte=now).update(
        holder=holder, taken_at=now, expires_at=until
    )
    return taken == 1


def lease_release(*, name: str, holder: str) -> None:
    """Give the lease back; a lease taken over since (it had expired) is left alone."""
    Lease.objects.filter(name=name, holder=holder).delete()


@contextmanager
def leased(name: str, *, seconds: int) -> Iterator[bool]:
    """Hold the lease ``name`` for the block; yields False (and runs nothing of its own)
    when another holder has it. Released when the block ends, however it ends."""
    holder = new_holder()
    if not lease_take(name=name, holder=holder, seconds=seconds):
        yield False
        return
    try:
        yield True
    finally:
        lease_release(name=name, holder=holder)
