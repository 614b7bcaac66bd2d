"""Settings, driven by the environment (see .env.example). Safe by default: DEBUG is off."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from qms.lib.env import env_bool, env_database, env_int, env_list, env_str, load_env_file

BASE_DIR = Path(__file__).resolve().parent.parent
# Templates and translations live in templates/ and locale/ at the repository root. An
# installed package has no such root: its build (setup.py) puts copies inside qms/, which a
# checkout never has. So the package's copy when it is there, the root folder otherwise.
PACKAGE_DIR = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    return PACKAGE_DIR / name if (PACKAGE_DIR / name).is_dir() else BASE_DIR / name


if not env_bool("QMS_IGNORE_ENV_FILE", False):
    load_env_file(BASE_DIR / ".env")

DEBUG = env_bool("DEBUG", False)
if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-never-use-in-production")
else:
    SECRET_KEY = env_str("SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "Environment variable SECRET_KEY must be at least 50 characters long in production."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",
    "guardian",
    "simple_history",
    "django_filters",
    "template_partials",
    "bootstrap",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "qms.lib.jobs",
    "qms.agencies",
    "documents",
    "audits",
    "qms.monitoring",
    "qms.api",
    "qms.devdata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "qms.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "qms.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "qms.agencies.middleware.CurrentAgencyMiddleware",
    "qms.middleware.StorageUnavailableMiddleware",
]

ROOT_URLCONF = "qms.urls"
WSGI_APPLICATION = "qms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [_shipped("templates")],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qms.context_processors.languages",
                "qms.context_processors.current_agency",
            ],
        },
    },
]

# Form widgets render through the project's templates, so templates/django/forms may override
# Django's own (django.forms above supplies the rest).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "qms.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "qms.agencies.backends.AgencyPermissionBackend",
]
# Object permissions are answered by AgencyPermissionBackend from guardian's tables;
# guardian's own backend would answer the same question with more queries.
SILENCED_SYSTEM_CHECKS = ["guardian.W001"]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row; public pages need no permissions
# A change's reason is what a person wrote; it is not cut at 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in throttling (qms/agencies/signin.py): an address waits, never the account. Within
# the window: failures for one account from one address, failures from one address for all
# accounts, and failures for one account from all addresses after which each address gets
# one try only.
SIGNIN_MAX_FAILURES = env_int("SIGNIN_MAX_FAILURES", 5, minimum=1)
SIGNIN_ADDRESS_MAX_FAILURES = env_int("SIGNIN_ADDRESS_MAX_FAILURES", 20, minimum=1)
SIGNIN_ACCOUNT_SLOWDOWN_FAILURES = env_int("SIGNIN_ACCOUNT_SLOWDOWN_FAILURES", 50, minimum=1)
SIGNIN_WINDOW_MINUTES = env_int("SIGNIN_WINDOW_MINUTES", 15, minimum=1)
# Supervision: days after a cited law was replaced before an agency that has not updated is warned.
MONITORING_LAW_UPDATE_DAYS = env_int("MONITORING_LAW_UPDATE_DAYS", 30, minimum=0)

# Citizen satisfaction: the province's target for the share of satisfied answers (the earlier
# target was 60 %, the current one 70 %), and the answers one address may give per window.
SATISFACTION_TARGET_PERCENT = env_int("SATISFACTION_TARGET_PERCENT", 70, minimum=1)
SATISFACTION_EARLIER_TARGET_PERCENT = env_int("SATISFACTION_EARLIER_TARGET_PERCENT", 60, minimum=1)
SATISFACTION_MAX_ANSWERS = env_int("SATISFACTION_MAX_ANSWERS", 20, minimum=1)
SATISFACTION_WINDOW_MINUTES = env_int("SATISFACTION_WINDOW_MINUTES", 10, minimum=1)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [_shipped("locale")]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_TZ = True
FORMAT_MODULE_PATH = ["qms.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Stored files (sources, controlled PDFs, evidence, announcements, staged imports) live in the
# local folder MEDIA_ROOT or in an S3-compatible bucket: FILE_STORAGE says which is the
# default. Both stay named in STORAGES, so `manage.py copy_media --from local --to s3` can
# move an installation from one to the other.
FILE_STORAGE = env_str("FILE_STORAGE", "local")
_FILE_STORAGES = {"local": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
if env_str("S3_BUCKET", ""):
    from qms.lib.bucket import ADDRESSING_STYLES, bucket_options

    _addressing_style = env_str("S3_ADDRESSING_STYLE", "path")
    if _addressing_style not in ADDRESSING_STYLES:
        raise ImproperlyConfigured(
            f"S3_ADDRESSING_STYLE must be one of {', '.join(ADDRESSING_STYLES)}, "
            f"got {_addressing_style!r}."
        )
    _FILE_STORAGES["s3"] = bucket_options(
        bucket=env_str("S3_BUCKET"),
        endpoint_url=env_str("S3_ENDPOINT_URL", ""),
        region=env_str("S3_REGION", ""),
        access_key=env_str("S3_ACCESS_KEY_ID", ""),
        secret_key=env_str("S3_SECRET_ACCESS_KEY", ""),
        addressing_style=_addressing_style,
    )
if FILE_STORAGE not in _FILE_STORAGES:
    raise ImproperlyConfigured(
        f"FILE_STORAGE must be local, or s3 with S3_BUCKET set; got {FILE_STORAGE!r}."
    )
STORAGES = {
    **_FILE_STORAGES,
    "default": _FILE_STORAGES[FILE_STORAGE],
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", 20, minimum=1) * 1024 * 1024
# Each upload is read through once when it arrives, in a child process stopped after
# UPLOAD_CHECK_SECONDS (qms/lib/uploads.py): each XML part of a .docx or .xlsx at most
# UPLOAD_PART_MAX_MB once expanded, a PDF at most UPLOAD_MAX_PAGES pages.
UPLOAD_PART_MAX_BYTES = env_int("UPLOAD_PART_MAX_MB", 10, minimum=1) * 1024 * 1024
UPLOAD_MAX_PAGES = env_int("UPLOAD_MAX_PAGES", 300, minimum=1)
UPLOAD_CHECK_SECONDS = env_int("UPLOAD_CHECK_SECONDS", 10, minimum=1)
# Converting a .docx to HTML and rendering a draft's PDF run in a child process killed after
# this many seconds; results are kept by content hash in CONVERSION_CACHE_ROOT for this many
# days. The cache is each machine's own, on its local disk: never shared, never backed up.
CONVERSION_TIMEOUT_SECONDS = env_int("CONVERSION_TIMEOUT_SECONDS", 60, minimum=1)
CONVERSION_CACHE_DAYS = env_int("CONVERSION_CACHE_DAYS", 7, minimum=1)
# Empty: MEDIA_ROOT/cache (on the local disk even when files go to a bucket).
CONVERSION_CACHE_ROOT = env_str("CONVERSION_CACHE_ROOT", "")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background work (qms/lib/jobs): "immediate" runs each task in the process that queues it,
# when it is queued (one machine, the demo, the tests); "database" stores it in the database
# for `manage.py db_worker`, on this machine or another.
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate")
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"Environment variable TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, "
        f"got {TASKS_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set at most one of EMAIL_USE_TLS and EMAIL_USE_SSL.")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "QMS <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. Production defaults pass `manage.py check --deploy`; each can be relaxed by
# its variable, for an intranet served over plain HTTP for example.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60, minimum=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind nginx (or another HTTPS proxy): trust its X-Forwarded-Proto, and take the client's
# address from the last entry of X-Forwarded-For, the one the proxy appended (sign-in
# throttling and the survey's limit count by address).
BEHIND_HTTPS_PROXY = env_bool("BEHIND_HTTPS_PROXY", False)
if BEHIND_HTTPS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The REST API (/api/v1/): token or session authentication, JSON in and out, errors as
# {"detail": …, "errors": {…}} (qms.api.exceptions). See qms/api/__init__.py.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "qms.api.authentication.TokenAuthentication",
        "qms.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["qms.api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "qms.api.pagination.KeysetPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "qms.api.exceptions.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "QMS API",
    "DESCRIPTION": "ISO 9001 quality management for state agencies: documents, revisions, "
    "external documents, nonconformities and quality objectives. Authenticate with "
    "`Authorization: Token <key>`; create a token on your profile page.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "DocumentStatusEnum": "documents.models.Document.Status",
        "RevisionStatusEnum": "documents.models.Revision.Status",
        "ExternalDocumentKindEnum": "documents.models.ExternalDocument.Kind",
        "ExternalDocumentStatusEnum": "documents.models.ExternalDocument.Status",
        "NonconformityStatusEnum": "audits.models.Nonconformity.Status",
        "ActionKindEnum": "audits.models.Action.Kind",
        "ActionStatusEnum": "audits.models.Action.Status",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "qms.api.schema.add_error_responses",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
