"""An account belongs to people, not to whichever agency names it.

Each attack of the security review is tried through the services, as the administrator of a
commune would try it on another agency's people.
"""

from importlib import import_module

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils.translation import gettext as _

from qms.agencies import invitations, services
from qms.agencies.models import Invitation, MemberUnit, User
from qms.agencies.roles import Role
from qms.agencies.selectors import account_editable_by, unit_in
from tests.helpers import make_agency, make_province, make_unit, make_user


class AccountTakeoverTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("Ủy ban nhân dân tỉnh Lâm Đồng")
        cls.home = make_agency("UBND phường Xuân Hương - Đà Lạt", province=cls.province)
        cls.home_unit = make_unit(cls.home, "Văn phòng HĐND và UBND")
        cls.commune = make_agency("UBND xã Hiệp Thạnh", province=cls.province, level="commune")
        cls.commune_unit = make_unit(cls.commune, "Văn phòng xã")
        # Quân, administrator of the ward: the home agency of Lan's account.
        cls.quan = make_user("Hoàng Minh Quân", cls.home, [Role.ADMIN], username="quan.xh")
        # Lan, ISO secretary of the ward, whose account the commune must not take over.
        cls.lan = make_user(
            "Nguyễn Thị Lan",
            cls.home,
            [Role.ISO_SECRETARY],
            username="lan.tk",
            unit=cls.home_unit,
            position="Chuyên viên",
        )
        # Yến, administrator of the commune: the hostile administrator of the review.
        cls.yen = make_user("Bùi Thị Hải Yến", cls.commune, [Role.ADMIN], username="yen.tk")
        # Tuấn, the province's supervisor: never a member of an agency by its administrator.
        cls.tuan = make_user("Ngô Anh Tuấn", cls.province, [Role.SUPERVISOR], username="tuan.gs")
        # The system administrator.
        cls.root = make_user("Quản trị hệ thống", username="admin", is_superuser=True)

    def _invite(self, username="lan.tk", roles=(Role.STAFF,), by=None):
        return invitations.member_add_existing(
            agency=self.commune, by=by or self.yen, username=username, roles=list(roles)
        )

    def _join(self):
        """Lan accepts the commune's invitation."""
        self._invite()
        invitation = Invitation.objects.get(user=self.lan, agency=self.commune)
        return invitations.invitation_accept(invitation=invitation, by=self.lan)

    def _update(self, **overrides):
        values = {
            "agency": self.commune,
            "by": self.yen,
            "user": self.lan,
            "unit": None,
            "roles": [Role.STAFF],
        }
        return services.member_update(**{**values, **overrides})

    def test_the_home_agency_is_the_agency_that_first_gave_roles(self):
        self.assertEqual(self.lan.home_agency, self.home)
        self.assertIsNone(self.root.home_agency)

    def test_another_agency_cannot_give_roles_directly(self):
        with self.assertRaises(PermissionDenied):
            services.member_set_roles(
                agency=self.commune, user=self.lan, roles=[Role.STAFF], by=self.yen
            )
        self.assertFalse(self.lan.has_perm("qms.view_qms", self.commune))

    def test_adding_another_agencys_secretary_only_invites_her(self):
        self.assertIsNone(self._invite())
        invitation = Invitation.objects.get(user=self.lan, agency=self.commune)
        self.assertEqual(invitation.status, Invitation.Status.PENDING)
        self.assertEqual(invitation.roles, [Role.STAFF])
        self.assertEqual(invitation.invited_by, self.yen)
        self.assertFalse(User.objects.get(pk=self.lan.pk).has_perm("qms.view_qms", self.commune))
        row = invitation.history.get()
        self.assertEqual(
            (row.history_user, row.history_change_reason), (self.yen, _("Invitation sent"))
        )

    def test_a_second_invitation_renews_the_pending_one(self):
        self._invite()
        self._invite(roles=[Role.AUDITOR, Role.STAFF])
        invitation = Invitation.objects.get(user=self.lan, agency=self.commune)
        self.assertEqual(invitation.roles, [Role.AUDITOR, Role.STAFF])

    def test_superusers_supervisors_and_unknown_or_locked_accounts_are_never_invited(self):
        locked = make_user("Trần Văn Khóa", self.home, username="khoa.xh", is_active=False)
        for username in ("admin", "tuan.gs", "TUAN.GS", "khong.co", locked.username):
            with self.subTest(username=username):
                self.assertIsNone(self._invite(username=username, roles=[Role.ADMIN]))
        self.assertFalse(Invitation.objects.exists())
        for person in (self.root, self.tuan, locked):
            self.assertFalse(person.groups.filter(agency_role__agency=self.commune).exists())

    def test_superusers_and_supervisors_cannot_be_given_roles_directly_either(self):
        for person in (self.root, self.tuan):
            with self.subTest(person=person.username), self.assertRaises(PermissionDenied):
                services.member_set_roles(
                    agency=self.commune, user=person, roles=[Role.ADMIN], by=self.yen
                )

    def test_accepting_gives_the_roles_offered_and_is_in_the_trail(self):
        invitation = self._join()
        self.assertEqual(invitation.status, Invitation.Status.ACCEPTED)
        self.assertIsNotNone(invitation.accepted_at)
        lan = User.objects.get(pk=self.lan.pk)
        self.assertTrue(lan.has_perm("qms.view_qms", self.commune))
        self.assertTrue(lan.has_perm("qms.manage_documents", self.home))
        self.assertEqual(lan.home_agency, self.home)
        row = invitation.history.first()
        self.assertEqual(
            (row.history_user, row.history_change_reason), (self.lan, _("Invitation accepted"))
        )

    def test_declining_changes_nothing_and_is_in_the_trail(self):
        self._invite()
        invitation = Invitation.objects.get(user=self.lan)
        invitations.invitation_decline(invitation=invitation, by=self.lan)
        invitation.refresh_from_db()
        self.assertEqual(invitation.status, Invitation.Status.DECLINED)
        self.assertIsNotNone(invitation.declined_at)
        self.assertFalse(self.lan.groups.filter(agency_role__agency=self.commune).exists())
        row = invitation.history.first()
        self.assertEqual(
            (row.history_user, row.history_change_reason), (self.lan, _("Invitation declined"))
        )

    def test_only_the_invited_person_answers_and_only_once(self):
        self._invite()
        invitation = Invitation.objects.get(user=self.lan)
        for someone in (self.yen, self.quan, self.root):
            with self.subTest(by=someone.username), self.assertRaises(PermissionDenied):
                invitations.invitation_accept(invitation=invitation, by=someone)
        invitations.invitation_decline(invitation=invitation, by=self.lan)
        with self.assertRaises(ValidationError):
            invitations.invitation_accept(invitation=invitation, by=self.lan)
        self.assertFalse(self.lan.groups.filter(agency_role__agency=self.commune).exists())

    def test_the_commune_cannot_change_the_name_email_position_or_password(self):
        self._join()
        attacks = [
            {"full_name": "Kẻ mạo danh"},
            {"email": "yen.tk@example.com"},
            {"position": "Giám đốc"},
            {"new_password": "Mat-khau-cua-yen-2026"},
        ]
        for attack in attacks:
            with self.subTest(attack=attack), self.assertRaises(PermissionDenied):
                self._update(**attack)
        lan = User.objects.get(pk=self.lan.pk)
        self.assertEqual(
            (lan.full_name, lan.position, lan.email),
            ("Nguyễn Thị Lan", "Chuyên viên", self.lan.email),
        )
        self.assertTrue(lan.check_password("mat-khau-thu-nghiem"))

    def test_the_same_values_sent_back_are_not_a_change(self):
        self._join()
        self._update(full_name="Nguyễn Thị Lan", email=self.lan.email, position="Chuyên viên")

    def test_the_commune_sets_and_clears_only_its_own_unit(self):
        self._join()
        self._update(unit=self.commune_unit)
        lan = User.objects.get(pk=self.lan.pk)
        self.assertEqual(lan.unit, self.home_unit)
        self.assertEqual(unit_in(lan, self.commune), self.commune_unit)
        self.assertEqual(unit_in(lan, self.home), self.home_unit)
        self.assertEqual(MemberUnit.objects.get().history.first().history_user, self.yen)
        self._update(unit=None)
        lan = User.objects.get(pk=self.lan.pk)
        self.assertEqual(lan.unit, self.home_unit)
        self.assertIsNone(unit_in(lan, self.commune))

    def test_the_commune_cannot_set_a_unit_of_the_home_agency(self):
        self._join()
        with self.assertRaises(ValidationError):
            self._update(unit=make_unit(self.home, "Phòng Kinh tế"))

    def test_leaving_the_commune_drops_its_unit_and_keeps_the_account(self):
        self._join()
        self._update(unit=self.commune_unit)
        services.member_set_roles(agency=self.commune, user=self.lan, roles=[], by=self.yen)
        self.assertFalse(MemberUnit.objects.exists())
        lan = User.objects.get(pk=self.lan.pk)
        self.assertEqual((lan.full_name, lan.unit), ("Nguyễn Thị Lan", self.home_unit))

    def test_the_home_administrator_the_person_and_a_superuser_edit_the_account(self):
        self.assertTrue(account_editable_by(self.lan, self.quan))
        self.assertTrue(account_editable_by(self.lan, self.lan))
        self.assertTrue(account_editable_by(self.lan, self.root))
        self.assertFalse(account_editable_by(self.lan, self.yen))
        self.assertFalse(account_editable_by(self.root, self.quan))
        services.member_update(
            agency=self.home,
            by=self.quan,
            user=self.lan,
            unit=self.home_unit,
            roles=[Role.ISO_SECRETARY],
            full_name="Nguyễn Thị Lan Anh",
            email="lananh@xuanhuong.gov.vn",
            position="Phó Chánh Văn phòng",
        )
        services.account_update(
            user=self.lan, by=self.lan, full_name="Nguyễn Thị Lan", email="", position="Chuyên viên"
        )
        services.account_update(
            user=self.lan, by=self.root, full_name="Nguyễn Thị Lan", email="", position="Chánh VP"
        )
        lan = User.objects.get(pk=self.lan.pk)
        self.assertEqual(lan.position, "Chánh VP")
        reasons = list(lan.history.values_list("history_change_reason", flat=True)[:3])
        self.assertEqual(
            reasons,
            [_("Account details updated"), _("Own details updated"), _("Member details updated")],
        )

    def test_another_administrator_cannot_use_the_profile_service(self):
        self._join()
        with self.assertRaises(PermissionDenied):
            services.account_update(
                user=self.lan, by=self.yen, full_name="Kẻ mạo danh", email="", position=""
            )
        self.assertEqual(User.objects.get(pk=self.lan.pk).full_name, "Nguyễn Thị Lan")

    def test_an_account_created_here_without_roles_is_added_directly(self):
        hoa = services.member_create(
            agency=self.commune,
            by=self.yen,
            username="hoa.ht",
            full_name="Đỗ Thị Hoa",
            email="",
            password="Qms-an-toan-2026",
            roles=[Role.STAFF],
        )
        self.assertEqual(hoa.home_agency, self.commune)
        services.member_set_roles(agency=self.commune, user=hoa, roles=[], by=self.yen)
        self.assertEqual(self._invite(username="hoa.ht", roles=[Role.DRAFTER]), hoa)
        self.assertTrue(hoa.has_perm("qms.draft_documents", self.commune))
        self.assertFalse(Invitation.objects.exists())

    def test_a_member_already_here_is_sent_to_their_page(self):
        self._join()
        with self.assertRaises(ValidationError):
            self._invite(roles=[Role.AUDITOR])

    def test_staff_cannot_invite(self):
        hoa = make_user("Đỗ Thị Hoa", self.commune, [Role.STAFF])
        with self.assertRaises(PermissionDenied):
            self._invite(by=hoa)
        self.assertFalse(Invitation.objects.exists())


