"""The Ministry's national roll-up, its drill-down into a province and its export, against
hand-built data in two provinces."""

import io
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from qms.agencies.models import Agency
from qms.agencies.permissions import agency_permissions
from qms.agencies.roles import NATIONAL_SUPERVISION, Role
from qms.monitoring.selectors.national import maintained_by_province, national_coverage
from qms.monitoring.selectors.status import Status
from qms.monitoring.services.inspections import plan_create
from tests.helpers import (
    LadderMixin,
    count_queries,
    make_agency,
    make_document,
    make_ministry,
    make_province,
    make_user,
)
from tests.monitoring.builders import Team
from tests.navigation import navigation_of

TODAY = timezone.localdate()
PAST = date(TODAY.year - 2, 12, 31)
L = Agency.Level
S = Status


class NationalRollUpTests(LadderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ministry = make_ministry()
        # Hưng, supervisor at the Ministry: reads every province.
        cls.national = make_user("Phạm Quang Hưng", cls.ministry, [Role.SUPERVISOR])
        # Vy, staff of the Ministry without the supervisor role: reaches no province.
        cls.ministry_staff = make_user("Lê Thị Vy", cls.ministry, [Role.STAFF])
        cls.lamdong = make_province("UBND tỉnh Lâm Đồng")
        cls.khanhhoa = make_province("UBND tỉnh Khánh Hòa")
        # Tuấn, supervisor of Lâm Đồng only.
        cls.supervisor = make_user("Ngô Anh Tuấn", cls.lamdong, [Role.SUPERVISOR])
        # Lâm Đồng: Sở Tư pháp maintained (applying since January two years ago), Sở Y tế
        # announced, Xã Lát (encouraged) not started.
        cls.sotp = make_agency("Sở Tư pháp", province=cls.lamdong)
        cls.soyt = make_agency("Sở Y tế", province=cls.lamdong)
        make_agency("Xã Lát", province=cls.lamdong, level=L.COMMUNE, iso_mandatory=False)
        sotp, soyt = Team(cls.sotp, "Sở Tư pháp"), Team(cls.soyt, "Sở Y tế")
        cls.secretary = sotp.secretary
        sotp.announce([sotp.applying(on=date(TODAY.year - 2, 1, 10))], on=TODAY - timedelta(100))
        sotp.audit_closed(TODAY - timedelta(days=40))
        sotp.review_approved(TODAY - timedelta(days=30))
        soyt.announce([soyt.applying()], on=TODAY - timedelta(days=10))
        # Khánh Hòa: Sở Tư pháp building; a district merged on 1/7 last year.
        cls.sotp_kh = make_agency("Sở Tư pháp Khánh Hòa", province=cls.khanhhoa)
        kh_secretary = make_user("Thư ký Khánh Hòa", cls.sotp_kh, [Role.ISO_SECRETARY])
        make_document(cls.sotp_kh, kh_secretary, "Quy trình đang soạn")
        district = make_agency("UBND huyện Cam Lâm", province=cls.khanhhoa, level=L.DISTRICT)
        Agency.objects.filter(pk=district.pk).update(
            is_active=False, merged_into=cls.sotp_kh, merged_on=date(TODAY.year - 1, 7, 1)
        )

    def get(self, name="monitoring:national", args=(), user=None, **params):
        self.client.force_login(user or self.national)
        return self.client.get(reverse(name, args=args), params)

    def rows(self, response) -> dict:
        return {row.province.name: row for row in response.context["rows"]}

    def test_the_ladder(self):
        url = reverse("monitoring:national")
        self.assert_ladder(url, outsider=None, wrong_role=self.supervisor, right_role=self.national)
        for person in (self.secretary, self.ministry_staff):
            self.client.force_login(person)
            self.assertEqual(self.client.get(url).status_code, 403)
            self.assertEqual(self.client.get(reverse("monitoring:national-xlsx")).status_code, 403)

    def test_one_row_per_province_with_its_figures(self):
        rows = self.rows(self.get())
        self.assertEqual(set(rows), {"UBND tỉnh Lâm Đồng", "UBND tỉnh Khánh Hòa"})
        lamdong, khanhhoa = rows["UBND tỉnh Lâm Đồng"], rows["UBND tỉnh Khánh Hòa"]
        self.assertEqual(lamdong.total.status_counts(), [1, 0, 0, 1, 1])
        self.assertEqual(
            (lamdong.total.announced_percent, lamdong.maintained_percent), (66.7, 33.3)
        )
        # Sở Y tế: announced without an internal audit or a review yet.
        self.assertEqual(lamdong.warned, 1)
        self.assertEqual((lamdong.mandatory.total, lamdong.mandatory.announced), (2, 2))
        self.assertEqual((lamdong.encouraged.total, lamdong.encouraged.announced), (1, 0))
        # The merged district is gone today.
        self.assertEqual(khanhhoa.total.status_counts(), [0, 1, 0, 0, 0])
        self.assertEqual((khanhhoa.total.announced_percent, khanhhoa.warned), (0.0, 0))

    def test_the_national_totals_by_status_level_and_obligation(self):
        coverage = self.get().context["coverage"]
        self.assertEqual(coverage.total.status_counts(), [1, 1, 0, 1, 1])
        self.assertEqual((coverage.total.announced_percent, coverage.maintained_percent), (50, 25))
        levels = {group.label: group.status_counts() for group in coverage.by_level}
        self.assertEqual(
            levels,
            {str(L.DEPARTMENT.label): [0, 1, 0, 1, 1], str(L.COMMUNE.label): [1, 0, 0, 0, 0]},
        )
        self.assertEqual([group.total for group in coverage.by_obligation], [3, 1])
        self.assertEqual(coverage.warned, 1)

    def test_figures_as_of_31_12_of_a_past_year(self):
        response = self.get(as_of=PAST.strftime("%d/%m/%Y"))
        self.assertTrue(response.context["is_past"])
        rows = self.rows(response)
        # Sở Tư pháp applied then, with no audit or review: warned. The district still existed.
        lamdong = rows["UBND tỉnh Lâm Đồng"]
        self.assertEqual(lamdong.total.status_counts(), [2, 0, 1, 0, 0])
        self.assertEqual(lamdong.warned, 1)
        self.assertEqual(rows["UBND tỉnh Khánh Hòa"].total.status_counts(), [2, 0, 0, 0, 0])
        # The drill-down keeps the day.
        self.assertContains(response, "?as_of=" + PAST.strftime("%d/%m/%Y").replace("/", "%2F"))

    def test_the_maintained_share_has_one_rule_for_the_roll_up_and_the_attention_list(self):
        # Lâm Đồng's Sở Tư pháp maintains its system (audit 40 days ago, review 30): counted the
        # same way by the roll-up and by the aggregate the provinces to look at compare with.
        for day in (TODAY, TODAY - timedelta(days=35), TODAY - timedelta(days=45), PAST):
            with self.subTest(day=day):
                rolled_up = {
                    row.province.pk: row.maintained_percent
                    for row in national_coverage(as_of=day).provinces
                }
                self.assertEqual(maintained_by_province(as_of=day), rolled_up)
        self.assertGreater(maintained_by_province(as_of=TODAY)[self.lamdong.pk], 0)

    def test_a_future_day_is_refused(self):
        response = self.get(as_of=(TODAY + timedelta(days=1)).strftime("%d/%m/%Y"))
        self.assertIn("as_of", response.context["form"].errors)
        self.assertEqual(response.context["coverage"].as_of, TODAY)

    def test_the_provinces_sort(self):
        names = [row.province.name for row in self.get(sort="announced").context["rows"]]
        self.assertEqual(names, ["UBND tỉnh Khánh Hòa", "UBND tỉnh Lâm Đồng"])
        names = [
            row.province.name for row in self.get(sort="name", descending="on").context["rows"]
        ]
        self.assertEqual(names, ["UBND tỉnh Lâm Đồng", "UBND tỉnh Khánh Hòa"])

    def test_the_xlsx_holds_the_same_figures(self):
        response = self.get("monitoring:national-xlsx", sort="agencies", descending="on")
        self.assertEqual(response.status_code, 200)
        figures, provinces = load_workbook(io.BytesIO(response.content)).worksheets
        counts = [row[1] for row in figures.iter_rows(min_row=5, max_row=9, values_only=True)]
        self.assertEqual(counts, [1, 1, 0, 1, 1])
        rows = list(provinces.iter_rows(min_row=2, values_only=True))
        self.assertEqual(
            rows,
            [
                ("UBND tỉnh Lâm Đồng", 3, 1, 0, 0, 1, 1, 66.7, 33.3, 1, 2, 2, 1, 0),
                ("UBND tỉnh Khánh Hòa", 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0),
            ],
        )

    def test_the_drill_down_into_a_province(self):
        response = self.get("monitoring:national-province", args=[self.khanhhoa.pk])
        self.assertEqual(response.context["coverage"].province, self.khanhhoa)
        self.assertEqual(
            [item["row"].agency for item in response.context["page_rows"]], [self.sotp_kh]
        )
        xlsx = self.get("monitoring:national-province-xlsx", args=[self.khanhhoa.pk])
        self.assertEqual(xlsx.status_code, 200)
        names = [row[0] for row in load_workbook(io.BytesIO(xlsx.content)).worksheets[1].values]
        self.assertEqual(names[1:], ["Sở Tư pháp Khánh Hòa"])
        pdf = self.get("monitoring:national-province-pdf", args=[self.khanhhoa.pk])
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        detail = self.get("monitoring:agency-detail", args=[self.sotp_kh.pk])
        self.assertEqual(detail.context["status"].status, S.BUILDING)
        # An agency's id opens its province; the Ministry itself is no province.
        response = self.get("monitoring:national-province", args=[self.sotp.pk])
        self.assertEqual(response.context["coverage"].province, self.lamdong)
        response = self.get("monitoring:national-province", args=[self.ministry.pk])
        self.assertEqual(response.status_code, 404)

    def test_a_province_supervisor_stays_in_his_province(self):
        def status(name, pk):
            return self.get(name, args=[pk], user=self.supervisor).status_code

        self.assertEqual(status("monitoring:national-province", self.lamdong.pk), 403)
        self.assertEqual(status("monitoring:national-province", self.khanhhoa.pk), 404)
        self.assertEqual(status("monitoring:national-province-xlsx", self.khanhhoa.pk), 404)
        self.assertEqual(status("monitoring:agency-detail", self.sotp_kh.pk), 404)
        self.assertEqual(status("monitoring:agency-detail", self.sotp.pk), 200)
        # The Ministry's staff has no reach at all.
        self.client.force_login(self.ministry_staff)
        url = reverse("monitoring:national-province", args=[self.lamdong.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_ministry_reads_and_never_supervises_a_province(self):
        self.assertEqual(agency_permissions(self.national, self.sotp), {"view_qms"})
        self.assertEqual(agency_permissions(self.national, self.lamdong), {"view_qms"})
        self.assertIn(NATIONAL_SUPERVISION, agency_permissions(self.national, self.ministry))
        self.assertEqual(agency_permissions(self.ministry_staff, self.sotp), frozenset())
        self.assertNotIn(NATIONAL_SUPERVISION, agency_permissions(self.supervisor, self.lamdong))
        with self.assertRaises(PermissionDenied):
            plan_create(
                province=self.lamdong,
                by=self.national,
                year=TODAY.year,
                title="Kiểm tra",
                starts_on=TODAY,
                ends_on=TODAY,
                team=[self.national],
                agencies=[self.sotp],
            )

    def test_the_navigation_and_the_supervision_entry(self):
        # The Ministry's supervisor lands on the roll-up, which his menu names.
        self.assertRedirects(self.get("home"), reverse("monitoring:national"))
        self.assertIn(
            reverse("monitoring:national"), navigation_of(self.get("monitoring:national")).urls
        )
        self.assertRedirects(self.get("monitoring:dashboard"), reverse("monitoring:national"))
        province_supervisor = navigation_of(self.get("home", user=self.supervisor))
        self.assertNotIn(reverse("monitoring:national"), province_supervisor.urls)


class NationalQueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Hưng, supervisor at the Ministry.
        cls.national = make_user("Phạm Quang Hưng", make_ministry(), [Role.SUPERVISOR])

    def add_province(self, index: int) -> None:
        province = make_province(f"UBND tỉnh {index}")
        for number in range(index + 1):
            agency = make_agency(f"Xã {index}-{number}", province=province, level=L.COMMUNE)
            make_document(agency, make_user(f"Thư ký {index}", agency, [Role.ISO_SECRETARY]))

    def test_the_count_is_the_same_for_1_and_3_provinces(self):
        self.client.force_login(self.national)
        self.add_province(0)
        urls = [reverse("monitoring:national"), reverse("monitoring:national-xlsx")]
        few = [count_queries(lambda url=url: self.client.get(url)) for url in urls]
        self.add_province(1)
        self.add_province(2)
        many = [count_queries(lambda url=url: self.client.get(url)) for url in urls]
        self.assertEqual(few, many)
        self.assertEqual(len(self.client.get(urls[0]).context["rows"]), 3)
