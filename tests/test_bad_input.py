"""Every form of the project, posted with bad input by a person who may use it.

The forms are found the way tests/test_isolation.py finds pages: every page of the URL
configuration is opened, and every ``<form method="post">`` on it is posted four times, with
empty, over-long, wrong-type and hostile values (script tags, path-traversal file names, a zip
bomb named .docx, a program renamed .pdf). No answer may be a 500, no posted script may come
back unescaped, and a refused form (shown again with errors) stores nothing.
"""

import io
import traceback
import zipfile
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urljoin

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from qms.agencies.roles import Role
from tests import test_isolation as isolation
from tests.helpers import make_user

SCRIPT = "<script>alert(1)</script>"
LONG = "x" * 10_000
# Pages that are not forms of the product, or whose refusals are meant to leave a trace.
SKIPPED = {"logout", "set_language", "login", "agencies:agency-switch"}
# "script" keeps every choice valid so that the script reaches the services and is stored.
VARIANTS = ("empty", "long", "wrong", "hostile", "script")
# Tables a refusal must leave alone: everything the apps store.
STORED_APPS = ("qms", "documents", "audits")
CHOICES = ("select", "checkbox", "radio")


class _Forms(HTMLParser):
    """The post forms of a page: action, and each field's name, kind and first value."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "fields": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            self._form["fields"].append((attrs["name"], kind, attrs.get("value") or ""))
        elif tag == "textarea" and attrs.get("name"):
            self._form["fields"].append((attrs["name"], "textarea", ""))
        elif tag == "select" and attrs.get("name"):
            self._select = [attrs["name"], "select", ""]
            self._form["fields"].append(self._select)
        elif tag == "option" and self._select is not None and not self._select[2]:
            self._select[2] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def zip_bomb() -> bytes:
    """A .docx-looking zip whose document part inflates to 50 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", b"\0" * 50_000_000)
    return buffer.getvalue()


def _value(kind: str, variant: str, default: str):
    if kind == "hidden":
        return default
    if variant == "script":
        today = date.today().strftime("%d/%m/%Y")
        plain = {"number": "1", "date": today, "email": "quyet@example.gov.vn"}
        return plain.get(kind, default if kind in CHOICES else SCRIPT)
    if variant == "empty":
        return ""
    if variant == "long":
        return LONG
    if variant == "wrong":
        return {"number": "mười hai", "date": "31/02/2026", "email": "không-phải-thư"}.get(
            kind, "-1" if kind in CHOICES else "abc\x00"
        )
    return {"number": "1e309", "date": "99/99/9999", "email": SCRIPT}.get(
        kind, "../../../etc/passwd" if kind in CHOICES else SCRIPT
    )


class BadInputTests(TestCase):
    # The same agency, people and objects as the isolation walk.
    setUpTestData = isolation.IsolationTests.__dict__["setUpTestData"]
    add_audit = isolation.IsolationTests.__dict__["add_audit"]
    add_announcement = isolation.IsolationTests.__dict__["add_announcement"]
    add_supervision = isolation.IsolationTests.__dict__["add_supervision"]
    url_for = isolation.IsolationTests.url_for

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bomb = zip_bomb()

    @classmethod
    def tearDownClass(cls):
        cls.objects["draft_with_file"].source_file.delete(save=False)
        cls.objects["announcement"].file.delete(save=False)
        super().tearDownClass()

    def setUp(self):
        # Quyết, holding every role of agency A, may use every form of it.
        roles = [role for role in Role if role != Role.SUPERVISOR]
        self.client.force_login(make_user("Lê Văn Quyết", self.a, roles))

    def files(self, variant: str, name: str):
        if variant in ("wrong", "script"):
            return SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00\x03" + b"\0" * 200)
        if variant == "hostile":
            return SimpleUploadedFile("../../etc/passwd.docx", self.bomb)
        return None

    def data_for(self, fields, variant: str) -> dict:
        data = {}
        for name, kind, default in fields:
            if kind == "file":
                upload = self.files(variant, name)
                if upload is not None:
                    data[name] = upload
                continue
            data[name] = _value(kind, variant, default)
        return data

    def stored(self) -> dict:
        return {
            model._meta.label: model._default_manager.count()
            for app in STORED_APPS
            for model in apps.get_app_config(app.split(".")[-1]).get_models()
        }

    def post_forms(self):
        seen = set()
        for route, name in isolation.pages():
            if name in SKIPPED:
                continue
            url = self.url_for(route, name)
            response = self.client.get(url)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            parser = _Forms()
            parser.feed(response.content.decode())
            for form in parser.forms:
                action = urljoin(url, form["action"]) if form["action"] else url
                if action in seen or "/accounts/" in action or "/i18n/" in action:
                    continue
                seen.add(action)
                yield name, action, form["fields"]

    def test_no_form_answers_bad_input_with_a_500_or_an_unescaped_script(self):
        problems, posted, refusals = [], 0, 0
        for name, action, fields in self.post_forms():
            for variant in VARIANTS:
                before = self.stored()
                try:
                    response = self.client.post(action, self.data_for(fields, variant))
                except Exception:  # a 500: the client re-raises the view's exception
                    problems.append(f"{name} {action} [{variant}]: {traceback.format_exc(-3)}")
                    continue
                posted += 1
                if response.status_code >= 500:
                    problems.append(f"{name} {action} [{variant}]: {response.status_code}")
                if response.status_code == 302:
                    response = self.client.get(response["Location"])
                body = (
                    response.content.decode(errors="replace") if response.streaming is False else ""
                )
                if SCRIPT in body:
                    problems.append(f"{name} {action} [{variant}]: script rendered unescaped")
                refused = (
                    response.status_code == 200
                    and response.context is not None
                    and any(getattr(form, "errors", None) for form in _forms_in(response.context))
                )
                refusals += bool(refused)
                if refused and response.request["PATH_INFO"] == action.split("?")[0]:
                    after = self.stored()
                    changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
                    if changed:
                        problems.append(
                            f"{name} {action} [{variant}]: refused but stored {changed}"
                        )
        # The walk really reaches the forms, and most bad input is refused on the form.
        self.assertGreater(posted, 150)
        self.assertGreater(refusals, 50)
        self.assertEqual(problems, [], "\n".join(problems))


def _forms_in(context) -> list:
    from django.forms import BaseForm
    from django.forms.formsets import BaseFormSet

    return [
        value
        for layer in context
        for value in layer.flatten().values()
        if isinstance(value, BaseForm | BaseFormSet)
    ]
