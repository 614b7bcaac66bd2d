"""Read settings from the environment and fail loudly, naming the variable, on a bad value.

A misconfigured server must refuse to start rather than run with a silently wrong default.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise ImproperlyConfigured(f"Environment variable {name} is required.")
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"Environment variable {name} must be a boolean (true/false, 1/0, yes/no), got {value!r}."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ImproperlyConfigured(
            f"Environment variable {name} must be a whole number, got {value!r}."
        ) from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(
            f"Environment variable {name} must be at least {minimum}, got {number}."
        )
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


# How long a write on SQLite waits for another to finish before giving up.
SQLITE_BUSY_TIMEOUT_SECONDS = 20


def env_database(name: str, default: str) -> dict:
    """Parse a database URL (sqlite:///path or postgres://user:pass@host:port/db)."""
    value = os.environ.get(name) or default
    try:
        config = dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True)
    except (ValueError, KeyError) as error:
        raise ImproperlyConfigured(
            f"Environment variable {name} is not a valid database URL: {error}"
        ) from None
    if config.get("ENGINE") not in {
        "django.db.backends.sqlite3",
        "django.db.backends.postgresql",
    }:
        raise ImproperlyConfigured(
            f"Environment variable {name} must point at SQLite or PostgreSQL, got {value!r}."
        )
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"Environment variable {name} names no database: {value!r}.")
    if config["ENGINE"] == "django.db.backends.postgresql":
        # The dashboard's status query is costed high enough for PostgreSQL's JIT to compile
        # it, which takes longer (about half a second) than running it; the pages are short
        # queries, where the JIT never pays off.
        options = config.setdefault("OPTIONS", {})
        options["options"] = (options.get("options", "") + " -c jit=off").strip()
    else:
        # SQLite locks the whole file for a write. A deferred transaction that reads and then
        # writes fails at once with "database is locked" when another holds the lock; an
        # IMMEDIATE one takes the lock at BEGIN, and the busy timeout makes it wait its turn.
        options = config.setdefault("OPTIONS", {})
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", SQLITE_BUSY_TIMEOUT_SECONDS)
    return config


def load_env_file(path) -> None:
    """Read KEY=value lines from a .env file into the environment, never overriding it."""
    try:
        with open(path, encoding="utf-8") as env_file:
            lines = env_file.read().splitlines()
    except FileNotFoundError:
        return
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise ImproperlyConfigured(f"{path}, line {number}: expected KEY=value.")
        os.environ.setdefault(key.strip(), value.strip().strip("'\""))
