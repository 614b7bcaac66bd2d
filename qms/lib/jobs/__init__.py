"""Background work: a task queue (django-tasks) with its database backend, and the three
things the queue itself does not give.

- ``queue``: queue a task once the transaction commits; say whether a worker runs tasks or
  they run at once in the process that queues them; retry a failed task later, with a backoff
  and an attempt counter (django-tasks has no retries).
- ``leases``: a named lease in the database, so that two machines that both start the same
  daily job run it once, and a machine that dies mid-job leaves a lease that expires.
- ``once``: a side effect done once by key (a mail, a rendered copy), so that a retried task
  never repeats what an earlier attempt finished.

``TASKS_BACKEND=immediate`` (the default: one machine, the demo, the tests) runs each task
when it is queued; ``TASKS_BACKEND=database`` stores it for ``manage.py db_worker``.
"""
