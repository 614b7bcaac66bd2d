"""A live server and the system's Chromium, driven by Playwright, for the journeys.

The browser is Debian's own (``apt-get install chromium``), so Playwright downloads nothing;
``CHROMIUM_PATH`` points elsewhere. Without that browser the journeys are skipped, saying why.
"""

import os
import shutil
import unittest

from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.test import override_settings
from django.utils import translation

from tests.helpers import KeepsCatalogue

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "mat-khau-thu-nghiem"  # tests.helpers.make_user's default
TIMEOUT_MS = 20_000  # a PDF is rendered at approval: slow on a busy machine, never minutes

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # the dev extra is not installed
    sync_playwright = expect = None


def vi(text: str) -> str:
    """What a person reading the Vietnamese interface sees for an English msgid."""
    with translation.override("vi"):
        return str(translation.gettext(text))


# Plain http on localhost: secure cookies would never come back to the live server.
@override_settings(SESSION_COOKIE_SECURE=False, CSRF_COOKIE_SECURE=False, SECURE_SSL_REDIRECT=False)
class BrowserTestCase(KeepsCatalogue, StaticLiveServerTestCase):
    @classmethod
    def setUpClass(cls):
        if sync_playwright is None:
            raise unittest.SkipTest("Playwright is not installed: pip install -e '.[dev]'")
        if not shutil.which(CHROMIUM):
            raise unittest.SkipTest(f"No Chromium at {CHROMIUM}: apt-get install chromium")
        # Playwright's sync API runs an event loop in this thread; the ORM calls made here
        # between steps are plain synchronous ones.
        cls._async_unsafe = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        super().setUpClass()
        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        expect.set_options(timeout=TIMEOUT_MS)

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.playwright.stop()
        super().tearDownClass()
        if cls._async_unsafe is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = cls._async_unsafe

    def signed_in(self, user, **context_options):
        """A fresh browser window where ``user`` signed in through the sign-in page; the
        options go to Playwright's new_context (viewport, java_script_enabled …)."""
        context = self.browser.new_context(locale="vi-VN", **context_options)
        context.set_default_timeout(TIMEOUT_MS)
        self.addCleanup(context.close)
        page = context.new_page()
        page.goto(self.url("/accounts/login/"))
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.click("form button[type=submit]")
        expect(page).not_to_have_url(self.url("/accounts/login/"))
        return page

    def url(self, path: str) -> str:
        return self.live_server_url + path

    def open(self, page, path: str):
        page.goto(self.url(path))
        return page

    def submit(self, page, selector: str = "main form[method=post] button[type=submit]"):
        """Click a submit button and wait for the page it leads to."""
        with page.expect_navigation():
            page.locator(selector).first.click()
        return page
