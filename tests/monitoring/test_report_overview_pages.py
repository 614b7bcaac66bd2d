"""The annual reports overview in pages: every agency appears on exactly one page, the year
chosen is kept in the page links, an out-of-range page shows the last one, and the query
count stays flat from page to page and as agencies are added."""

from django.urls import reverse

from qms.monitoring.models import AnnualReport
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
