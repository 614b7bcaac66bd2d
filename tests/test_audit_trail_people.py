"""The audit trail's person filter: everyone who appears in the agency's history is offered,
those who left marked by how they left (roles removed, account deactivated), the province's
supervisors marked as such, other agencies' people never; filtering by a person who left
finds their changes; the choices cost a fixed number of queries."""

from datetime import date

from django.test import TestCase
from django.urls import reverse

from qms.agencies.roles import Role
from qms.agencies.services import agency_roles_assign
from qms.audit_trail import trail_people, trail_person_label
from qms.monitoring.services import inspections
from tests.helpers import (
    count_queries,
    make_agency,
    make_effective_document,
    make_nonconformity,
    make_province,
    make_user,
)


class TrailPeopleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("Ủy ban nhân dân tỉnh Lâm Đồng")
        cls.agency = make_agency("Sở Tư pháp", province=cls.province)
        # Lan, ISO secretary of Sở Tư pháp: reads the trail.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY])
        # Hùng, drafter who moved to another agency: his roles here were removed.
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER])
        # Mai, reviewer who retired: her account was deactivated.
        cls.mai = make_user("Lê Thị Mai", cls.agency, [Role.REVIEWER])
        # Minh, approver of Sở Tư pháp, still there.
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])
        # Hoa, staff of Sở Tư pháp, who never changed anything.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
        # Tuấn and Hà, supervisors of the province, who inspect the agency.
        cls.tuan = make_user("Ngô Anh Tuấn", cls.province, [Role.SUPERVISOR])
        cls.ha = make_user("Đỗ Thu Hà", cls.province, [Role.SUPERVISOR])
        cls.other = make_agency("Sở Y tế", province=cls.province)
        # Bình, ISO secretary of Sở Y tế, whose changes belong to another agency.
        cls.binh = make_user("Lý Văn Bình", cls.other, [Role.ISO_SECRETARY])
        make_nonconformity(cls.other, cls.binh)
        make_effective_document(cls.agency, drafter=cls.hung, reviewer=cls.mai, approver=cls.minh)
        make_nonconformity(cls.agency, cls.lan)
        cls.inspect(cls.agency)
        agency_roles_assign(agency=cls.agency, user=cls.hung, roles=[])
        agency_roles_assign(agency=cls.other, user=cls.hung, roles=[Role.DRAFTER])
        cls.mai.is_active = False
        cls.mai.save()

    @classmethod
    def inspect(cls, agency):
        """Tuấn records an inspection finding at ``agency``."""
        year = date.today().year
        plan = inspections.plan_create(
            province=cls.province,
            by=cls.tuan,
            year=year,
            title="Kế hoạch kiểm tra",
            starts_on=date(year, 1, 1),
            ends_on=date(year, 12, 31),
            team=[cls.tuan],
            agencies=[agency],
        )
        inspections.plan_approve(plan=plan, by=cls.ha)
        inspections.plan_start(plan=plan, by=cls.tuan)
        inspections.finding_add(
            inspection=plan.inspections.get(), by=cls.tuan, description="Chưa niêm yết"
        )

    def choices(self) -> dict[int, str]:
        self.client.force_login(self.lan)
        form = self.client.get(reverse("trail")).context["form"]
        return {choice.value: label for choice, label in form.fields["person"].choices if choice}

    def test_everyone_in_the_history_is_offered_and_those_who_left_are_marked(self):
        people = {person.pk: person for person in trail_people(self.agency)}
        self.assertEqual(
            set(people),
            {self.lan.pk, self.hung.pk, self.mai.pk, self.minh.pk, self.hoa.pk, self.tuan.pk},
        )
        self.assertNotIn(self.binh.pk, people)
        self.assertNotIn(self.ha.pk, people)  # a supervisor who changed nothing here
        self.assertTrue(people[self.minh.pk].is_member)
        self.assertFalse(people[self.hung.pk].is_member)
        self.assertTrue(people[self.tuan.pk].supervises)
        labels = self.choices()
        self.assertEqual(labels[self.minh.pk], trail_person_label(people[self.minh.pk]))
        self.assertEqual(labels[self.minh.pk], self.minh.full_name)
        # Each way of leaving reads differently from the others and from a member.
        marked = {labels[pk] for pk in (self.hung.pk, self.mai.pk, self.tuan.pk)}
        self.assertEqual(len(marked), 3)
        for pk, person in ((self.hung.pk, self.hung), (self.mai.pk, self.mai)):
            self.assertIn(person.full_name, labels[pk])
            self.assertNotEqual(labels[pk], person.full_name)

    def test_a_person_who_left_can_be_filtered(self):
        self.client.force_login(self.lan)
        for person in (self.hung, self.mai, self.tuan):
            with self.subTest(person.full_name):
                response = self.client.get(reverse("trail"), {"person": person.pk})
                self.assertFalse(response.context["form"].errors)
                entries = response.context["entries"]
                self.assertTrue(entries)
                self.assertEqual({entry.user for entry in entries}, {person.full_name})

    def test_a_person_of_another_agency_is_refused(self):
        self.client.force_login(self.lan)
        response = self.client.get(reverse("trail"), {"person": self.binh.pk})
        self.assertEqual(response.status_code, 200)
        self.assertIn("person", response.context["form"].errors)
        self.assertNotIn(self.binh.full_name, {e.user for e in response.context["entries"]})

    def test_the_choices_cost_a_fixed_number_of_queries(self):
        self.client.force_login(self.lan)
        url = reverse("trail")
        self.client.get(url)
        before = count_queries(lambda: self.client.get(url, {"person": self.hung.pk}))
        for n in range(3):
            person = make_user(f"Cán bộ đã chuyển {n}", self.agency, [Role.ISO_SECRETARY])
            make_nonconformity(self.agency, person, title=f"Sự không phù hợp {n}")
            agency_roles_assign(agency=self.agency, user=person, roles=[])
        make_agency("Sở Xây dựng", province=self.province)
        self.assertEqual(
            count_queries(lambda: self.client.get(url, {"person": self.hung.pk})), before
        )
        self.assertEqual(len(self.choices()), 9)
