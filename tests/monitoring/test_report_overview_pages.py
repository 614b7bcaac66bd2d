"""The annual reports overview in pages: every agency appears on exactly one page, the year
chosen is kept in the page links, an out-of-range page shows the last one, the query count
stays flat from page to page and as agencies are added; and the list narrowed by name, level
and report state."""

from datetime import date

import time_machine
from django.urls import reverse

from qms.agencies.models import Agency
from qms.monitoring.models import AnnualReport
from qms.monitoring.selectors.reports import (
    REPORT_STATE_LABELS,
    ReportState,
    agencies_in_state,
    report_rows,
    reporting_agencies,
)
from qms.monitoring.services import reports as service
from qms.monitoring.views.common import PAGE_SIZE
from tests.helpers import count_queries, make_agency
from tests.monitoring.fixtures import SupervisionFixture
from tests.monitoring.test_annual_reports import TODAY, filled, make_template


class ReportOverviewPagesTests(SupervisionFixture):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.template = make_template(cls.province, cls.tuan)
        report = service.report_start(template=cls.template, agency=cls.a, by=cls.lan)
        service.report_save(report=report, by=cls.lan, values=filled(cls.template))
        service.report_submit(report=report, by=cls.lan)
        # Enough agencies of the province to fill more than one page (A and B make two more).
        for n in range(PAGE_SIZE):
            make_agency(f"Ủy ban nhân dân xã số {n:02d}", province=cls.province)
        cls.total = PAGE_SIZE + 2

    def overview(self, **params):
        self.client.force_login(self.tuan)
        return self.client.get(reverse("monitoring:report-overview"), params)

    def test_every_agency_is_on_exactly_one_page(self):
        first, second = self.overview(year=TODAY.year), self.overview(year=TODAY.year, page=2)
        names = [row.agency.name for row in first.context["rows"]]
        names += [row.agency.name for row in second.context["rows"]]
        self.assertEqual(len(first.context["rows"]), PAGE_SIZE)
        self.assertEqual(len(names), self.total)
        self.assertEqual(len(set(names)), self.total)
        self.assertEqual(first.context["page"].paginator.count, self.total)
        self.assertEqual(first.context["submitted_count"], 1)
        rows = [*first.context["rows"], *second.context["rows"]]
        row = next(r for r in rows if r.agency == self.a)
        self.assertTrue(row.submitted)
        self.assertEqual(row.report.status, AnnualReport.Status.SUBMITTED)

    def test_the_page_links_keep_the_year(self):
        response = self.overview(year=TODAY.year)
        self.assertEqual(response.context["query"], f"year={TODAY.year}")
        self.assertContains(response, f"?year={TODAY.year}&amp;page=2")
        response = self.overview(year=TODAY.year, page=2)
        self.assertEqual(response.context["query"], f"year={TODAY.year}")

    def test_a_page_out_of_range_shows_the_last_page(self):
        for page in ("99", "abc"):
            with self.subTest(page):
                response = self.overview(year=TODAY.year, page=page)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["rows"])

    def test_a_year_without_a_form_still_answers(self):
        response = self.overview(year=TODAY.year - 5)
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(response.context["template"])
        self.assertEqual(response.context["rows"], [])

    def test_the_query_count_is_flat_across_pages_and_as_agencies_are_added(self):
        self.overview()  # warm the session and the caches of the permissions
        first = count_queries(lambda: self.overview(year=TODAY.year))
        second = count_queries(lambda: self.overview(year=TODAY.year, page=2))
        self.assertEqual(first, second)
        for n in range(3):
            make_agency(f"Ban quản lý số {n}", province=self.province)
        self.assertEqual(count_queries(lambda: self.overview(year=TODAY.year, page=2)), second)


FILTER_CLOCK = time_machine.travel("2026-12-15 09:00 +07:00", tick=False)


