"""Planning of changes (6.3), with the clock on 31 December 2026 and then on 1 April 2027: Sở
Tư pháp plans to receive dossiers online end to end, changes the procedure it affects, makes
the change and checks three months later that it worked. Only the ISO secretary writes; staff
and the Sở read; an agency on ISO 9001:2008 plans no changes here."""

from datetime import date

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.urls import reverse

from audits.models import PlannedChange
from audits.services import planned_changes as service
from qms.agencies.roles import Role
from tests.helpers import (
    count_queries,
    make_agency,
    make_document_type,
    make_effective_document,
    make_user,
)

CLOCK = time_machine.travel("2026-12-31 16:00 +07:00", tick=False)
ONLINE = "Tiếp nhận hồ sơ trực tuyến toàn trình cho thủ tục cấp phiếu lý lịch tư pháp"


@CLOCK
class PlannedChangeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with CLOCK:
            cls.agency = make_agency("Sở Tư pháp")
            cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY])
            cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])
            cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF, Role.REVIEWER])
            cls.tuan = make_user("Ngô Anh Tuấn", cls.agency.province, [Role.SUPERVISOR])
            make_document_type(cls.agency)
            cls.procedure = make_effective_document(
                cls.agency,
                drafter=cls.lan,
                reviewer=cls.hoa,
                approver=cls.minh,
                title="Quy trình cấp phiếu lý lịch tư pháp",
            )
            cls.other = make_agency("Sở Y tế", province=cls.agency.province)
            other_secretary = make_user("Trần Văn An", cls.other, [Role.ISO_SECRETARY])
            make_document_type(cls.other)
            cls.foreign = make_effective_document(
                cls.other,
                drafter=other_secretary,
                reviewer=make_user("Lê Thị Thu", cls.other, [Role.REVIEWER]),
                approver=make_user("Hoàng Văn Nam", cls.other, [Role.APPROVER]),
                title="Quy trình cấp chứng chỉ hành nghề",
            )

    def plan(self, **changes) -> PlannedChange:
        values = {
            "agency": self.agency,
            "by": self.lan,
            "title": ONLINE,
            "purpose": "Người dân không phải đến nộp hồ sơ giấy; có thể phát sinh hồ sơ thiếu.",
            "owner": self.minh,
            "due_on": date(2027, 1, 15),
            "documents": [self.procedure],
            **changes,
        }
        return service.planned_change_save(**values)

    def test_a_change_is_planned_made_and_checked(self):
        change = self.plan(resources="Tài khoản Cổng dịch vụ công, 2 máy quét")
        self.assertEqual(change.status, PlannedChange.Status.PLANNED)
        self.assertEqual(list(change.documents.all()), [self.procedure])
        with self.assertRaises(ValidationError):  # nothing to check before it is made
            service.planned_change_check(
                change=change, by=self.lan, effective=True, effectiveness="Tốt"
            )
        service.planned_change_made(change=change, by=self.lan)
        change.refresh_from_db()
        self.assertEqual((change.status, change.made_on), ("made", date(2026, 12, 31)))
        with self.assertRaises(ValidationError):  # a change made is no longer edited
            self.plan(change=change, title="Khác")
        with time_machine.travel("2027-04-01 09:00 +07:00", tick=False):
            with self.assertRaises(ValidationError) as caught:
                service.planned_change_check(
                    change=change, by=self.lan, effective=True, effectiveness="  "
                )
            self.assertIn("effectiveness", caught.exception.message_dict)
            service.planned_change_check(
                change=change,
                by=self.lan,
                effective=True,
                effectiveness="Quý I/2027: 212 hồ sơ trực tuyến, không hồ sơ nào bị trả vì thiếu.",
            )
        change.refresh_from_db()
        self.assertEqual(change.status, PlannedChange.Status.EFFECTIVE)
        self.assertEqual((change.checked_on, change.checked_by), (date(2027, 4, 1), self.lan))
        rows = list(change.history.order_by("history_date", "history_id"))
        self.assertTrue(all(row.history_change_reason and row.history_user for row in rows))
        self.assertEqual([row.status for row in rows][-3:], ["planned", "made", "effective"])

    def test_bad_input_is_refused_and_nothing_is_saved(self):
        for changes, field in (
            ({"title": " "}, "title"),
            ({"purpose": ""}, "purpose"),
            ({"owner": self.tuan}, "owner"),
            ({"documents": [self.foreign]}, "documents"),
        ):
            with self.subTest(field=field), self.assertRaises(ValidationError) as caught:
                self.plan(**changes)
            self.assertIn(field, caught.exception.message_dict)
        with self.assertRaises(ValidationError):
            service.planned_change_made(change=self.plan(), by=self.lan, on=date(2027, 1, 1))
        self.assertEqual(PlannedChange.objects.filter(status="made").count(), 0)

    def test_only_the_iso_secretary_writes(self):
        change = self.plan()
        for person in (self.hoa, self.minh, self.tuan):
            with self.subTest(person=person.username):
                with self.assertRaises(PermissionDenied):
                    self.plan(by=person)
                with self.assertRaises(PermissionDenied):
                    service.planned_change_made(change=change, by=person)
        self.client.force_login(self.tuan)
        detail = reverse("audits:planned-change-detail", args=[change.pk])
        page = self.client.get(detail)
        self.assertContains(page, ONLINE)
        self.assertNotContains(page, "Quy trình cấp phiếu lý lịch tư pháp")  # codes only
        made = reverse("audits:planned-change-made", args=[change.pk])
        self.assertEqual(self.client.post(made).status_code, 403)
        change.refresh_from_db()
        self.assertEqual(change.status, PlannedChange.Status.PLANNED)

    def test_a_2008_agency_plans_no_change_here(self):
        old = make_agency("UBND xã Lang Biang", iso_version="2008")
        secretary = make_user("Trần Văn Bình", old, [Role.ISO_SECRETARY])
        with self.assertRaises(ValidationError):
            self.plan(agency=old, by=secretary, owner=secretary, documents=[])

    def test_the_secretary_plans_from_the_register_page(self):
        self.client.force_login(self.lan)
        response = self.client.post(
            reverse("audits:planned-change-create"),
            {
                "title": ONLINE,
                "purpose": "Giảm đi lại cho người dân.",
                "owner": self.minh.pk,
                "due_on": "15/01/2027",
                "documents": [self.procedure.pk],
            },
        )
        change = PlannedChange.objects.get(agency=self.agency)
        self.assertRedirects(response, reverse("audits:planned-change-detail", args=[change.pk]))
        self.assertContains(self.client.get(reverse("audits:context")), ONLINE)
        self.client.post(reverse("audits:planned-change-made", args=[change.pk]))
        self.client.post(
            reverse("audits:planned-change-check", args=[change.pk]),
            {"effective": "no", "effectiveness": "Vẫn còn 30% hồ sơ nộp trực tiếp."},
        )
        change.refresh_from_db()
        self.assertEqual(change.status, PlannedChange.Status.INEFFECTIVE)

    def test_the_register_costs_the_same_for_one_change_or_twenty(self):
        self.client.force_login(self.lan)
        url = reverse("audits:context")
        self.plan()
        self.client.get(url)
        one = count_queries(lambda: self.client.get(url))
        for n in range(19):
            self.plan(title=f"Thay đổi số {n}")
        self.assertEqual(count_queries(lambda: self.client.get(url)), one)
