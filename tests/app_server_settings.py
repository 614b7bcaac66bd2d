"""Settings of the app servers and the worker that tests/test_app_servers.py starts: the test
settings (the test process's key and password hashers, so that its people sign in), with
background work queued in the database for a worker, as on a deployment of several machines.
The database and the bucket come from the environment the test gives them."""

from tests.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
