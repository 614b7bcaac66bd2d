"""The internal audit pages: the permission ladder, a whole audit driven through the pages, the
refusals shown to the person, the PDFs' text, "Việc của tôi" and flat query counts."""

from datetime import date

from django.contrib import messages
from django.test import TestCase
from django.urls import reverse

from audits.models import Audit, AuditProgramme, ChecklistItem, Finding, Nonconformity
from audits.services import audit_plans, checklists, findings
from documents.models import IsoClause
from qms.agencies.roles import Role
from tests.documents.test_pdf import pdf_text, vi
from tests.helpers import (
    LadderMixin,
    audit_fields,
    count_queries,
    make_agency,
    make_notified_audit,
    make_programme,
    make_unit,
    make_user,
)

U = Audit.Status


def errors(response) -> list[str]:
    return [str(m) for m in response.context["messages"] if m.level == messages.ERROR]


class AuditPagesTests(LadderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        cls.office = make_unit(cls.agency, "Văn phòng Sở")
        cls.legal = make_unit(cls.agency, "Phòng Hành chính tư pháp")
        # Lan, ISO secretary.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY], unit=cls.office)
        # Minh, the leader.
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER], unit=cls.office)
        # Hùng, internal auditor of the Văn phòng.
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.AUDITOR], unit=cls.office)
        # Dũng, head of the legal unit, auditee.
        cls.dung = make_user("Võ Văn Dũng", cls.agency, [Role.STAFF], unit=cls.legal)
        # Tuấn, ISO secretary of another agency, who must never see A's audits.
        other = make_agency("Sở Y tế")
        cls.tuan = make_user("Ngô Anh Tuấn", other, [Role.ISO_SECRETARY, Role.APPROVER])

    def notified(self, **fields) -> Audit:
        fields.setdefault("units", [self.legal])
        return make_notified_audit(
            self.agency,
            secretary=self.lan,
            approver=self.minh,
            lead=self.hung,
            auditee=self.dung,
            **fields,
        )

    def test_ladders(self):
        audit = self.notified()
        finding = findings.finding_record(
            audit=audit,
            by=self.hung,
            grade=Finding.Grade.OBSERVATION,
            statement="Chưa cập nhật danh mục hồ sơ",
            evidence="Danh mục năm 2025",
            clause=audit.clauses.first(),
            unit=self.legal,
        )
        self.assert_ladder(
            reverse("audits:programme-create"),
            outsider=None,
            wrong_role=self.hung,
            right_role=self.lan,
        )
        for url in (
            reverse("audits:programme-detail", args=[audit.programme_id]),
            reverse("audits:audit-detail", args=[audit.pk]),
            reverse("audits:audit-checklist", args=[audit.pk]),
            reverse("audits:audit-findings", args=[audit.pk]),
            reverse("audits:audit-report", args=[audit.pk]),
            reverse("audits:finding-detail", args=[finding.pk]),
        ):
            self.assert_ladder(url, outsider=self.tuan, wrong_role=None, right_role=self.dung)
        for url in (
            reverse("audits:programme-edit", args=[audit.programme_id]),
            reverse("audits:audit-edit", args=[audit.pk]),
        ):
            self.assert_ladder(url, outsider=self.tuan, wrong_role=self.hung, right_role=self.lan)
        self.assert_ladder(
            reverse("audits:audit-finding-create", args=[audit.pk]),
            outsider=self.tuan,
            wrong_role=self.dung,
            right_role=self.hung,
        )

    def test_a_whole_audit_through_the_pages(self):
        self.client.force_login(self.lan)
        year = date.today().year
        response = self.client.post(
            reverse("audits:programme-create"),
            {"year": year, "objectives": "Đánh giá toàn bộ hệ thống", "criteria": ""},
        )
        programme = AuditProgramme.objects.get(agency=self.agency, year=year)
        self.assertRedirects(response, reverse("audits:programme-detail", args=[programme.pk]))
        clauses = IsoClause.objects.filter(version="2015", number__in=["7.5", "9.2"])
        response = self.client.post(
            reverse("audits:programme-audit-create", args=[programme.pk]),
            {
                "title": "Đánh giá Phòng Hành chính tư pháp",
                "objectives": "Kiểm tra việc áp dụng quy trình",
                "start_on": f"15/06/{year}",
                "end_on": f"16/06/{year}",
                "units": [self.legal.pk],
                "clauses": [clause.pk for clause in clauses],
                "auditees": [self.dung.pk],
            },
        )
        audit = programme.audits.get()
        self.assertRedirects(response, reverse("audits:audit-detail", args=[audit.pk]))
        self.assertEqual(audit.code, f"ĐGNB-{year}-01")
        self.client.post(reverse("audits:programme-propose", args=[programme.pk]))
        self.client.force_login(self.minh)
        self.client.post(reverse("audits:programme-decide", args=[programme.pk]), {"comment": ""})
        self.client.force_login(self.lan)
        self.client.post(
            reverse("audits:audit-team-add", args=[audit.pk]),
            {"auditor": self.hung.pk, "is_lead": "on"},
        )
        self.client.post(reverse("audits:audit-send", args=[audit.pk]))
        audit.refresh_from_db()
        self.assertEqual(audit.status, U.NOTIFIED)

        self.client.force_login(self.hung)
        self.client.post(reverse("audits:audit-checklist-build", args=[audit.pk]))
        items = list(audit.checklist.all())
        self.assertEqual(len(items), 2)
        # Closing with unanswered items is refused and says why.
        response = self.client.post(reverse("audits:audit-complete", args=[audit.pk]), follow=True)
        self.assertEqual(len(errors(response)), 1)
        self.assertEqual(Audit.objects.get(pk=audit.pk).status, U.NOTIFIED)
        for item in items:
            self.client.post(
                reverse("audits:checklistitem-answer", args=[item.pk]),
                {
                    f"{item.pk}-result": ChecklistItem.Result.NONCONFORMING,
                    f"{item.pk}-evidence": "Sổ theo dõi thiếu ngày trả",
                },
            )
        response = self.client.post(
            reverse("audits:audit-finding-create", args=[audit.pk]),
            {
                "grade": Finding.Grade.MAJOR,
                "statement": "Không kiểm soát hồ sơ trả kết quả",
                "evidence": "Sổ theo dõi tháng 6",
                "clause": items[0].clause_id,
                "unit": self.legal.pk,
                "checklist_item": items[0].pk,
            },
        )
        finding = audit.findings.get()
        self.assertRedirects(response, reverse("audits:finding-detail", args=[finding.pk]))
        self.assertEqual(finding.nonconformity.source, Nonconformity.Source.AUDIT)
        self.client.post(reverse("audits:audit-complete", args=[audit.pk]))
        self.client.post(
            reverse("audits:audit-report", args=[audit.pk]),
            {"conclusion": "Hệ thống được áp dụng nhưng còn một điểm không phù hợp nặng."},
        )
        self.client.force_login(self.dung)
        self.client.post(reverse("audits:finding-acknowledge", args=[finding.pk]), {"comment": ""})
        self.client.force_login(self.minh)
        self.client.post(reverse("audits:audit-report-decide", args=[audit.pk]), {"comment": ""})
        audit.refresh_from_db()
        self.assertEqual(audit.status, U.CLOSED)
        response = self.client.get(reverse("audits:audit-report-pdf", args=[audit.pk]))
        stored = b"".join(response.streaming_content)
        self.assertEqual(stored, audit.report_pdf.open("rb").read())
        text = pdf_text(stored)
        for expected in (
            "Sở Tư pháp",
            audit.code,
            "Phòng Hành chính tư pháp",
            "Trần Văn Hùng",
            "Không kiểm soát hồ sơ trả kết quả",
            finding.nonconformity.code,
            "Phạm Văn Minh",
        ):
            self.assertIn(expected, text)
        self.assertIn(vi("Internal audit report").upper(), text)

    def test_own_unit_without_justification_is_refused_on_the_page(self):
        programme = make_programme(self.agency, self.lan, self.minh)
        audit = audit_plans.audit_plan_create(
            programme=programme, by=self.lan, **audit_fields(self.agency, units=[self.office])
        )
        self.client.force_login(self.lan)
        response = self.client.post(
            reverse("audits:audit-team-add", args=[audit.pk]),
            {"auditor": self.hung.pk, "is_lead": "on"},
            follow=True,
        )
        self.assertEqual(len(errors(response)), 1)
        self.assertFalse(audit.team.exists())

    def test_the_plan_pdf_holds_the_plan(self):
        audit = self.notified()
        self.client.force_login(self.dung)
        response = self.client.get(reverse("audits:audit-plan-pdf", args=[audit.pk]))
        text = pdf_text(response.content)
        for expected in (audit.code, "Phòng Hành chính tư pháp", "Trần Văn Hùng", "Võ Văn Dũng"):
            self.assertIn(expected, text)
        self.assertIn(vi("Internal audit plan").upper(), text)

    def test_my_tasks_show_findings_to_acknowledge_and_reports_to_approve(self):
        audit = self.notified()
        finding = findings.finding_record(
            audit=audit,
            by=self.hung,
            grade=Finding.Grade.MINOR,
            statement="Thiếu hồ sơ",
            evidence="Sổ",
            clause=audit.clauses.first(),
            unit=self.legal,
        )
        self.client.force_login(self.dung)
        self.assertContains(self.client.get(reverse("home")), finding.code)
        item = checklists.checklist_item_add(audit=audit, by=self.hung, question="Sổ")
        checklists.checklist_answer(item=item, by=self.hung, result="conforming", evidence="Có")
        findings.audit_complete(audit=audit, by=self.hung)
        findings.report_propose(audit=audit, by=self.hung, conclusion="Phù hợp")
        self.client.force_login(self.minh)
        self.assertContains(self.client.get(reverse("home")), audit.code)

    def test_query_counts_stay_flat(self):
        audit = self.notified()
        self.client.force_login(self.lan)
        pages = [
            reverse("audits:programme-detail", args=[audit.programme_id]),
            reverse("audits:audit-checklist", args=[audit.pk]),
            reverse("audits:audit-findings", args=[audit.pk]),
            reverse("audits:audit-report", args=[audit.pk]),
            reverse("audits:programme-list"),
        ]

        def grow(n):
            for i in range(n):
                audit_plans.audit_plan_create(
                    programme=audit.programme,
                    by=self.lan,
                    **audit_fields(self.agency, units=[self.legal, self.office]),
                )
                item = checklists.checklist_item_add(audit=audit, by=self.hung, question=f"Câu {i}")
                findings.finding_record(
                    audit=audit,
                    by=self.hung,
                    grade=Finding.Grade.MINOR if i % 2 else Finding.Grade.OBSERVATION,
                    statement=f"Phát hiện {i}",
                    evidence="Sổ",
                    clause=audit.clauses.first(),
                    unit=self.legal,
                    checklist_item=item,
                )

        grow(1)
        before = [count_queries(lambda url=url: self.client.get(url)) for url in pages]
        grow(4)
        after = [count_queries(lambda url=url: self.client.get(url)) for url in pages]
        self.assertEqual(before, after)

    def test_the_nonconformity_links_back_to_its_finding(self):
        audit = self.notified()
        finding = findings.finding_record(
            audit=audit,
            by=self.hung,
            grade=Finding.Grade.MAJOR,
            statement="Thiếu hồ sơ",
            evidence="Sổ",
            clause=audit.clauses.first(),
            unit=self.legal,
        )
        self.client.force_login(self.lan)
        response = self.client.get(
            reverse("audits:nonconformity-detail", args=[finding.nonconformity_id])
        )
        self.assertContains(response, reverse("audits:finding-detail", args=[finding.pk]))