@FILTER_CLOCK
class ReportOverviewFilterTests(SupervisionFixture):
    """The list narrowed by name, level and where the report stands, on 15 December 2026 with
    the deadline on 10 December: Sở Tư pháp submitted on the 9th, Sở Y tế on the 12th (late),
    and the thirty communes have submitted nothing."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with time_machine.travel("2026-11-20 09:00 +07:00", tick=False):
            cls.template = make_template(
                cls.province, cls.tuan, year=2026, deadline=date(2026, 12, 10)
            )
        for agency, secretary, day in ((cls.a, cls.lan, 9), (cls.b, cls.binh, 12)):
            with time_machine.travel(f"2026-12-{day:02d} 16:00 +07:00", tick=False):
                report = service.report_start(template=cls.template, agency=agency, by=secretary)
                service.report_save(report=report, by=secretary, values=filled(cls.template))
                service.report_submit(report=report, by=secretary)
        for n in range(30):
            make_agency(
                f"Ủy ban nhân dân xã Đạ {n:02d}", province=cls.province, level=Agency.Level.COMMUNE
            )
        cls.xuan_huong = make_agency(
            "Ủy ban nhân dân phường Xuân Hương - Đà Lạt",
            province=cls.province,
            level=Agency.Level.COMMUNE,
        )

    def names(self, **params) -> list[str]:
        self.client.force_login(self.tuan)
        response = self.client.get(reverse("monitoring:report-overview"), {"year": 2026, **params})
        self.assertEqual(response.status_code, 200)
        return [row.agency.name for row in response.context["rows"]]

    def test_each_state_lists_exactly_the_agencies_in_it(self):
        self.assertEqual(self.names(state=ReportState.SUBMITTED), [self.a.name])
        self.assertEqual(self.names(state=ReportState.SUBMITTED_LATE), [self.b.name])
        overdue = self.names(state=ReportState.OVERDUE)
        self.assertEqual(len(overdue), PAGE_SIZE)  # 31 overdue: the first page of them
        self.assertNotIn(self.a.name, overdue)
        self.assertEqual(self.names(state=ReportState.NOT_DUE), [])

    def test_the_state_filter_agrees_with_the_state_each_row_shows(self):
        agencies = reporting_agencies(self.province)
        rows = report_rows(self.template)
        for state in REPORT_STATE_LABELS:
            with self.subTest(state=state):
                self.assertEqual(
                    set(agencies_in_state(agencies, self.template, state)),
                    {row.agency for row in rows if row.state == state},
                )

    def test_before_the_deadline_nothing_is_overdue(self):
        with time_machine.travel("2026-12-10 20:00 +07:00", tick=False):
            self.assertEqual(self.names(state=ReportState.OVERDUE), [])
            waiting = self.names(state=ReportState.NOT_DUE, level=Agency.Level.COMMUNE)
        self.assertEqual(len(waiting), PAGE_SIZE)

    def test_the_name_is_found_without_accents_or_case(self):
        for words in ("xuan huong", "XUÂN HƯƠNG", "Xuân"):
            with self.subTest(words=words):
                self.assertEqual(self.names(q=words), [self.xuan_huong.name])
        self.assertEqual(self.names(q="da 07"), ["Ủy ban nhân dân xã Đạ 07"])

    def test_filters_combine_keep_the_totals_and_carry_into_the_page_links(self):
        self.client.force_login(self.tuan)
        url = reverse("monitoring:report-overview")
        response = self.client.get(url, {"year": 2026, "level": "commune", "state": "overdue"})
        self.assertEqual(response.context["page"].paginator.count, 31)
        self.assertContains(response, "2/33 cơ quan đã nộp")
        self.assertContains(response, "level=commune&amp;state=overdue&amp;page=2")
        response = self.client.get(url, {"year": 2026, "q": "không có"})
        self.assertContains(response, "Không có cơ quan nào khớp với bộ lọc.")

    def test_an_unknown_filter_value_is_ignored(self):
        self.assertEqual(len(self.names(state="lost", level="planet")), PAGE_SIZE)

    def test_the_query_count_stays_flat_as_communes_are_added(self):
        self.client.force_login(self.tuan)
        url = reverse("monitoring:report-overview")
        params = {"year": 2026, "q": "xa", "state": "overdue"}
        self.client.get(url, params)
        before = count_queries(lambda: self.client.get(url, params))
        for n in range(40):
            make_agency(f"Ủy ban nhân dân xã Mới {n}", province=self.province)
        self.assertEqual(count_queries(lambda: self.client.get(url, params)), before)
