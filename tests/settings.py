"""Test settings: production settings with fast hashing and no HTTPS redirect.

Values are set before the project settings load so that a developer's .env cannot change
how the tests behave; DATABASE_URL still comes from the environment (CI sets PostgreSQL).
"""

import atexit
import os
import shutil
import tempfile

os.environ["DEBUG"] = "false"
os.environ["SECRET_KEY"] = "test-only-secret-key-" + "x" * 40
os.environ["SECURE_SSL_REDIRECT"] = "false"
os.environ["ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run when they are queued unless a test asks for the database backend and a worker.
os.environ["TASKS_BACKEND"] = "immediate"

from qms.settings import *  # noqa: E402,F403
from qms.settings import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Files the tests store (controlled PDFs, uploads) go to a folder removed at exit.
MEDIA_ROOT = tempfile.mkdtemp(prefix="qms-test-media-")
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
# On SQLite the test database is a file (in memory, under /dev/shm, where there is one), not
# Django's shared in-memory database: the concurrency tests write from several threads, each
# with its own connection, and a shared in-memory database answers a second writer with
# "table is locked" at once, where a file lets it wait its turn as in production.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    _database_folder = tempfile.mkdtemp(
        prefix="qms-test-db-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None
    )
    atexit.register(shutil.rmtree, _database_folder, ignore_errors=True)
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(_database_folder, "test.sqlite3")}  # noqa: F405
STATIC_ROOT = None  # nothing is collected in tests; the finders serve static files
