from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase

from qms.agencies import invitations, services
from qms.agencies.models import Agency, User
from qms.agencies.roles import Role
from tests.helpers import make_agency, make_unit, make_user


class AgencyCreateTests(TestCase):
    def test_it_sets_the_province_root_and_keeps_history(self):
        province = services.agency_create(name="UBND tỉnh Lâm Đồng", code="ld", level="province")
        ward = services.agency_create(
            name="UBND phường Xuân Hương - Đà Lạt", code="xh", level="commune", parent=province
        )
        self.assertIsNone(province.province_id)
        self.assertEqual(ward.province_id, province.pk)
        self.assertEqual(ward.history.count(), 1)
        self.assertEqual(ward.history.first().history_change_reason, "Tạo cơ quan")

    def test_it_refuses_a_duplicate_code(self):
        services.agency_create(name="A", code="trung", level="province")
        with self.assertRaises(ValidationError):
            services.agency_create(name="B", code="trung", level="province")
        self.assertEqual(Agency.objects.filter(code="trung").count(), 1)

    def test_a_merged_agency_cannot_stay_active(self):
        from django.db import IntegrityError, transaction

        old = services.agency_create(name="UBND TP Đà Lạt", code="dl", level="district")
        new = services.agency_create(name="UBND phường Xuân Hương", code="xh2", level="commune")
        old.merged_into = new
        with self.assertRaises(IntegrityError), transaction.atomic():
            old.save()


class MemberServiceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        cls.unit = make_unit(cls.agency, "Văn phòng")
        # Quân, administrator of the agency.
        cls.quan = make_user("Hoàng Minh Quân", cls.agency, [Role.ADMIN])
        # Hoa, staff without any management role.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
        cls.other_agency = make_agency("Sở Y tế")
        cls.foreign_unit = make_unit(cls.other_agency, "Phòng Nghiệp vụ Y")

    def _create(self, **overrides):
        values = {
            "agency": self.agency,
            "by": self.quan,
            "username": "lan.tk",
            "full_name": "Nguyễn Thị Lan",
            "email": "lan@example.gov.vn",
            "password": "Qms-an-toan-2026",
            "roles": [Role.ISO_SECRETARY, Role.STAFF],
            "position": "Chuyên viên",
            "unit": self.unit,
        }
        return services.member_create(**{**values, **overrides})

    def test_an_administrator_creates_a_member_with_roles(self):
        lan = self._create()
        self.assertTrue(lan.check_password("Qms-an-toan-2026"))
        self.assertTrue(lan.has_perm("qms.manage_documents", self.agency))
        self.assertEqual(lan.history.first().history_user, self.quan)

    def test_staff_cannot_manage_members(self):
        with self.assertRaises(PermissionDenied):
            self._create(by=self.hoa)
        self.assertFalse(User.objects.filter(username="lan.tk").exists())

    def test_a_weak_password_is_refused_and_nothing_is_stored(self):
        with self.assertRaises(ValidationError):
            self._create(password="12345678")
        self.assertFalse(User.objects.filter(username="lan.tk").exists())

    def test_a_taken_username_is_refused_whatever_its_case(self):
        self._create()
        with self.assertRaises(ValidationError) as raised:
            self._create(username="LAN.TK")
        self.assertIn("username", raised.exception.error_dict)

    def test_a_unit_of_another_agency_is_refused(self):
        with self.assertRaises(ValidationError) as raised:
            self._create(unit=self.foreign_unit)
        self.assertIn("unit", raised.exception.error_dict)

    def test_roles_are_replaced_not_added(self):
        services.member_set_roles(
            agency=self.agency, user=self.hoa, roles=[Role.AUDITOR], by=self.quan
        )
        self.assertTrue(self.hoa.has_perm("qms.audit", self.agency))
        self.assertEqual(
            list(self.hoa.groups.values_list("agency_role__role", flat=True)), [Role.AUDITOR]
        )

    def test_the_last_administrator_cannot_be_removed(self):
        with self.assertRaises(ValidationError):
            services.member_set_roles(
                agency=self.agency, user=self.quan, roles=[Role.STAFF], by=self.quan
            )
        self.assertTrue(self.quan.has_perm("qms.manage_members", self.agency))

    def test_supervision_cannot_be_given_by_a_department(self):
        with self.assertRaises(ValidationError):
            services.member_set_roles(
                agency=self.agency, user=self.hoa, roles=[Role.SUPERVISOR], by=self.quan
            )

    def test_an_existing_account_of_another_agency_joins_when_it_accepts(self):
        doctor = make_user("Phan Văn Y", self.other_agency, [Role.STAFF], username="y.syt")
        invitations.member_add_existing(
            agency=self.agency, by=self.quan, username="Y.SYT", roles=[Role.AUDITOR]
        )
        self.assertFalse(doctor.has_perm("qms.audit", self.agency))
        invitations.invitation_accept(invitation=doctor.invitations.get(), by=doctor)
        doctor = User.objects.get(pk=doctor.pk)
        self.assertTrue(doctor.has_perm("qms.audit", self.agency))
        self.assertTrue(doctor.has_perm("qms.view_qms", self.other_agency))

    def test_an_unknown_account_is_not_reported(self):
        outcome = invitations.member_add_existing(
            agency=self.agency, by=self.quan, username="khong.co", roles=[Role.STAFF]
        )
        self.assertIsNone(outcome)

    def test_units_are_unique_per_agency_and_keep_history(self):
        unit = services.unit_save(agency=self.agency, by=self.quan, name="Thanh tra")
        self.assertEqual(unit.history.first().history_user, self.quan)
        with self.assertRaises(ValidationError):
            services.unit_save(agency=self.agency, by=self.quan, name="Thanh tra")
        services.unit_save(
            agency=self.other_agency,
            by=make_user("Q", self.other_agency, [Role.ADMIN]),
            name="Thanh tra",
        )

    def test_a_unit_of_another_agency_cannot_be_edited(self):
        with self.assertRaises(ValidationError):
            services.unit_save(
                agency=self.agency, by=self.quan, name="Đổi tên", unit=self.foreign_unit
            )
        self.foreign_unit.refresh_from_db()
        self.assertEqual(self.foreign_unit.name, "Phòng Nghiệp vụ Y")


class MemberPasswordTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("UBND xã Hiệp Thạnh", level="commune")
        cls.other = make_agency("Sở Tư pháp")
        # Quân, administrator of the commune.
        cls.quan = make_user("Hoàng Minh Quân", cls.agency, [Role.ADMIN])
        # Hoa works only at the commune.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
        # Tuấn works at the commune and at Sở Tư pháp.
        cls.tuan = make_user("Trần Anh Tuấn", cls.agency, [Role.STAFF])
        services.agency_roles_assign(agency=cls.other, user=cls.tuan, roles=[Role.APPROVER])

    def _update(self, user, password):
        return services.member_update(
            agency=self.agency,
            by=self.quan,
            user=user,
            full_name=user.full_name,
            email="",
            position="",
            unit=None,
            roles=[Role.STAFF],
            new_password=password,
        )

    def test_an_administrator_sets_a_new_password_for_a_member_of_this_agency_only(self):
        self._update(self.hoa, "Mat-khau-moi-2027")
        self.hoa.refresh_from_db()
        self.assertTrue(self.hoa.check_password("Mat-khau-moi-2027"))

    def test_an_account_other_agencies_rely_on_cannot_be_taken_over(self):
        with self.assertRaises(ValidationError):
            self._update(self.tuan, "Mat-khau-moi-2027")
        self.tuan.refresh_from_db()
        self.assertTrue(self.tuan.check_password("mat-khau-thu-nghiem"))

    def test_clearing_every_role_removes_the_person_from_the_agency(self):
        services.member_set_roles(agency=self.agency, user=self.hoa, roles=[], by=self.quan)
        self.assertFalse(self.hoa.has_perm("qms.view_qms", self.agency))
