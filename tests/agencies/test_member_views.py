from django.test import TestCase
from django.urls import reverse

from qms.agencies.models import User
from qms.agencies.roles import Role
from tests.helpers import LadderMixin, count_queries, make_agency, make_unit, make_user


class MemberViewTests(LadderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        cls.unit = make_unit(cls.agency, "Văn phòng")
        # Quân, administrator of Sở Tư pháp.
        cls.quan = make_user("Hoàng Minh Quân", cls.agency, [Role.ADMIN], unit=cls.unit)
        # Hoa, staff of Sở Tư pháp: no management role.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
        cls.other_agency = make_agency("Sở Y tế")
        # Tuấn, administrator of Sở Y tế, who must never see Sở Tư pháp's people.
        cls.tuan = make_user("Trần Anh Tuấn", cls.other_agency, [Role.ADMIN])

    def test_the_member_list_follows_the_ladder_and_shows_only_own_members(self):
        url = reverse("agencies:member-list")
        response = self.assert_ladder(url, outsider=None, wrong_role=self.hoa, right_role=self.quan)
        self.assertContains(response, "Đỗ Thị Hoa")
        self.assertNotContains(response, "Trần Anh Tuấn")
        self.client.force_login(self.tuan)
        self.assertNotContains(self.client.get(url), "Đỗ Thị Hoa")

    def test_the_member_page_of_another_agency_is_a_404(self):
        url = reverse("agencies:member-edit", args=[self.hoa.pk])
        self.assert_ladder(url, outsider=self.tuan, wrong_role=self.hoa, right_role=self.quan)
        self.client.force_login(self.tuan)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_an_administrator_adds_a_member(self):
        self.client.force_login(self.quan)
        response = self.client.post(
            reverse("agencies:member-create"),
            {
                "username": "lan.tk",
                "full_name": "Nguyễn Thị Lan",
                "email": "lan@example.gov.vn",
                "position": "Chuyên viên",
                "unit": self.unit.pk,
                "password": "Qms-an-toan-2026",
                "roles": [Role.ISO_SECRETARY, Role.STAFF],
            },
        )
        self.assertRedirects(response, reverse("agencies:member-list"))
        lan = User.objects.get(username="lan.tk")
        self.assertTrue(lan.has_perm("qms.manage_documents", self.agency))

    def test_bad_input_keeps_what_was_typed_and_says_why(self):
        self.client.force_login(self.quan)
        response = self.client.post(
            reverse("agencies:member-create"),
            {"username": "lan tk", "full_name": "Nguyễn Thị Lan", "password": "123", "roles": []},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Chỉ dùng chữ không dấu")
        self.assertContains(response, 'value="Nguyễn Thị Lan"')
        self.assertFalse(User.objects.filter(full_name="Nguyễn Thị Lan").exists())

    def test_a_weak_password_is_explained_on_the_form(self):
        self.client.force_login(self.quan)
        response = self.client.post(
            reverse("agencies:member-create"),
            {"username": "lan.tk", "full_name": "Nguyễn Thị Lan", "password": "1234567890"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(User.objects.filter(username="lan.tk").exists())
        self.assertTrue(response.context["form"].errors)

    def test_an_administrator_changes_roles(self):
        self.client.force_login(self.quan)
        response = self.client.post(
            reverse("agencies:member-edit", args=[self.hoa.pk]),
            {
                "full_name": "Đỗ Thị Hoa",
                "email": "",
                "position": "Chuyên viên",
                "roles": [Role.REVIEWER],
            },
        )
        self.assertRedirects(response, reverse("agencies:member-list"))
        self.assertTrue(
            User.objects.get(pk=self.hoa.pk).has_perm("qms.review_documents", self.agency)
        )

    def test_removing_the_last_administrator_shows_an_error(self):
        self.client.force_login(self.quan)
        response = self.client.post(
            reverse("agencies:member-edit", args=[self.quan.pk]),
            {"full_name": "Hoàng Minh Quân", "roles": [Role.STAFF]},
        )
        self.assertContains(response, "ít nhất một người quản trị")

    def test_an_existing_account_of_another_agency_is_invited_not_added(self):
        self.client.force_login(self.quan)
        response = self.client.post(
            reverse("agencies:member-add-existing"),
            {"username": self.tuan.username, "roles": [Role.AUDITOR]},
        )
        self.assertRedirects(response, reverse("agencies:member-list"))
        self.assertFalse(User.objects.get(pk=self.tuan.pk).has_perm("qms.audit", self.agency))
        self.assertTrue(self.tuan.invitations.filter(agency=self.agency).exists())

    def test_the_member_list_query_count_does_not_grow(self):
        self.client.force_login(self.quan)
        url = reverse("agencies:member-list")
        few = count_queries(lambda: self.client.get(url))
        for index in range(15):
            make_user(f"Cán bộ {index}", self.agency, [Role.STAFF, Role.DRAFTER], unit=self.unit)
        self.assertEqual(count_queries(lambda: self.client.get(url)), few)


class UnitViewTests(LadderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("UBND phường Xuân Hương - Đà Lạt", level="commune")
        cls.unit = make_unit(cls.agency, "Phòng Kinh tế")
        # Yến, ISO secretary and administrator of the ward.
        cls.yen = make_user("Bùi Thị Hải Yến", cls.agency, [Role.ADMIN, Role.ISO_SECRETARY])
        # Dũng, chairman: approves, but does not manage members.
        cls.dung = make_user("Đặng Quốc Dũng", cls.agency, [Role.APPROVER])
        cls.other_agency = make_agency("UBND phường Lâm Viên - Đà Lạt", level="commune")
        cls.other_unit = make_unit(cls.other_agency, "Phòng Văn hóa - Xã hội")
        cls.outsider = make_user("Lý Văn Khác", cls.other_agency, [Role.ADMIN])

    def test_the_unit_pages_follow_the_ladder(self):
        for url in (reverse("agencies:unit-list"), reverse("agencies:unit-create")):
            self.assert_ladder(url, outsider=None, wrong_role=self.dung, right_role=self.yen)
        url = reverse("agencies:unit-edit", args=[self.unit.pk])
        self.assert_ladder(url, outsider=self.outsider, wrong_role=self.dung, right_role=self.yen)

    def test_another_agencys_unit_is_a_404(self):
        self.client.force_login(self.yen)
        url = reverse("agencies:unit-edit", args=[self.other_unit.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(url, {"name": "Đổi"}).status_code, 404)

    def test_a_unit_is_created_and_a_duplicate_refused(self):
        self.client.force_login(self.yen)
        url = reverse("agencies:unit-create")
        response = self.client.post(url, {"name": "Văn phòng HĐND và UBND", "is_active": "on"})
        self.assertRedirects(response, reverse("agencies:unit-list"))
        response = self.client.post(url, {"name": "Văn phòng HĐND và UBND", "is_active": "on"})
        self.assertContains(response, "Cơ quan đã có phòng/ban với tên này.")
        self.assertEqual(self.agency.units.filter(name="Văn phòng HĐND và UBND").count(), 1)

    def test_the_unit_list_query_count_does_not_grow(self):
        self.client.force_login(self.yen)
        url = reverse("agencies:unit-list")
        few = count_queries(lambda: self.client.get(url))
        for index in range(12):
            make_unit(self.agency, f"Tổ công tác {index}")
        self.assertEqual(count_queries(lambda: self.client.get(url)), few)