class AuditorIndependenceTests(TestCase):
    """Nobody audits their own unit: the unit is the one the person holds in the audit's agency."""

    @classmethod
    def setUpTestData(cls):
        from tests.helpers import make_programme

        cls.home = make_agency("Sở Tư pháp")
        cls.agency = make_agency("Sở Y tế")
        cls.unit = make_unit(cls.agency, "Phòng Nghiệp vụ Y")
        # Minh, ISO secretary of Sở Y tế, and Hùng, its approver.
        cls.minh = make_user("Lê Văn Minh", cls.agency, [Role.ISO_SECRETARY, Role.ADMIN])
        cls.hung = make_user("Phạm Văn Hùng", cls.agency, [Role.APPROVER])
        # Lan, of Sở Tư pháp, also an internal auditor of Sở Y tế in its Phòng Nghiệp vụ Y.
        cls.lan = make_user("Nguyễn Thị Lan", cls.home, [Role.STAFF], unit=make_unit(cls.home))
        invitations.member_add_existing(
            agency=cls.agency, by=cls.minh, username=cls.lan.username, roles=[Role.AUDITOR]
        )
        invitations.invitation_accept(invitation=Invitation.objects.get(), by=cls.lan)
        services.member_update(
            agency=cls.agency, by=cls.minh, user=cls.lan, unit=cls.unit, roles=[Role.AUDITOR]
        )
        cls.programme = make_programme(cls.agency, cls.minh, cls.hung)

    def test_a_guest_auditor_cannot_audit_her_unit_in_this_agency(self):
        from audits.services import audit_plans, audit_teams
        from tests.helpers import audit_fields

        audit = audit_plans.audit_plan_create(
            programme=self.programme,
            by=self.minh,
            auditees=[self.hung],
            **audit_fields(self.agency, units=[self.unit]),
        )
        self.assertTrue(audit_teams.auditing_own_unit(audit, self.lan))
        with self.assertRaises(ValidationError) as raised:
            audit_teams.auditor_assign(audit=audit, by=self.minh, auditor=self.lan)
        self.assertIn("Phòng Nghiệp vụ Y", str(raised.exception))


class HomeAgencyMigrationTests(TestCase):
    def test_existing_accounts_get_the_agency_of_their_unit_else_of_their_first_role(self):
        first, second = make_agency("Sở Tư pháp"), make_agency("Sở Y tế")
        by_unit = make_user("Theo phòng", second, [Role.STAFF], unit=make_unit(first))
        by_role = make_user("Theo vai trò", first, [Role.STAFF])
        services.agency_roles_assign(agency=second, user=by_role, roles=[Role.STAFF])
        nobody = make_user("Không vai trò")
        User.objects.update(home_agency=None)
        migration = import_module("qms.agencies.migrations.0005_account_home_invitations")
        migration.set_home_agencies(apps, None)
        homes = dict(User.objects.values_list("pk", "home_agency"))
        self.assertEqual(homes[by_unit.pk], first.pk)
        self.assertEqual(homes[by_role.pk], first.pk)
        self.assertIsNone(homes[nobody.pk])
