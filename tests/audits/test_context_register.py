"""The context of the organisation (ISO 9001:2015 4.1 and 4.2, Amd 1:2024), with the clock on
15 December 2026: Sở Tư pháp decides that climate change is relevant and why, records its
issues and interested parties, dates the register as reviewed; the management review compiles
it into input b). The register is the ISO secretary's: staff and the Sở read it, nobody else
writes; an agency on ISO 9001:2008 has none."""

from datetime import date

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.urls import reverse

from audits.models import ContextIssue, InterestedParty
from audits.services import context as service
from audits.services import reviews
from qms.agencies.roles import Role
from tests.helpers import count_queries, make_agency, make_user

CLOCK = time_machine.travel("2026-12-15 09:00 +07:00", tick=False)
FLOODS = (
    "Mưa lớn, sạt lở mùa mưa làm chậm việc tiếp nhận và trả hồ sơ tại bộ phận một cửa ở "
    "các xã vùng cao."
)


@CLOCK
class ContextRegisterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with CLOCK:
            cls.agency = make_agency("Sở Tư pháp")
            cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY])
            cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])
            cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
            cls.tuan = make_user("Ngô Anh Tuấn", cls.agency.province, [Role.SUPERVISOR])
            cls.old = make_agency("UBND xã Lang Biang", iso_version="2008")
            cls.old_secretary = make_user("Trần Văn An", cls.old, [Role.ISO_SECRETARY])

    def test_the_climate_decision_needs_a_reason_and_stays_one_row(self):
        with self.assertRaises(ValidationError) as caught:
            service.climate_decide(agency=self.agency, by=self.lan, relevant=True, reason="  ")
        self.assertIn("reason", caught.exception.message_dict)
        service.climate_decide(agency=self.agency, by=self.lan, relevant=False, reason="Chưa rõ")
        decision = service.climate_decide(
            agency=self.agency, by=self.lan, relevant=True, reason=FLOODS
        )
        self.assertEqual(ContextIssue.objects.filter(agency=self.agency).count(), 1)
        self.assertTrue(decision.relevant)
        self.assertEqual(decision.reviewed_on, date(2026, 12, 15))
        self.assertEqual(
            [row.relevant for row in decision.history.order_by("history_date")], [False, True]
        )
        with self.assertRaises(ValidationError):  # the decision has its own form
            service.context_issue_save(
                agency=self.agency, by=self.lan, origin="external", title="x", issue=decision
            )

    def test_only_the_iso_secretary_writes_and_a_2008_agency_has_no_register(self):
        for person in (self.hoa, self.minh, self.tuan):
            with self.subTest(person=person.username), self.assertRaises(PermissionDenied):
                service.interested_party_save(
                    agency=self.agency, by=person, name="Người dân", requirements="Đúng hạn"
                )
        with self.assertRaises(ValidationError):
            service.climate_decide(
                agency=self.old, by=self.old_secretary, relevant=False, reason="Không"
            )
        self.client.force_login(self.old_secretary)
        self.assertEqual(self.client.get(reverse("audits:context")).status_code, 404)
        self.assertFalse(InterestedParty.objects.exists())

    def test_the_register_is_dated_when_reviewed_each_row_in_its_history(self):
        with time_machine.travel("2026-03-02 09:00 +07:00", tick=False):
            issue = service.context_issue_save(
                agency=self.agency,
                by=self.lan,
                origin=ContextIssue.Origin.EXTERNAL,
                title="Sáp nhập đơn vị hành chính cấp xã từ 01/7/2025",
                effect="Thay đổi địa bàn và thẩm quyền giải quyết TTHC.",
            )
            party = service.interested_party_save(
                agency=self.agency,
                by=self.lan,
                name="Người dân, tổ chức nộp hồ sơ",
                requirements="Hồ sơ được giải quyết đúng hạn, thông tin rõ ràng.",
            )
        self.assertEqual(service.context_reviewed(agency=self.agency, by=self.lan), 2)
        for row in (issue, party):
            row.refresh_from_db()
            self.assertEqual(row.reviewed_on, date(2026, 12, 15))
            self.assertEqual(row.history.first().history_change_reason, "Rà soát sổ bối cảnh")
        with self.assertRaises(ValidationError):
            service.context_reviewed(agency=self.agency, by=self.lan, on=date(2026, 12, 16))

    def test_the_management_review_compiles_the_register_into_input_b(self):
        service.climate_decide(agency=self.agency, by=self.lan, relevant=True, reason=FLOODS)
        service.context_issue_save(
            agency=self.agency,
            by=self.lan,
            origin=ContextIssue.Origin.INTERNAL,
            title="Thiếu công chức có chứng chỉ đánh giá viên nội bộ",
        )
        service.context_issue_save(
            agency=self.agency,
            by=self.lan,
            origin=ContextIssue.Origin.INTERNAL,
            title="Phần mềm một cửa cũ",
            relevant=False,
        )
        service.interested_party_save(
            agency=self.agency,
            by=self.lan,
            name="UBND tỉnh",
            requirements="Báo cáo ISO đúng hạn trước 15/12",
            climate_requirements="Kế hoạch ứng phó biến đổi khí hậu của tỉnh",
        )
        review = reviews.review_create(
            agency=self.agency,
            by=self.lan,
            title="Họp xem xét của lãnh đạo năm 2026",
            held_on=date(2026, 12, 15),
            chair=self.minh,
        )
        review = reviews.review_compile(review=review, by=self.lan)
        context = review.inputs["context"]
        self.assertEqual(
            [row["title"] for row in context["issues"]],
            ["Biến đổi khí hậu", "Thiếu công chức có chứng chỉ đánh giá viên nội bộ"],
        )
        self.assertEqual(context["parties"][0]["name"], "UBND tỉnh")
        self.client.force_login(self.lan)
        page = self.client.get(reverse("audits:review-detail", args=[review.pk]))
        self.assertContains(page, "là vấn đề liên quan")
        self.assertContains(page, "Kế hoạch ứng phó biến đổi khí hậu của tỉnh")
        self.assertNotContains(page, "Phần mềm một cửa cũ")

    def test_the_pages_the_secretary_uses(self):
        self.client.force_login(self.lan)
        page = self.client.get(reverse("audits:context"))
        self.assertContains(page, "Chưa quyết định")
        self.client.post(reverse("audits:context-climate"), {"relevant": "yes", "reason": FLOODS})
        response = self.client.post(
            reverse("audits:context-party-create"),
            {"name": "Người dân", "requirements": "Đúng hạn", "relevant": "on"},
        )
        self.assertRedirects(response, reverse("audits:context"))
        response = self.client.post(
            reverse("audits:context-issue-create"),
            {"origin": "external", "title": " ", "effect": "Thay đổi địa bàn"},
        )
        # Nothing lost: the form comes back with what was typed and the reason.
        self.assertContains(response, 'aria-invalid="true"')
        self.assertContains(response, "Thay đổi địa bàn</textarea>")
        self.assertFalse(ContextIssue.objects.filter(is_climate=False).exists())
        page = self.client.get(reverse("audits:context"))
        self.assertContains(page, FLOODS)
        self.assertContains(page, "Người dân")
        party = InterestedParty.objects.get()
        edit = reverse("audits:context-party-edit", args=[party.pk])
        self.client.post(edit, {"name": "Người dân", "requirements": "Đúng hạn, đúng luật"})
        party.refresh_from_db()
        self.assertEqual((party.requirements, party.relevant), ("Đúng hạn, đúng luật", False))
        # Staff read it and change nothing; another agency's row is not found.
        self.client.force_login(self.hoa)
        self.assertEqual(self.client.get(reverse("audits:context")).status_code, 200)
        self.assertEqual(
            self.client.post(edit, {"name": "x", "requirements": "y"}).status_code, 403
        )
        self.client.force_login(self.old_secretary)
        self.assertEqual(self.client.get(edit).status_code, 404)

    def test_the_register_page_costs_the_same_with_two_rows_or_forty(self):
        self.client.force_login(self.lan)
        url = reverse("audits:context")
        service.climate_decide(agency=self.agency, by=self.lan, relevant=True, reason=FLOODS)
        service.interested_party_save(
            agency=self.agency, by=self.lan, name="Người dân", requirements="Đúng hạn"
        )
        self.client.get(url)
        before = count_queries(lambda: self.client.get(url))
        for n in range(20):
            service.context_issue_save(
                agency=self.agency, by=self.lan, origin="internal", title=f"Vấn đề {n}"
            )
            service.interested_party_save(
                agency=self.agency, by=self.lan, name=f"Bên {n}", requirements="Đúng hạn"
            )
        self.assertEqual(count_queries(lambda: self.client.get(url)), before)
