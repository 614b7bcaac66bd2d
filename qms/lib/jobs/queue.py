"""Queue tasks after commit, and retry a failed task later.

django-tasks runs a task with whatever backend ``TASKS`` names: the immediate backend runs
it in the process that queues it, at that moment; the database backend stores it for
``manage.py db_worker``. It has no retries: a task that should be retried calls
``retry_later`` when it fails, and the next attempt is a new task, due after a backoff.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, default_task_backend
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

MAX_ATTEMPTS = 5
# The first retry waits this long; each next one twice as long (1, 2, 4, 8 minutes).
RETRY_BASE_SECONDS = 60


def has_worker() -> bool:
    """True when tasks wait for a worker; False when each runs at once where it is queued.
    A backend that can hold a task until later is one that a worker reads."""
    return default_task_backend.supports_defer


def enqueue_on_commit(task: Task, **kwargs) -> None:
    """Queue ``task`` when the transaction commits; never if it rolls back."""
    transaction.on_commit(lambda: task.enqueue(**kwargs))


def retry_later(task: Task, *, attempt: int, max_attempts: int = MAX_ATTEMPTS, **kwargs) -> bool:
    """Queue ``task`` again with ``kwargs`` and ``attempt + 1``, after a backoff that doubles
    with each attempt. False when the attempts are spent, or when no worker could run it
    later (the immediate backend): the failure then stands as it is."""
    if attempt >= max_attempts or not task.get_backend().supports_defer:
        return False
    delay = timedelta(seconds=RETRY_BASE_SECONDS * 2 ** (attempt - 1))
    task.using(run_after=timezone.now() + delay).enqueue(attempt=attempt + 1, **kwargs)
    return True


def tasks_requeue_stalled(*, older_than: timedelta) -> int:
    """Put back in the queue every task that a worker claimed more than ``older_than`` ago
    and never finished: the worker died (killed, out of memory, the machine stopped), and
    the database backend would otherwise leave the task "running" for ever. The task then
    runs again from the start, so it must be safe to repeat (``qms.lib.jobs.once``)."""
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=timezone.now() - older_than
    ).update(status=TaskResultStatus.READY)
