"""The Sở KH&CN's supervisor reads the province's coverage, filters it and drills down into
one agency's read-only summary."""

import re
from datetime import timedelta

from django.utils import timezone

from qms.agencies.models import Agency
from qms.agencies.roles import Role
from qms.monitoring.selectors.status import Status
from tests.e2e.browser import BrowserTestCase, expect
from tests.helpers import make_agency, make_document, make_province, make_user
from tests.monitoring.builders import Team

TODAY = timezone.localdate()


class SupervisionJourneyTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.province = make_province("UBND tỉnh Lâm Đồng")
        # Tuấn, the province's supervisor at the Sở KH&CN.
        self.tuan = make_user("Ngô Anh Tuấn", self.province, [Role.SUPERVISOR])
        # Sở Tư pháp announced its system; Xã Lát is still drafting its first procedure.
        self.sotp = make_agency("Sở Tư pháp", province=self.province)
        team = Team(self.sotp, "Sở Tư pháp")
        team.announce([team.applying()], on=TODAY - timedelta(days=10))
        self.lat = make_agency("Xã Lát", province=self.province, level=Agency.Level.COMMUNE)
        make_document(self.lat, make_user("Thư ký Xã Lát", self.lat, [Role.ISO_SECRETARY]))

    def test_the_supervisor_filters_the_coverage_and_opens_an_agency(self):
        page = self.signed_in(self.tuan)
        self.open(page, "/supervision/")
        main = page.locator("main")
        expect(main).to_contain_text("Sở Tư pháp")
        expect(main).to_contain_text("Xã Lát")

        page.select_option("[name=status]", Status.ANNOUNCED)
        self.submit(page, "main form[method=get] button[type=submit]")
        expect(main.locator("table a", has_text="Sở Tư pháp")).to_be_visible()
        expect(main.locator("table a", has_text="Xã Lát")).to_have_count(0)

        with page.expect_navigation():
            main.locator("table a", has_text="Sở Tư pháp").click()
        expect(page).to_have_url(re.compile(rf"/supervision/agencies/{self.sotp.pk}/$"))
        expect(page.locator("main h1")).to_contain_text("Sở Tư pháp")
        # Read-only: the summary offers no form that would change the agency's data.
        expect(page.locator("main form[method=post]")).to_have_count(0)


# The number of text lines each cell of a row shows: a cell whose visible text wraps gives a
# second distinct line top among the boxes of its text (text only for screen readers aside).
LINES_PER_CELL = """tr => [...tr.cells].map(td => {
  const tops = new Set();
  const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode;
    if (!text.data.trim() || text.parentElement.closest('.visually-hidden')) continue;
    const range = document.createRange();
    range.selectNodeContents(text);
    for (const box of range.getClientRects()) tops.add(Math.round(box.top));
  }
  return tops.size;
})"""


class CompactListJourneyTests(BrowserTestCase):
    """The dashboard's agency list on a 1366 px laptop: each agency on one line, the long
    names of wards after the 2025 merger and a row of warnings included."""

    def setUp(self):
        super().setUp()
        self.province = make_province("Ủy ban nhân dân tỉnh Lâm Đồng")
        self.tuan = make_user("Ngô Anh Tuấn", self.province, [Role.SUPERVISOR])
        commune = Agency.Level.COMMUNE
        for name in (
            "Ủy ban nhân dân phường Xuân Hương - Đà Lạt",
            "Ủy ban nhân dân phường Lang Biang - Đà Lạt",
            "Ủy ban nhân dân xã Quảng Khê - huyện Đắk Glong cũ",
        ):
            ward = make_agency(name, province=self.province, level=commune)
            Team(ward, name).applying()  # applying, with no audit nor review: two warnings
        sotp = make_agency("Sở Tư pháp tỉnh Lâm Đồng", province=self.province)
        team = Team(sotp, "Sở Tư pháp")
        team.announce([team.applying()], on=TODAY - timedelta(days=10))

    def test_each_agency_takes_one_line_at_1366_px(self):
        page = self.signed_in(self.tuan, viewport={"width": 1366, "height": 768})
        self.open(page, "/supervision/")
        rows = page.locator("#agencies tbody tr")
        expect(rows).to_have_count(4)
        expect(page.locator("#agencies .qms-warning-tags .badge").first).to_be_visible()
        for index in range(4):
            row = rows.nth(index)
            with self.subTest(row=row.locator("td").first.inner_text()):
                self.assertEqual(max(row.evaluate(LINES_PER_CELL)), 1)
        # Nor does the list scroll sideways in its box.
        self.assertTrue(
            page.locator("#agencies").evaluate(
                "table => table.parentElement.scrollWidth <= table.parentElement.clientWidth"
            )
        )


class AgencyPickerJourneyTests(BrowserTestCase):
    """Drafting an inspection plan in a province of many communes: the supervisor finds the
    agencies by a name typed without diacritics, narrows them by level, and ticks every one
    shown at once; the plan gets exactly those."""

    def setUp(self):
        super().setUp()
        self.province = make_province("UBND tỉnh Lâm Đồng")
        self.tuan = make_user("Ngô Anh Tuấn", self.province, [Role.SUPERVISOR])
        self.sotp = make_agency("Sở Tư pháp", province=self.province)
        commune = Agency.Level.COMMUNE
        self.wards = [
            make_agency(f"UBND phường {name}", province=self.province, level=commune)
            for name in ("Xuân Hương - Đà Lạt", "Cam Ly - Đà Lạt", "Lâm Viên - Đà Lạt")
        ]
        for name in ("Di Linh", "Đức Trọng", "Hiệp Thạnh", "Lạc Dương", "Đơn Dương"):
            make_agency(f"UBND xã {name}", province=self.province, level=commune)

    def test_search_filter_and_select_all_shown(self):
        page = self.signed_in(self.tuan)
        self.open(page, "/supervision/inspections/new/")
        picker = page.locator("[data-agency-picker]")
        search = picker.locator("[data-picker-search]")
        search.fill("da lat")
        rows = picker.locator("[data-picker-row]:visible")
        expect(rows).to_have_count(3)
        picker.locator("[data-picker-all]").click()
        expect(picker.locator("[data-picker-count]")).to_contain_text("3")
        # The level filter: departments only; the three ticked wards stay in sight.
        search.fill("")
        picker.locator("[data-picker-level]").select_option(Agency.Level.DEPARTMENT)
        expect(picker.locator("[data-picker-row]:visible", has_text="Sở Tư pháp")).to_be_visible()
        expect(picker.locator("[data-picker-row]:visible", has_text="xã Di Linh")).to_have_count(0)
        page.fill("[name=title]", "Kiểm tra các phường Đà Lạt năm 2026")
        year = page.input_value("[name=year]")
        page.fill("[name=starts_on]", f"01/09/{year}")
        page.fill("[name=ends_on]", f"30/09/{year}")
        page.locator("[name=team]").first.check()
        self.submit(page, "main form[method=post] button[type=submit]")
        expect(page.locator("main h1")).to_contain_text("Kiểm tra các phường Đà Lạt")
        table = page.locator("#inspections")
        for ward in self.wards:
            expect(table).to_contain_text(ward.name)
        expect(table).not_to_contain_text("xã Di Linh")
        expect(table).not_to_contain_text("Sở Tư pháp")
