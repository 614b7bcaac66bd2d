"""Test settings: production settings with fast hashing and no HTTPS redirect.

Values are set before the project settings load so that a developer's .env cannot change
how the tests behave; DATABASE_URL still comes from the environment (CI sets PostgreSQL).
"""

import os

os.environ["DEBUG"] = "false"
os.environ["SECRET_KEY"] = "test-only-secret-key-" + "x" * 40
os.environ["SECURE_SSL_REDIRECT"] = "false"
os.environ["ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

from qms.settings import *  # noqa: E402,F403
from qms.settings import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
STATIC_ROOT = None  # nothing is collected in tests; the finders serve static files
