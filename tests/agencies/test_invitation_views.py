"""The member and profile pages: invitations end to end, read-only account
fields for other agencies, and a form that never tells whether a username exists."""

from django.contrib.messages import get_messages
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qms.agencies.invitations import member_add_existing
from qms.agencies.models import Invitation, MemberUnit, User
from qms.agencies.roles import Role
from qms.api.tokens import token_issue
from tests.helpers import LadderMixin, make_agency, make_province, make_unit, make_user

PASSWORD = "mat-khau-thu-nghiem"


class InvitationJourneyTests(LadderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("Ủy ban nhân dân tỉnh Lâm Đồng")
        cls.ward = make_agency("UBND phường Xuân Hương - Đà Lạt", province=cls.province)
        cls.ward_unit = make_unit(cls.ward, "Văn phòng HĐND và UBND")
        cls.commune = make_agency("UBND xã Hiệp Thạnh", province=cls.province, level="commune")
        cls.commune_unit = make_unit(cls.commune, "Văn phòng xã")
        # Lan, ISO secretary of the ward.
        cls.lan = make_user(
            "Nguyễn Thị Lan", cls.ward, [Role.ISO_SECRETARY], username="lan.tk", unit=cls.ward_unit
        )
        # Quân, administrator of the ward, Lan's home agency.
        cls.quan = make_user("Hoàng Minh Quân", cls.ward, [Role.ADMIN], username="quan.xh")
        # Yến, administrator of the commune, who tries to take Lan's account over.
        cls.yen = make_user("Bùi Thị Hải Yến", cls.commune, [Role.ADMIN], username="yen.tk")
        # Tuấn, the province's supervisor; and the system administrator.
        cls.tuan = make_user("Ngô Anh Tuấn", cls.province, [Role.SUPERVISOR], username="tuan.gs")
        cls.root = make_user("Quản trị hệ thống", username="admin", is_superuser=True)

    def _invite(self, username, roles=(Role.STAFF,)):
        self.client.force_login(self.yen)
        return self.client.post(
            reverse("agencies:member-add-existing"), {"username": username, "roles": list(roles)}
        )

    def _sign_in(self, username):
        self.client.logout()
        self.assertTrue(self.client.login(username=username, password=PASSWORD))

    def test_invitation_accepted_after_signing_in_gives_the_roles(self):
        self._invite("lan.tk", [Role.AUDITOR])
        self.assertFalse(self.lan.has_perm("qms.audit", self.commune))
        self._sign_in("lan.tk")
        profile = self.client.get(reverse("profile"))
        self.assertContains(profile, "UBND xã Hiệp Thạnh")
        self.assertContains(profile, "Bùi Thị Hải Yến")
        home = self.client.get(reverse("home"))
        self.assertContains(home, "UBND xã Hiệp Thạnh")
        invitation = Invitation.objects.get()
        response = self.client.post(reverse("agencies:invitation-accept", args=[invitation.pk]))
        self.assertRedirects(response, reverse("profile"))
        self.assertTrue(User.objects.get(pk=self.lan.pk).has_perm("qms.audit", self.commune))
        self.assertNotContains(self.client.get(reverse("profile")), "invitation-accept")

    def test_invitation_declined_gives_nothing(self):
        self._invite("lan.tk")
        self._sign_in("lan.tk")
        invitation = Invitation.objects.get()
        response = self.client.post(reverse("agencies:invitation-decline", args=[invitation.pk]))
        self.assertRedirects(response, reverse("profile"))
        self.assertFalse(User.objects.get(pk=self.lan.pk).has_perm("qms.view_qms", self.commune))
        self.assertEqual(Invitation.objects.get().status, Invitation.Status.DECLINED)

    def test_only_the_invited_person_answers_everyone_else_gets_a_404(self):
        self._invite("lan.tk")
        invitation = Invitation.objects.get()
        for name in ("agencies:invitation-accept", "agencies:invitation-decline"):
            url = reverse(name, args=[invitation.pk])
            self.client.logout()
            self.assertIn("/accounts/login/", self.client.post(url)["Location"])
            for someone in (self.yen, self.quan, self.root):
                self.client.force_login(someone)
                self.assertEqual(self.client.post(url).status_code, 404, someone.username)
            self.client.force_login(self.lan)
            self.assertEqual(self.client.get(url).status_code, 405)
        self.assertEqual(Invitation.objects.get().status, Invitation.Status.PENDING)

    def test_the_answer_never_tells_whether_a_username_exists(self):
        locked = make_user("Trần Văn Khóa", self.ward, username="khoa.xh", is_active=False)
        answers = {}
        for username in ("khong.co", locked.username, "admin", "tuan.gs", "lan.tk"):
            response = self._invite(username)
            self.assertRedirects(response, reverse("agencies:member-list"))
            answers[username] = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertEqual(len({tuple(words) for words in answers.values()}), 1, answers)
        # Only the invitable account got an invitation.
        self.assertEqual(
            list(Invitation.objects.values_list("user__username", flat=True)), ["lan.tk"]
        )

    def test_another_agencys_account_shows_read_only_and_posted_fields_are_ignored(self):
        self._invite("lan.tk")
        invitation = Invitation.objects.get()
        self.client.force_login(self.lan)
        self.client.post(reverse("agencies:invitation-accept", args=[invitation.pk]))
        self.client.force_login(self.yen)
        url = reverse("agencies:member-edit", args=[self.lan.pk])
        page = self.client.get(url)
        self.assertNotIn("full_name", page.context["form"].fields)
        self.assertNotIn("new_password", page.context["form"].fields)
        self.assertContains(page, "Nguyễn Thị Lan")
        response = self.client.post(
            url,
            {
                "full_name": "Kẻ mạo danh",
                "email": "yen.tk@example.com",
                "position": "Giám đốc",
                "new_password": "Mat-khau-cua-yen-2026",
                "unit": self.commune_unit.pk,
                "roles": [Role.STAFF],
            },
        )
        self.assertRedirects(response, reverse("agencies:member-list"))
        lan = User.objects.get(pk=self.lan.pk)
        self.assertEqual((lan.full_name, lan.email), ("Nguyễn Thị Lan", self.lan.email))
        self.assertEqual(lan.unit, self.ward_unit)
        self.assertTrue(lan.check_password(PASSWORD))
        self.assertEqual(MemberUnit.objects.get(user=lan).unit, self.commune_unit)
        # Each agency's member list shows the unit the person holds there, and only that one.
        members = self.client.get(reverse("agencies:member-list"))
        self.assertContains(members, "Văn phòng xã")
        self.assertNotContains(members, "Văn phòng HĐND và UBND")
        self.client.force_login(self.quan)
        members = self.client.get(reverse("agencies:member-list"))
        self.assertContains(members, "Văn phòng HĐND và UBND")
        self.assertNotContains(members, "Văn phòng xã")

    def test_the_home_administrator_still_edits_the_account(self):
        self.client.force_login(self.quan)
        url = reverse("agencies:member-edit", args=[self.lan.pk])
        self.assertIn("full_name", self.client.get(url).context["form"].fields)
        response = self.client.post(
            url,
            {
                "full_name": "Nguyễn Thị Lan Anh",
                "email": "lananh@xuanhuong.gov.vn",
                "position": "Chánh Văn phòng",
                "unit": self.ward_unit.pk,
                "roles": [Role.ISO_SECRETARY],
            },
        )
        self.assertRedirects(response, reverse("agencies:member-list"))
        self.assertEqual(User.objects.get(pk=self.lan.pk).full_name, "Nguyễn Thị Lan Anh")

    def test_the_person_edits_their_own_details_on_the_profile_page(self):
        url = reverse("agencies:profile-edit")
        self.client.logout()
        self.assertIn("/accounts/login/", self.client.get(url)["Location"])
        self.client.force_login(self.lan)
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(
            url,
            {"full_name": "Nguyễn Thị Lan", "email": "lan@xuanhuong.gov.vn", "position": "PCVP"},
        )
        self.assertRedirects(response, reverse("profile"))
        lan = User.objects.get(pk=self.lan.pk)
        self.assertEqual((lan.email, lan.position), ("lan@xuanhuong.gov.vn", "PCVP"))
        self.assertEqual(lan.history.first().history_user, self.lan)

    def test_bad_profile_input_is_explained_and_nothing_changes(self):
        self.client.force_login(self.lan)
        response = self.client.post(
            reverse("agencies:profile-edit"), {"full_name": "", "email": "khong-phai-thu"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.assertEqual(User.objects.get(pk=self.lan.pk).full_name, "Nguyễn Thị Lan")

    def test_the_profile_costs_the_same_queries_for_one_or_many_invitations_and_tokens(self):
        # Agencies of the province invite Lan one after another; she also keeps tokens.
        self.client.force_login(self.lan)
        url = reverse("profile")
        token_issue(user=self.lan, name="Kết nối 0")
        self.client.get(url)
        self._invite("lan.tk")
        self.client.force_login(self.lan)
        with CaptureQueriesContext(connection) as one:
            self.client.get(url)
        for n in range(1, 5):
            agency = make_agency(f"UBND xã thứ {n}", province=self.province, level="commune")
            admin = make_user(f"Quản trị xã {n}", agency, [Role.ADMIN])
            member_add_existing(agency=agency, by=admin, username="lan.tk", roles=[Role.STAFF])
            token_issue(user=self.lan, name=f"Kết nối {n}")
        with CaptureQueriesContext(connection) as five:
            response = self.client.get(url)
        self.assertContains(response, "UBND xã thứ 4")
        self.assertContains(response, "Kết nối 4")
        self.assertEqual(len(five), len(one))
