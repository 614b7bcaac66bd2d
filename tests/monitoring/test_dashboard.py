"""The supervisor's coverage dashboard, its exports and the agency summary, against known data."""

import io
import subprocess
from datetime import date, timedelta

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from qms.agencies.models import Agency
from qms.agencies.roles import Role
from qms.monitoring.selectors.status import Status
from tests.helpers import (
    LadderMixin,
    count_queries,
    make_agency,
    make_document,
    make_province,
    make_user,
)
from tests.monitoring.builders import Team

TODAY = timezone.localdate()
L = Agency.Level


class DashboardTests(LadderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("UBND tỉnh Lâm Đồng")
        # Tuấn, the province's supervisor at the Sở KH&CN.
        cls.supervisor = make_user("Tuấn", cls.province, [Role.SUPERVISOR])
        district = make_agency("UBND huyện Lạc Dương", province=cls.province, level=L.DISTRICT)
        # Sở Tư pháp: maintained. Sở Y tế: announced. Xã Lát: applying. Xã Đạ Nhim: building.
        # Xã Đạ Chais (encouraged): not started. The district itself: not started.
        cls.sotp = make_agency("Sở Tư pháp", province=cls.province)
        cls.soyt = make_agency("Sở Y tế", province=cls.province)
        cls.lat = make_agency("Xã Lát", province=district, level=L.COMMUNE)
        cls.danhim = make_agency("Xã Đạ Nhim", province=district, level=L.COMMUNE)
        cls.dachais = make_agency(
            "Xã Đạ Chais",
            province=district,
            level=L.COMMUNE,
            iso_mandatory=False,
        )
        cls.teams = {}
        for agency in (cls.sotp, cls.soyt, cls.lat):
            cls.teams[agency.pk] = team = Team(agency, agency.name)
            procedure = team.applying()
            if agency != cls.lat:
                team.announce([procedure], on=TODAY - timedelta(days=10))
        sotp = cls.teams[cls.sotp.pk]
        sotp.audit_closed(TODAY - timedelta(days=40))
        sotp.review_approved(TODAY - timedelta(days=30))
        # A restricted procedure made effective after the announcement: a drift, never named.
        sotp.effective("Quy trình mật về hồ sơ nhân sự", restricted=True)
        cls.danhim_secretary = make_user("Thư ký Đạ Nhim", cls.danhim, [Role.ISO_SECRETARY])
        make_document(cls.danhim, cls.danhim_secretary, "Quy trình đang soạn")
        # Khánh, supervisor of another province, with one agency of his own.
        other = make_province("UBND tỉnh Khánh Hòa")
        make_agency("Sở Tư pháp Khánh Hòa", province=other)
        cls.foreign_supervisor = make_user("Khánh", other, [Role.SUPERVISOR])

    def get(self, name="monitoring:dashboard", **params):
        self.client.force_login(self.supervisor)
        return self.client.get(reverse(name), params)

    def test_the_ladder(self):
        self.assert_ladder(
            reverse("monitoring:dashboard"),
            outsider=None,
            wrong_role=self.teams[self.sotp.pk].secretary,
            right_role=self.supervisor,
        )

    def test_the_figures_by_status_level_area_and_obligation(self):
        coverage = self.get().context["coverage"]
        self.assertEqual(
            coverage.total.counts,
            {
                Status.NOT_STARTED: 2,
                Status.BUILDING: 1,
                Status.APPLYING: 1,
                Status.ANNOUNCED: 1,
                Status.MAINTAINED: 1,
            },
        )
        by_level = {group.label: (group.total, group.announced) for group in coverage.by_level}
        self.assertEqual(by_level[str(L.DEPARTMENT.label)], (2, 2))
        self.assertEqual(by_level[str(L.COMMUNE.label)], (3, 0))
        by_area = {group.label: group.total for group in coverage.by_area}
        self.assertEqual(by_area["UBND huyện Lạc Dương"], 3)
        self.assertEqual([group.total for group in coverage.by_obligation], [5, 1])
        names = {row.agency.name for row in coverage.rows}
        self.assertNotIn("Sở Tư pháp Khánh Hòa", names)

    def test_the_list_filters_and_sorts(self):
        response = self.get(status=Status.NOT_STARTED, sort="name", descending="on")
        names = [item["row"].agency.name for item in response.context["page_rows"]]
        self.assertEqual(names, ["Xã Đạ Chais", "UBND huyện Lạc Dương"])
        response = self.get(mandatory="no")
        self.assertEqual([i["row"].agency for i in response.context["page_rows"]], [self.dachais])
        response = self.get(warned="on", level=L.DEPARTMENT)
        self.assertEqual([i["row"].agency for i in response.context["page_rows"]], [self.soyt])

    def test_figures_as_of_a_past_day(self):
        last_year = date(TODAY.year - 1, 12, 31)
        coverage = self.get(as_of=last_year.strftime("%d/%m/%Y")).context["coverage"]
        self.assertEqual(coverage.as_of, last_year)
        self.assertEqual(coverage.total.counts[Status.NOT_STARTED], 6)

    def test_a_future_day_is_refused(self):
        response = self.get(as_of=(TODAY + timedelta(days=1)).strftime("%d/%m/%Y"))
        self.assertIn("as_of", response.context["form"].errors)
        self.assertEqual(response.context["coverage"].as_of, TODAY)

    def test_the_xlsx_holds_the_same_figures(self):
        response = self.get("monitoring:coverage-xlsx")
        self.assertEqual(response.status_code, 200)
        book = load_workbook(io.BytesIO(response.content))
        figures, agencies = book.worksheets
        counts = [row[1] for row in figures.iter_rows(min_row=5, max_row=9, values_only=True)]
        self.assertEqual(counts, [2, 1, 1, 1, 1])
        names = [row[0] for row in agencies.iter_rows(min_row=2, values_only=True)]
        self.assertEqual(len(names), 6)
        self.assertIn("Sở Tư pháp", names)

    def test_the_pdf_report_holds_the_same_figures(self):
        response = self.get("monitoring:coverage-pdf")
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
        ).stdout.decode()
        text = " ".join(text.split())
        self.assertIn("UBND TỈNH LÂM ĐỒNG", text.upper())
        self.assertIn("Xã Đạ Nhim", text)
        self.assertNotIn("Khánh Hòa", text)

    def test_the_agency_summary_for_the_supervisor(self):
        url = reverse("monitoring:agency-detail", args=[self.sotp.pk])
        self.client.force_login(self.supervisor)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["status"].status, Status.MAINTAINED)
        self.assertTrue(response.context["drifted"])
        self.assertEqual(response.context["drift_hidden"], 1)
        self.assertNotContains(response, "Quy trình mật")
        # The agency's own secretary has no supervision role: 403; others: 404.
        self.client.force_login(self.teams[self.sotp.pk].secretary)
        self.assertEqual(self.client.get(url).status_code, 403)
        for outsider in (self.foreign_supervisor, self.danhim_secretary):
            self.client.force_login(outsider)
            self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_foreign_supervisor_sees_only_his_province(self):
        self.client.force_login(self.foreign_supervisor)
        coverage = self.client.get(reverse("monitoring:dashboard")).context["coverage"]
        self.assertEqual([row.agency.name for row in coverage.rows], ["Sở Tư pháp Khánh Hòa"])


class DashboardQueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("UBND tỉnh Lâm Đồng")
        # Tuấn, the province's supervisor.
        cls.supervisor = make_user("Tuấn", cls.province, [Role.SUPERVISOR])

    def add(self, count: int, start: int) -> None:
        for index in range(start, start + count):
            agency = make_agency(f"Xã {index}", province=self.province, level=L.COMMUNE)
            make_document(agency, make_user(f"Thư ký {index}", agency, [Role.ISO_SECRETARY]))

    def test_the_count_is_the_same_for_3_and_12_agencies(self):
        self.client.force_login(self.supervisor)
        self.add(3, 0)
        urls = [reverse(name) for name in ("monitoring:dashboard", "monitoring:coverage-xlsx")]
        urls.append(reverse("monitoring:framework") + "?level=commune")
        few = [count_queries(lambda url=url: self.client.get(url)) for url in urls]
        self.add(9, 3)
        many = [count_queries(lambda url=url: self.client.get(url)) for url in urls]
        self.assertEqual(few, many)


class SatisfactionColumnTests(TestCase):
    def test_each_agency_shows_its_citizen_satisfaction_of_the_last_12_months(self):
        from tests.audits.satisfaction_builders import give, make_survey

        province = make_province("UBND tỉnh Lâm Đồng")
        # Tuấn, the province's supervisor.
        supervisor = make_user("Tuấn", province, [Role.SUPERVISOR])
        agency = make_agency("Sở Tư pháp", province=province)
        survey = make_survey(agency, make_user("Lan", agency, [Role.ISO_SECRETARY]))
        for overall in (5, 4, 4, 2):
            give(survey, 5, 5, 5, 5, overall)
        # An answer older than 12 months does not count.
        give(survey, 1, 1, 1, 1, 1, at=timezone.now() - timedelta(days=400))
        self.client.force_login(supervisor)
        coverage = self.client.get(reverse("monitoring:dashboard")).context["coverage"]
        row = next(row for row in coverage.rows if row.agency == agency)
        self.assertEqual((row.satisfaction.answers, row.satisfaction.percent), (4, 75.0))
