"""An auditor fills a long checklist on a tablet or a laptop without losing the place: saving
one item keeps the page where it was, and the checklist page passes axe-core at desktop and
phone widths."""

import unittest

from audits.models import ChecklistItem
from audits.services import checklists
from qms.agencies.roles import Role
from tests.e2e.browser import BrowserTestCase, expect, vi
from tests.helpers import make_agency, make_notified_audit, make_unit, make_user

try:
    from axe_playwright_python.sync_playwright import Axe
except ImportError:  # the dev extra is not installed
    Axe = None

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
EVIDENCE = "Sổ theo dõi tháng 6/2026: 25 hồ sơ, đều ghi ngày chuyển giữa các bước"


class ChecklistJourneyTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        agency = make_agency("Sở Tư pháp")
        audited = make_unit(agency, "Phòng Hành chính tư pháp")
        office = make_unit(agency, "Văn phòng Sở")
        # Lan, the ISO secretary, plans the audit.
        lan = make_user("Nguyễn Thị Lan", agency, [Role.ISO_SECRETARY])
        # Minh, the leader, approved the programme.
        minh = make_user("Phạm Văn Minh", agency, [Role.APPROVER])
        # Tâm, internal auditor from the office, answers the checklist.
        self.tam = make_user("Vũ Minh Tâm", agency, [Role.AUDITOR], unit=office)
        # Hoa, staff of the audited unit, is the auditee.
        hoa = make_user("Đỗ Thị Hoa", agency, [Role.STAFF], unit=audited)
        self.audit = make_notified_audit(
            agency, secretary=lan, approver=minh, lead=self.tam, auditee=hoa, units=[audited]
        )
        for number in range(1, 25):
            checklists.checklist_item_add(
                audit=self.audit,
                by=self.tam,
                question=f"Hồ sơ chứng thực số {number:02}/2026: có Phiếu kiểm soát quá trình "
                "giải quyết hồ sơ ghi đủ ngày chuyển giữa các bước?",
            )
        self.path = f"/quality/audit/{self.audit.pk}/checklist/"

    def test_saving_one_item_keeps_the_place(self):
        page = self.open(self.signed_in(self.tam, viewport=LAPTOP), self.path)
        item = self.audit.checklist.get(order=12)
        row = page.locator("#item-12")
        row.locator(f"label[for=result-{item.pk}-2]").click()
        row.locator("textarea").fill(EVIDENCE)
        save = row.locator("[data-save-item]")
        save.scroll_into_view_if_needed()
        before = page.evaluate("() => window.scrollY")
        self.assertGreater(before, 1000)  # far down the page, where the top would be lost
        save.click()
        expect(row.locator("[data-answer]")).to_contain_text(vi("Conforming"))
        expect(page.locator("[data-progress]")).to_contain_text("23")
        self.assertEqual(page.url, self.url(self.path))  # no reload
        self.assertLess(abs(page.evaluate("() => window.scrollY") - before), 5)
        self.assertTrue(save.evaluate("button => button === document.activeElement"))
        item.refresh_from_db()
        self.assertEqual((item.result, item.evidence), (ChecklistItem.Result.CONFORMING, EVIDENCE))
        # The next unanswered item is the first one, still waiting.
        expect(page.locator("[data-next]")).to_have_attribute("href", "#item-1")

    def test_an_item_saved_without_script_comes_back_to_its_anchor(self):
        page = self.open(
            self.signed_in(self.tam, viewport=PHONE, java_script_enabled=False), self.path
        )
        item = self.audit.checklist.get(order=18)
        row = page.locator("#item-18")
        row.locator(f"label[for=result-{item.pk}-5]").click()
        self.submit(page, "#item-18 [data-save-item]")
        self.assertTrue(page.url.endswith(f"{self.path}#item-18"))
        # The browser scrolls (smoothly) back to the item just saved.
        expect(page.locator("#item-18 h2")).to_be_in_viewport()
        item.refresh_from_db()
        self.assertEqual(item.result, ChecklistItem.Result.NOT_APPLICABLE)

    def test_the_checklist_page_passes_axe_at_desktop_and_phone_widths(self):
        if Axe is None:
            raise unittest.SkipTest(
                "axe-playwright-python is not installed: pip install -e '.[dev]'"
            )
        for viewport in (LAPTOP, PHONE):
            page = self.open(self.signed_in(self.tam, viewport=viewport), self.path)
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
            self.assertEqual(serious, [], f"checklist at {viewport['width']} px")
            wider = page.evaluate(
                "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
            )
            self.assertFalse(wider, f"the checklist scrolls sideways at {viewport['width']} px")
            page.context.close()
