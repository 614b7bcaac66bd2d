"""A plain `pip install` of QMS serves the Vietnamese interface.

The templates and the translations live at the repository root; the build (setup.py) puts a
copy of templates/ and the compiled catalogues inside the qms package. Here the project's files
(those git would commit, so no compiled .mo and no egg-info) are copied to a scratch folder,
built into a wheel and installed with pip into another, without network (build isolation off:
setuptools and polib come from the dev extras). A Python that cannot see the checkout then
migrates a scratch database and fetches the sign-in page. About 50 seconds, most of it the
migrations.
"""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
OFFLINE = ["--no-deps", "--no-index", "--no-build-isolation", "--no-cache-dir"]

# Run by the installed copy, from a folder that holds nothing of the checkout.
SIGN_IN = """
import json

import django
from django.conf import settings
from django.core.management import call_command
from django.template.loader import get_template
from django.test import Client
from django.urls import reverse

django.setup()
import audits, documents, qms

call_command("migrate", verbosity=0)
response = Client().get(reverse("login"), HTTP_ACCEPT_LANGUAGE="vi")
print(json.dumps({
    "modules": [qms.__file__, documents.__file__, audits.__file__],
    "template": get_template("registration/login.html").origin.name,
    "locale_paths": [str(path) for path in settings.LOCALE_PATHS],
    "status": response.status_code,
    "page": response.content.decode(),
}))
"""


def run(command: list[str], **options) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, timeout=180, **options)
    assert result.returncode == 0, f"{command[:4]} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    scratch = tmp_path_factory.mktemp("packaging")
    source = scratch / "source"
    listed = run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT
    ).stdout
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():  # a tracked file deleted in the work tree is left out
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    assert not list(source.rglob("*.mo")), "the build must compile the catalogues itself"
    run([*PIP, "wheel", *OFFLINE, "--wheel-dir", str(scratch / "dist"), str(source)], cwd=scratch)
    (built,) = (scratch / "dist").glob("qms-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site-packages")
    run([*PIP, "install", *OFFLINE, "--target", str(target), str(wheel)])
    return target


def test_the_wheel_carries_the_templates_and_the_compiled_catalogue(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {
        f"qms/templates/{path.relative_to(ROOT / 'templates').as_posix()}"
        for path in (ROOT / "templates").rglob("*.html")
    }
    assert templates <= names
    assert "qms/templates/registration/login.html" in names
    assert "qms/locale/vi/LC_MESSAGES/django.mo" in names
    assert {"qms/static/qms/qms.css", "qms/static/qms/navigation.js"} <= names
    # The demo's procedure texts are data files beside their loader.
    texts = {
        f"qms/devdata/demo/documents/texts/{path.name}"
        for path in (ROOT / "qms/devdata/demo/documents/texts").glob("*.toml")
    }
    assert texts and texts <= names
    assert not any(name.startswith(("templates/", "locale/")) for name in names)


def test_an_installed_copy_serves_the_sign_in_page_in_vietnamese(installed, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    environment = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(installed),
        "DJANGO_SETTINGS_MODULE": "qms.settings",
        "DEBUG": "true",
        "QMS_IGNORE_ENV_FILE": "1",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'qms.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    result = run([sys.executable, "-c", SIGN_IN], cwd=elsewhere, env=environment)
    served = json.loads(result.stdout.splitlines()[-1])

    for module in served["modules"]:
        assert Path(module).is_relative_to(installed), module
    assert served["template"] == str(installed / "qms/templates/registration/login.html")
    assert served["locale_paths"] == [str(installed / "qms/locale")]
    assert served["status"] == 200
    assert "Đăng nhập QMS" in served["page"]
    assert "Sign in to QMS" not in served["page"]
