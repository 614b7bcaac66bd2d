"""A drafter inserts a step in the middle of a procedure and moves it with the keyboard, on a
laptop and on a 390 px phone; the edit page has no critical or serious axe-core violation."""

import unittest

from django.urls import reverse

from documents.services import revisions as flow
from qms.agencies.roles import Role
from tests.e2e.browser import BrowserTestCase, expect, vi
from tests.helpers import make_agency, make_document, make_user

try:
    from axe_playwright_python.sync_playwright import Axe
except ImportError:  # the dev extra is not installed
    Axe = None

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
PAGE_SCROLLS_SIDEWAYS = (
    "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
)
STICKING_OUT = """() => {
  const width = document.documentElement.clientWidth;
  const out = el => el.getBoundingClientRect().right > width + 1;
  return [...document.querySelectorAll('body *')]
    .filter(el => out(el) && !out(el.parentElement))
    .map(el => el.tagName + '.' + [...el.classList].join('.'));
}"""
STEPS = [
    {"content": "Tiếp nhận hồ sơ", "responsible": "Công chức một cửa", "duration_days": 1},
    {"content": "Thẩm định hồ sơ", "responsible": "Phòng Tư pháp", "duration_days": 2},
    {"content": "Trả kết quả", "responsible": "Công chức một cửa", "duration_days": 1},
]
NEW_STEP = "Xin ý kiến Phòng Hộ tịch"


class RevisionStepsJourneyTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        if Axe is None:
            raise unittest.SkipTest(
                "axe-playwright-python is not installed: pip install -e '.[dev]'"
            )
        agency = make_agency("Sở Tư pháp")
        # Hùng drafts the procedures of Sở Tư pháp.
        self.hung = make_user("Trần Văn Hùng", agency, [Role.DRAFTER])
        document = make_document(agency, self.hung, "Quy trình chứng thực bản sao")
        self.revision = document.revisions.get()
        flow.revision_update_content(
            revision=self.revision,
            by=self.hung,
            purpose="Quy định trình tự chứng thực bản sao từ bản chính.",
            steps=STEPS,
        )
        self.path = reverse("documents:revision-edit", args=[self.revision.pk])

    def saved_steps(self) -> list[str]:
        return list(self.revision.steps.order_by("order").values_list("content", flat=True))

    def assert_no_serious_violation(self, page, width: int):
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
        self.assertEqual(serious, [], f"{self.path} at {width} px")

    def test_a_step_inserted_after_step_1_and_moved_down_is_saved_in_place(self):
        page = self.signed_in(self.hung, viewport=LAPTOP)
        self.open(page, self.path)
        self.assert_no_serious_violation(page, LAPTOP["width"])
        page.get_by_role("button", name=vi("Insert a step below step %(n)s") % {"n": 1}).click()
        # The new row is step 2, its task has the focus.
        new_task = page.locator("[name=steps-1-content]")
        expect(new_task).to_be_focused()
        page.keyboard.type(NEW_STEP)
        expect(page.locator("[name=steps-2-content]")).to_have_value("Thẩm định hồ sơ")
        # Moved down and back up with the keyboard alone.
        down = page.get_by_role("button", name=vi("Move step %(n)s down") % {"n": 2})
        down.focus()
        page.keyboard.press("Enter")
        expect(page.locator("[name=steps-2-content]")).to_have_value(NEW_STEP)
        up = page.get_by_role("button", name=vi("Move step %(n)s up") % {"n": 3})
        expect(up).to_be_visible()
        up.focus()
        page.keyboard.press("Enter")
        expect(page.locator("[name=steps-1-content]")).to_have_value(NEW_STEP)
        # The blank rows the server sent are deleted like any other.
        page.get_by_role("button", name=vi("Delete step %(n)s") % {"n": 7}).click()
        # Away from the buttons: axe would measure a hovered button mid-transition.
        page.mouse.move(0, 0)
        page.wait_for_timeout(400)
        self.assert_no_serious_violation(page, LAPTOP["width"])
        self.submit(page, "main form button[type=submit]:not([name])")
        expect(page.locator("main")).to_contain_text(NEW_STEP)
        self.assertEqual(
            self.saved_steps(),
            ["Tiếp nhận hồ sơ", NEW_STEP, "Thẩm định hồ sơ", "Trả kết quả"],
        )

    def test_the_edit_page_fits_a_phone_and_its_rows_are_cards(self):
        page = self.signed_in(self.hung, viewport=PHONE)
        self.open(page, self.path)
        self.assertFalse(page.evaluate(PAGE_SCROLLS_SIDEWAYS), page.evaluate(STICKING_OUT))
        self.assert_no_serious_violation(page, PHONE["width"])
        page.get_by_role("button", name=vi("Delete step %(n)s") % {"n": 2}).click()
        self.assertFalse(page.evaluate(PAGE_SCROLLS_SIDEWAYS), page.evaluate(STICKING_OUT))
        self.submit(page, "main form button[type=submit]:not([name])")
        self.assertEqual(self.saved_steps(), ["Tiếp nhận hồ sơ", "Trả kết quả"])
