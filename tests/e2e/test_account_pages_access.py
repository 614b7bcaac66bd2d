"""The pages of accounts, tokens, invitations and the Sở's recommendations, as people open them:
no critical or serious axe-core violation (WCAG 2.1 A and AA), and nothing wider than a
390 px phone."""

import unittest

from django.urls import reverse

from qms.agencies.invitations import member_add_existing
from qms.agencies.roles import Role
from qms.api.tokens import token_issue
from qms.monitoring.services.recommendations import recommendation_create
from tests.e2e.browser import BrowserTestCase
from tests.helpers import make_agency, make_province, make_user

try:
    from axe_playwright_python.sync_playwright import Axe
except ImportError:  # the dev extra is not installed
    Axe = None

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# The page scrolls sideways when its content is wider than the window; a wide table inside a
# scrolling container (.table-responsive) does not make it so.
PAGE_SCROLLS_SIDEWAYS = (
    "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
)
# For the message: the outermost elements that stick out of the window.
STICKING_OUT = """() => {
  const width = document.documentElement.clientWidth;
  const out = el => el.getBoundingClientRect().right > width + 1;
  return [...document.querySelectorAll('body *')]
    .filter(el => out(el) && !out(el.parentElement))
    .map(el => el.tagName + '.' + [...el.classList].join('.'));
}"""


class AccountPagesAccessTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        if Axe is None:
            raise unittest.SkipTest(
                "axe-playwright-python is not installed: pip install -e '.[dev]'"
            )
        province = make_province()
        self.agency = make_agency("Sở Tư pháp", province=province)
        other = make_agency("Sở Y tế", province=province)
        # Lan, ISO secretary of Sở Tư pháp, reads the Sở's recommendations and keeps a token.
        self.lan = make_user("Nguyễn Thị Lan", self.agency, [Role.ISO_SECRETARY])
        token_issue(user=self.lan, name="Kết nối phần mềm một cửa")
        # Quân administers Sở Tư pháp's members and invites Thảo, who works in Sở Y tế.
        self.quan = make_user("Hoàng Minh Quân", self.agency, [Role.ADMIN])
        self.thao = make_user("Ngô Thị Thảo", other, [Role.STAFF])
        member_add_existing(
            agency=self.agency, by=self.quan, username=self.thao.username, roles=[Role.STAFF]
        )
        # Tuấn, the province's supervisor, writes a recommendation to Sở Tư pháp.
        self.tuan = make_user("Ngô Anh Tuấn", province, [Role.SUPERVISOR])
        recommendation_create(
            agency=self.agency,
            by=self.tuan,
            text="Niêm yết quyết định công bố tại Bộ phận Một cửa.",
        )

    def check(self, user, path: str):
        for viewport in (LAPTOP, PHONE):
            page = self.signed_in(user, viewport=viewport)
            response = page.goto(self.url(path))
            self.assertEqual(response.status, 200, path)
            result = Axe().run(
                page,
                options={
                    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]},
                    "resultTypes": ["violations"],
                },
            )
            serious = [
                f"{violation['id']} ({violation['impact']}): "
                + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
                for violation in result.response["violations"]
                if violation["impact"] in ("critical", "serious")
            ]
            self.assertEqual(serious, [], f"{path} at {viewport['width']} px")
            if viewport is PHONE:
                self.assertFalse(page.evaluate(PAGE_SCROLLS_SIDEWAYS), page.evaluate(STICKING_OUT))
            page.context.close()

    def test_the_profile_with_tokens_and_invitations_and_its_edit_page(self):
        self.check(self.lan, reverse("profile"))
        self.check(self.thao, reverse("profile"))
        self.check(self.thao, reverse("agencies:profile-edit"))

    def test_the_member_pages_of_the_administrator(self):
        self.check(self.quan, reverse("agencies:member-list"))

    def test_the_recommendation_pages_of_the_supervisor_and_the_secretary(self):
        self.check(
            self.tuan, reverse("monitoring:agency-recommendation-create", args=[self.agency.pk])
        )
        self.check(self.lan, reverse("monitoring:recommendation-list"))
