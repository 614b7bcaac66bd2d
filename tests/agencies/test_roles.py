from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from qms.agencies.models import Agency, AgencyGroupObjectPermission
from qms.agencies.permissions import agency_permissions
from qms.agencies.roles import PROVINCE_WIDE_PERMISSIONS, ROLE_PERMISSIONS, Role
from qms.agencies.services import agency_roles_ensure, roles_offered
from tests.helpers import make_agency, make_province, make_user


class RoleTableTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province()
        cls.agency = make_agency("Sở Tư pháp", province=cls.province)
        cls.other_agency = make_agency("Sở Y tế", province=cls.province)
        cls.other_province = make_province("Ủy ban nhân dân tỉnh Khánh Hòa")
        cls.far_agency = make_agency("Sở Tư pháp Khánh Hòa", province=cls.other_province)

    def test_it_grants_each_role_exactly_its_permissions_on_its_own_agency(self):
        for role in roles_offered(self.agency):
            with self.subTest(role=role):
                user = make_user(f"Người {role}", self.agency, [role])
                self.assertEqual(agency_permissions(user, self.agency), ROLE_PERMISSIONS[role])
                for codename in ROLE_PERMISSIONS[role]:
                    self.assertTrue(user.has_perm(f"qms.{codename}", self.agency))
                self.assertFalse(user.has_perm("qms.view_qms", self.other_agency))

    def test_it_combines_several_roles(self):
        user = make_user("Bùi Thị Hải Yến", self.agency, [Role.ISO_SECRETARY, Role.ADMIN])
        self.assertTrue(user.has_perm("qms.manage_documents", self.agency))
        self.assertTrue(user.has_perm("qms.manage_members", self.agency))
        self.assertFalse(user.has_perm("qms.approve_documents", self.agency))

    def test_a_supervisor_reads_every_agency_of_the_province_and_nothing_more(self):
        # Tuấn, Sở KH&CN, supervises the province from its root.
        tuan = make_user("Ngô Anh Tuấn", self.province, [Role.SUPERVISOR])
        for agency in (self.province, self.agency, self.other_agency):
            self.assertEqual(agency_permissions(tuan, agency), PROVINCE_WIDE_PERMISSIONS)
        self.assertFalse(tuan.has_perm("qms.draft_documents", self.agency))
        self.assertFalse(tuan.has_perm("qms.view_qms", self.far_agency))

    def test_a_role_in_a_department_does_not_reach_the_province(self):
        lan = make_user("Nguyễn Thị Lan", self.agency, [Role.ISO_SECRETARY])
        self.assertFalse(lan.has_perm("qms.view_qms", self.province))

    def test_supervision_is_offered_on_province_roots_only(self):
        self.assertIn(Role.SUPERVISOR, roles_offered(self.province))
        self.assertNotIn(Role.SUPERVISOR, roles_offered(self.agency))

    def test_ensuring_roles_twice_changes_nothing(self):
        before = self.agency.roles.count()
        agency_roles_ensure(agency=self.agency)
        self.assertEqual(self.agency.roles.count(), before)
        self.assertEqual(before, len(roles_offered(self.agency)))

    def test_ensuring_roles_repairs_a_lost_role_and_grant_in_a_few_queries(self):
        self.agency.roles.get(role=Role.AUDITOR).delete()
        AgencyGroupObjectPermission.objects.filter(
            content_object=self.agency,
            group__agency_role__role=Role.APPROVER,
            permission__codename="approve_documents",
        ).delete()
        # The groups and grants are compared as sets: the same few queries for eight roles.
        with CaptureQueriesContext(connection) as queries:
            agency_roles_ensure(agency=self.agency)
        self.assertLessEqual(len(queries), 8)
        auditor = make_user("Lê Văn Kiểm", self.agency, [Role.AUDITOR])
        approver = make_user("Trần Duyệt", self.agency, [Role.APPROVER])
        self.assertEqual(agency_permissions(auditor, self.agency), ROLE_PERMISSIONS[Role.AUDITOR])
        self.assertTrue(approver.has_perm("qms.approve_documents", self.agency))

    def test_inactive_users_hold_nothing(self):
        user = make_user("Hồ Văn Nghỉ", self.agency, [Role.APPROVER], is_active=False)
        self.assertFalse(user.has_perm("qms.approve_documents", self.agency))

    def test_province_queryset_covers_root_and_descendants(self):
        ids = set(Agency.objects.in_province(self.province).values_list("pk", flat=True))
        self.assertEqual(ids, {self.province.pk, self.agency.pk, self.other_agency.pk})
