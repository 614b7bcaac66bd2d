"""A province of a hundred communes and more: the inspection plan's agency picker and the
dashboard's compact agency list cost the same number of queries for 20 agencies as for 200,
and the list shows warnings as short tags carrying their full label."""

from django.test import TestCase
from django.urls import reverse

from qms.agencies.areas import area_served
from qms.agencies.models import Agency
from qms.agencies.roles import Role
from tests.helpers import count_queries, make_agency, make_province, make_user
from tests.monitoring.builders import Team


def add_communes(province: Agency, first: int, count: int) -> None:
    """``count`` communes of the province, written at once (the picker and the list only read
    them; agency_create would give each its roles, which these pages never touch)."""
    Agency.objects.bulk_create(
        Agency(
            name=f"UBND xã Số {n}",
            code=f"xa-{n}",
            level=Agency.Level.COMMUNE,
            parent=province,
            province=province,
            iso_mandatory=False,
        )
        for n in range(first, first + count)
    )


class ManyCommunesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("Ủy ban nhân dân tỉnh Lâm Đồng")
        cls.tuan = make_user("Ngô Anh Tuấn", cls.province, [Role.SUPERVISOR])
        cls.sotp = make_agency("Sở Tư pháp", province=cls.province)
        team = Team(cls.sotp, "STP")
        team.applying()
        add_communes(cls.province, 1, 19)

    def setUp(self):
        self.client.force_login(self.tuan)

    def test_the_picker_and_the_list_keep_their_query_counts_from_20_to_200_agencies(self):
        pages = {
            "picker": reverse("monitoring:inspection-plan-create"),
            "list": reverse("monitoring:dashboard"),
            "list, communes only": reverse("monitoring:dashboard") + "?level=commune",
        }
        few = {
            name: count_queries(lambda url=url: self.client.get(url)) for name, url in pages.items()
        }
        add_communes(self.province, 20, 180)
        response = self.client.get(pages["picker"])
        self.assertEqual(response.content.decode().count("data-picker-row"), 200)
        for name, url in pages.items():
            with self.subTest(page=name):
                self.assertEqual(count_queries(lambda url=url: self.client.get(url)), few[name])

    def test_warnings_are_short_tags_with_their_full_label(self):
        response = self.client.get(reverse("monitoring:dashboard"))
        row = next(
            item for item in response.context["page_rows"] if item["row"].agency == self.sotp
        )
        self.assertIn(
            (
                "Chưa ĐGNB 12 tháng",
                "Không có báo cáo đánh giá nội bộ được phê duyệt trong 12 tháng",
            ),
            row["row"].warning_tags,
        )
        self.assertContains(
            response, 'title="Không có báo cáo đánh giá nội bộ được phê duyệt trong 12 tháng"'
        )


class AreaServedTests(TestCase):
    """ "Địa bàn" is the territory an agency serves, never its parent agency."""

    def test_a_commune_serves_itself_and_a_provincial_body_the_province(self):
        province = make_province("Ủy ban nhân dân tỉnh Lâm Đồng")
        sotp = make_agency("Sở Tư pháp tỉnh Lâm Đồng", province=province)
        chi_cuc = make_agency(
            "Chi cục Tiêu chuẩn Đo lường Chất lượng",
            province=province,
            level=Agency.Level.SUB_DEPARTMENT,
        )
        chi_cuc.parent = sotp
        chi_cuc.save(update_fields=["parent"])
        ward = make_agency(
            "Ủy ban nhân dân phường Xuân Hương - Đà Lạt",
            province=province,
            level=Agency.Level.COMMUNE,
        )
        self.assertEqual(area_served(ward), "phường Xuân Hương - Đà Lạt")
        self.assertEqual(area_served(sotp), "tỉnh Lâm Đồng")
        # The Chi cục sits under a Sở but serves the province.
        self.assertEqual(area_served(chi_cuc), "tỉnh Lâm Đồng")
        supervisor = make_user("Ngô Anh Tuấn", province, [Role.SUPERVISOR])
        self.client.force_login(supervisor)
        response = self.client.get(reverse("monitoring:dashboard"))
        rows = {item["row"].agency: item["values"] for item in response.context["page_rows"]}
        area = response.context["columns"].index("Địa bàn")
        self.assertEqual(rows[ward][area], "phường Xuân Hương - Đà Lạt")
        self.assertEqual(rows[chi_cuc][area], "tỉnh Lâm Đồng")
