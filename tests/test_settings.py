"""The environment drives the settings, and a bad value stops start-up naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from qms.lib import env

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "production-secret-that-is-long-enough-to-pass" + "z" * 10,
    "ALLOWED_HOSTS": "qms.lamdong.gov.vn",
    "DATABASE_URL": "sqlite:///:memory:",
}


def run_manage(*args: str, **variables: str) -> subprocess.CompletedProcess:
    # A clean environment, so that neither the developer's .env nor the test settings leak in.
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "qms.settings",
        "QMS_IGNORE_ENV_FILE": "1",
        **variables,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("value", ["maybe", "2", "có"])
def test_env_bool_names_the_variable_on_a_bad_value(monkeypatch, value):
    monkeypatch.setenv("QMS_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="QMS_FLAG"):
        env.env_bool("QMS_FLAG")


@pytest.mark.parametrize(
    ("value", "expected"), [("true", True), ("0", False), ("Yes", True), ("", False)]
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, value, expected):
    monkeypatch.setenv("QMS_FLAG", value)
    assert env.env_bool("QMS_FLAG") is expected


def test_env_int_names_the_variable_on_a_bad_or_small_value(monkeypatch):
    monkeypatch.setenv("QMS_NUMBER", "mười")
    with pytest.raises(ImproperlyConfigured, match="QMS_NUMBER"):
        env.env_int("QMS_NUMBER", 1)
    monkeypatch.setenv("QMS_NUMBER", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env.env_int("QMS_NUMBER", 5, minimum=1)


def test_env_str_requires_what_has_no_default(monkeypatch):
    monkeypatch.delenv("QMS_REQUIRED", raising=False)
    with pytest.raises(ImproperlyConfigured, match="QMS_REQUIRED"):
        env.env_str("QMS_REQUIRED")


@pytest.mark.parametrize("url", ["mysql://u:p@h/db", "nonsense", "postgres://u:p@h:notaport/db"])
def test_env_database_refuses_what_it_cannot_use(monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env.env_database("DATABASE_URL", "sqlite:///x.sqlite3")


def test_env_database_reads_postgresql(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://qms:bi-mat@db.lamdong.gov.vn:5432/qms")
    config = env.env_database("DATABASE_URL", "sqlite:///x.sqlite3")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.lamdong.gov.vn", 5432, "qms")
    assert config["OPTIONS"]["options"] == "-c jit=off"


def test_env_database_keeps_the_url_options_when_it_turns_the_jit_off(monkeypatch):
    monkeypatch.setenv(
        "DATABASE_URL", "postgres://qms@db/qms?options=-c%20statement_timeout%3D5000"
    )
    config = env.env_database("DATABASE_URL", "sqlite:///x.sqlite3")
    assert config["OPTIONS"]["options"] == "-c statement_timeout=5000 -c jit=off"


def test_env_database_makes_sqlite_writes_wait_their_turn(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:////srv/qms/db.sqlite3")
    config = env.env_database("DATABASE_URL", "sqlite:///x.sqlite3")
    assert config["OPTIONS"] == {"transaction_mode": "IMMEDIATE", "timeout": 20}


def test_env_database_gives_postgresql_no_sqlite_options(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://qms@db/qms")
    config = env.env_database("DATABASE_URL", "sqlite:///x.sqlite3")
    assert "transaction_mode" not in config["OPTIONS"]


@pytest.mark.django_db
def test_postgresql_sessions_run_without_the_jit():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("QMS_HOSTS", " a.gov.vn, b.gov.vn ,,")
    assert env.env_list("QMS_HOSTS", []) == ["a.gov.vn", "b.gov.vn"]


def test_an_env_file_fills_only_what_the_environment_lacks(tmp_path, monkeypatch):
    env_file = tmp_path / ".env"
    env_file.write_text("# comment\nQMS_A=from-file\nQMS_B='quoted'\n", encoding="utf-8")
    monkeypatch.setenv("QMS_A", "from-environment")
    monkeypatch.delenv("QMS_B", raising=False)
    env.load_env_file(env_file)
    assert os.environ["QMS_A"] == "from-environment"
    assert os.environ["QMS_B"] == "quoted"


def test_a_broken_env_file_names_its_line(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("GOOD=1\nthis line is wrong\n", encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match="line 2"):
        env.load_env_file(env_file)


def test_start_up_without_secret_key_names_it():
    result = run_manage("check", DEBUG="false", ALLOWED_HOSTS="x")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_misconfigured_variable_stops_start_up():
    result = run_manage("check", **{**PRODUCTION, "EMAIL_PORT": "hai mươi lăm"})
    assert result.returncode != 0
    assert "EMAIL_PORT" in result.stderr


def test_debug_is_off_unless_asked():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        **PRODUCTION,
    )
    assert result.stdout.strip() == "False", result.stderr


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_files_go_to_the_bucket_the_environment_names():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.client_config.s3)",
        **PRODUCTION,
        FILE_STORAGE="s3",
        S3_BUCKET="qms-lamdong",
        S3_ENDPOINT_URL="https://s3.example.vn",
        S3_REGION="hcm",
        S3_ADDRESSING_STYLE="virtual",
    )
    assert result.stdout.split() == [
        "BucketStorage",
        "qms-lamdong",
        "https://s3.example.vn",
        "{'addressing_style':",
        "'virtual'}",
    ], result.stderr


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"FILE_STORAGE": "s3"}, "FILE_STORAGE"),
        ({"FILE_STORAGE": "nas"}, "FILE_STORAGE"),
        ({"S3_BUCKET": "qms", "S3_ADDRESSING_STYLE": "sideways"}, "S3_ADDRESSING_STYLE"),
    ],
)
def test_a_storage_that_cannot_work_stops_start_up(variables, named):
    result = run_manage("check", **PRODUCTION, **variables)
    assert result.returncode != 0
    assert named in result.stderr


def test_tasks_run_at_once_unless_a_worker_is_configured():
    show = "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])"
    result = run_manage("shell", "--no-imports", "-c", show, **PRODUCTION)
    assert result.stdout.strip() == "django_tasks.backends.immediate.ImmediateBackend"
    result = run_manage(
        "shell", "--no-imports", "-c", show, **{**PRODUCTION, "TASKS_BACKEND": "database"}
    )
    assert result.stdout.strip() == "django_tasks_db.DatabaseBackend"
    result = run_manage("check", **{**PRODUCTION, "TASKS_BACKEND": "celery"})
    assert result.returncode != 0
    assert "TASKS_BACKEND" in result.stderr
