"""The ISO secretary finds her way through the grouped menus: with the mouse and the keyboard on
a laptop, behind the toggler on a phone, and with JavaScript turned off."""

import re

from django.urls import reverse

from qms.agencies.roles import Role
from tests.e2e.browser import BrowserTestCase, expect
from tests.helpers import make_agency, make_user

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


class NavigationJourneyTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.agency = make_agency("Sở Tư pháp")
        # Lan, ISO secretary of Sở Tư pháp.
        self.lan = make_user("Nguyễn Thị Lan", self.agency, [Role.ISO_SECRETARY])

    def menu(self, page, key: str):
        return page.locator(f"#qms-menus [data-menu={key}]")

    def go(self, page, link):
        with page.expect_navigation():
            link.click()

    def test_on_a_laptop_one_menu_opens_at_a_time_and_escape_closes_it(self):
        page = self.signed_in(self.lan, viewport=LAPTOP)
        documents, quality = self.menu(page, "documents"), self.menu(page, "quality")
        external = documents.locator(f"a[href='{reverse('documents:external-list')}']")
        expect(page.locator("summary.navbar-toggler")).to_be_hidden()
        expect(external).to_be_hidden()

        documents.locator("summary").focus()
        page.keyboard.press("Enter")
        expect(external).to_be_visible()
        page.keyboard.press("Escape")
        expect(external).to_be_hidden()
        expect(documents.locator("summary")).to_be_focused()

        documents.locator("summary").click()
        quality.locator("summary").click()
        expect(external).to_be_hidden()
        page.locator("main").click()
        expect(quality.locator(".dropdown-menu")).to_be_hidden()

        documents.locator("summary").click()
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        expect(external).to_be_focused()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/documents/external/"))
        expect(documents.locator("summary.active")).to_have_count(1)
        expect(documents.locator("a[aria-current=page]")).to_have_attribute(
            "href", reverse("documents:external-list")
        )

    def test_on_a_phone_the_menus_wait_behind_the_toggler(self):
        page = self.signed_in(self.lan, viewport=PHONE)
        toggler = page.locator("summary.navbar-toggler")
        expect(page.locator("#qms-menus")).to_be_hidden()
        toggler.click()
        expect(page.locator("#qms-menus")).to_be_visible()
        reports = self.menu(page, "reports")
        reports.locator("summary").click()
        self.go(page, reports.locator(f"a[href='{reverse('trail')}']"))
        expect(page).to_have_url(re.compile(r"/trail/$"))
        # Sign-out stays in reach without opening the menu.
        expect(page.locator("form[action$='/logout/'] button")).to_be_visible()

    def test_without_javascript_the_menus_still_open(self):
        page = self.signed_in(self.lan, viewport=LAPTOP, java_script_enabled=False)
        quality = self.menu(page, "quality")
        quality.locator("summary").click()
        self.go(page, quality.locator(f"a[href='{reverse('audits:nonconformity-list')}']"))
        expect(page).to_have_url(re.compile(r"/nonconformities/"))

        page.set_viewport_size(PHONE)
        expect(page.locator("#qms-menus")).to_be_hidden()
        page.locator("summary.navbar-toggler").click()
        expect(self.menu(page, "quality").locator("summary.active")).to_be_visible()
