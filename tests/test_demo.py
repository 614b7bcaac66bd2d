from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase

from documents.models import Document
from qms.agencies.models import Agency, AgencyRole, Unit, User
from qms.agencies.roles import Role
from tests.documents.demo_checks import DocumentDemoChecks


def snapshot():
    return {
        "agencies": Agency.objects.count(),
        "units": Unit.objects.count(),
        "users": User.objects.count(),
        "roles": AgencyRole.objects.count(),
        "memberships": User.groups.through.objects.count(),
        "agency_history": Agency.history.count(),
        "user_history": User.history.count(),
    }


class LoadDemoTests(DocumentDemoChecks, TestCase):
    @classmethod
    def setUpTestData(cls):
        out = StringIO()
        call_command("load_demo", stdout=out)
        cls.output = out.getvalue()
        cls.sotp = Agency.objects.get(code="sotp")
        cls.ward = Agency.objects.get(code="p-xuanhuong")

    def test_it_builds_the_lam_dong_province(self):
        province = Agency.objects.get(code="lamdong")
        self.assertEqual(province.name, "Ủy ban nhân dân tỉnh Lâm Đồng")
        names = set(Agency.objects.in_province(province).values_list("name", flat=True))
        for expected in (
            "Sở Khoa học và Công nghệ tỉnh Lâm Đồng",
            "Sở Tư pháp tỉnh Lâm Đồng",
            "Ủy ban nhân dân thành phố Đà Lạt",
            "Ủy ban nhân dân thành phố Bảo Lộc",
            "Ủy ban nhân dân phường Xuân Hương - Đà Lạt",
        ):
            self.assertIn(expected, names)
        levels = set(Agency.objects.values_list("level", flat=True))
        self.assertEqual(levels, set(Agency.Level.values))

    def test_the_2025_mergers_keep_history(self):
        dalat = Agency.objects.get(code="tp-dalat")
        self.assertFalse(dalat.is_active)
        self.assertEqual(dalat.merged_into.code, "p-xuanhuong")
        self.assertEqual(dalat.history.count(), 2)

    def test_every_role_has_a_demo_person(self):
        held = set(
            AgencyRole.objects.filter(group__user__isnull=False).values_list("role", flat=True)
        )
        self.assertEqual(held, set(Role.values))

    def test_the_supervisor_reads_every_agency_of_the_province(self):
        tuan = User.objects.get(username="tuan.gs")
        for agency in Agency.objects.in_province(Agency.objects.get(code="lamdong")):
            self.assertTrue(tuan.has_perm("qms.supervise", agency), agency)

    def test_the_demo_accounts_sign_in_with_the_documented_password(self):
        self.assertTrue(self.client.login(username="lan.tk", password="qms-demo-2026"))

    def test_it_tells_each_step_and_agency_with_counts_in_vietnamese(self):
        self.assertIn("Bước 1/7: tỉnh, các cơ quan và nhân sự", self.output)
        self.assertIn("Bước 7/7: kiểm tra và báo cáo năm", self.output)
        documents = Document.objects.filter(agency=self.sotp).count()
        self.assertRegex(self.output, rf"Sở Tư pháp: {documents} tài liệu, \d+ bản kiểm soát")
        self.assertIn("Đã nạp dữ liệu mẫu.", self.output)

    def test_an_unknown_agency_code_is_refused_before_anything_is_built(self):
        before = snapshot()
        with self.assertRaisesMessage(CommandError, "x-khong-co"):
            call_command("load_demo", agencies="sotp,x-khong-co", stdout=StringIO())
        self.assertEqual(snapshot(), before)

    def test_running_it_twice_changes_nothing(self):
        before = snapshot()
        call_command("load_demo", stdout=StringIO())
        self.assertEqual(snapshot(), before)
