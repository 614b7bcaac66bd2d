"""The clause view, from known data, with the clock on 30 June 2026: Sở Tư pháp's procedure
cites 7.5.3; its internal audit of 10 March chose clauses 7 and 8.5 and its report was approved
on 20 March; a major finding on 8.5.1 opened a nonconformity still open; a quality objective of
2026 sits on 6.2 and an open risk on 6.1. The Sở reads each agency's clauses with its documents
counted, never named, and the province's clauses agency by agency, on screen and in .xlsx."""

import io
from datetime import date
from decimal import Decimal

import time_machine
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from audits.models import ChecklistItem, Finding, QualityObjective, Risk
from audits.selectors.clauses import ClauseStatus, clause_view, province_clause_counts
from audits.services import checklists, findings
from audits.services.objectives import objective_save
from audits.services.risks import risk_save
from documents.models import Document, IsoClause
from qms.agencies.roles import Role
from qms.monitoring.selectors.status import agencies_in_scope
from tests.helpers import (
    count_queries,
    make_agency,
    make_document,
    make_notified_audit,
    make_province,
    make_unit,
    make_user,
)
from tests.test_report_pdfs import pdf_lines

CLOCK = time_machine.travel("2026-06-30 09:00 +07:00", tick=False)


def clauses(*numbers: str, version: str = "2015") -> list[IsoClause]:
    return list(IsoClause.objects.filter(version=version, number__in=numbers))


def effective(agency, by, title: str, *numbers: str) -> Document:
    """A document in force citing ``numbers``; its issue's own flow is tested elsewhere, the
    clause view reads only that it is effective and what it cites."""
    document = make_document(agency, by, title)
    Document.objects.filter(pk=document.pk).update(status=Document.Status.EFFECTIVE)
    document.clauses.set(clauses(*numbers, version=agency.iso_version))
    return document


def closed_audit(agency, *, secretary, approver, lead, auditee, unit, chosen, approved_on):
    """An audit of ``chosen`` clauses, walked through to its approved report."""
    with time_machine.travel(f"{date(2026, 3, 10)} 08:00 +07:00", tick=False):
        audit = make_notified_audit(
            agency,
            secretary=secretary,
            approver=approver,
            lead=lead,
            auditee=auditee,
            units=[unit],
            clauses=chosen,
            start_on=date(2026, 3, 10),
            end_on=date(2026, 3, 11),
        )
        checklists.checklist_build(audit=audit, by=lead)
        for item in audit.checklist.all():
            checklists.checklist_answer(
                item=item, by=lead, result=ChecklistItem.Result.CONFORMING, evidence="Sổ tháng 2"
            )
        major = findings.finding_record(
            audit=audit,
            by=lead,
            grade=Finding.Grade.MAJOR,
            statement="Hồ sơ trả kết quả trễ hạn không có phiếu xin lỗi",
            evidence="3/25 hồ sơ tháng 2/2026",
            clause=clauses("8.5.1", version=agency.iso_version)[0],
            unit=unit,
        )
        findings.audit_complete(audit=audit, by=lead)
        findings.report_propose(audit=audit, by=lead, conclusion="Hệ thống được áp dụng.")
    with time_machine.travel(f"{approved_on} 15:00 +07:00", tick=False):
        findings.report_decide(audit=audit, by=approver, approve=True)
    return audit, major


@CLOCK
class ClauseViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with CLOCK:
            cls.province = make_province("Ủy ban nhân dân tỉnh Lâm Đồng")
            cls.sotp = make_agency("Sở Tư pháp", province=cls.province)
            cls.legal = make_unit(cls.sotp, "Phòng Hành chính tư pháp")
            office = make_unit(cls.sotp, "Văn phòng Sở")
            cls.lan = make_user(
                "Nguyễn Thị Lan", cls.sotp, [Role.ISO_SECRETARY, Role.DRAFTER], unit=office
            )
            cls.minh = make_user("Phạm Văn Minh", cls.sotp, [Role.APPROVER], unit=office)
            cls.thao = make_user("Võ Thị Thảo", cls.sotp, [Role.AUDITOR], unit=office)
            cls.dung = make_user("Võ Văn Dũng", cls.sotp, [Role.STAFF], unit=cls.legal)
            cls.tuan = make_user("Ngô Anh Tuấn", cls.province, [Role.SUPERVISOR])
            cls.procedure = effective(
                cls.sotp, cls.lan, "Quy trình kiểm soát thông tin dạng văn bản", "7.5.3"
            )
            cls.audit, cls.major = closed_audit(
                cls.sotp,
                secretary=cls.lan,
                approver=cls.minh,
                lead=cls.thao,
                auditee=cls.dung,
                unit=cls.legal,
                chosen=["7", "8.5"],
                approved_on=date(2026, 3, 20),
            )
            objective_save(
                agency=cls.sotp,
                by=cls.lan,
                year=2026,
                title="100% hồ sơ giải quyết đúng hạn",
                indicator="Tỷ lệ hồ sơ giải quyết đúng hạn",
                unit_of_measure="%",
                target=Decimal("98"),
                direction=QualityObjective.Direction.AT_LEAST,
                unit=cls.legal,
                responsible=cls.dung,
            )
            risk_save(
                agency=cls.sotp,
                by=cls.lan,
                title="Văn bản pháp luật thay đổi chưa cập nhật kịp",
                likelihood=4,
                impact=3,
            )

    def rows(self, agency=None):
        return {row.clause.number: row for row in clause_view(agency or self.sotp)}

    def test_each_clause_status_follows_its_evidence(self):
        rows = self.rows()
        expected = {
            "7.5.3": ClauseStatus.COVERED,  # a document, audited in March
            "7.5": ClauseStatus.COVERED,  # served through 7.5.3
            "7.1.2": ClauseStatus.COVERED,  # audited through its main clause 7
            "8.5.1": ClauseStatus.ATTENTION,  # the major nonconformity is open
            "8.5": ClauseStatus.ATTENTION,  # … against one of its sub-clauses
            "8.2": ClauseStatus.NONE,  # nothing at all
            "6.2": ClauseStatus.ATTENTION,  # an objective, never audited
            "6.1": ClauseStatus.ATTENTION,  # a risk, never audited
            "9.2": ClauseStatus.NONE,
        }
        self.assertEqual({number: rows[number].status for number in expected}, expected)
        self.assertEqual(
            rows["7.5"].documents, [(self.procedure.pk, self.procedure.code, self.procedure.title)]
        )
        self.assertEqual(
            rows["7.5.3"].last_audit, (self.audit.pk, self.audit.code, date(2026, 3, 20))
        )
        self.assertEqual((rows["8.5.1"].open_nonconformities, rows["8.5.1"].open_major), (1, 1))
        self.assertEqual(str(rows["6.2"].reasons[0]), "chưa được đánh giá nội bộ trong 12 tháng")
        self.assertEqual((rows["6.2"].objectives, rows["6.1"].risks), (1, 1))
        self.assertNotIn("4", rows)  # main clauses head their sub-clauses; rows are sub-clauses

    def test_a_year_after_the_audit_the_covered_clauses_need_attention(self):
        with time_machine.travel("2027-03-21 09:00 +07:00", tick=False):
            rows = self.rows()
        self.assertEqual(rows["7.5.3"].status, ClauseStatus.ATTENTION)
        with time_machine.travel("2027-03-19 09:00 +07:00", tick=False):
            self.assertEqual(self.rows()["7.5.3"].status, ClauseStatus.COVERED)

    def test_closing_the_nonconformity_clears_the_attention(self):
        from audits.models import Nonconformity

        Nonconformity.objects.filter(pk=self.major.nonconformity_id).update(
            status=Nonconformity.Status.CLOSED
        )
        self.assertEqual(self.rows()["8.5.1"].status, ClauseStatus.COVERED)

    def test_an_agency_on_2026_finds_risks_and_opportunities_under_their_own_clauses(self):
        with CLOCK:
            agency = make_agency("Sở Y tế", province=self.province, iso_version="2026")
            secretary = make_user("Trần Thị Hoa", agency, [Role.ISO_SECRETARY])
            for kind, title in (
                (Risk.Kind.RISK, "Phần mềm một cửa ngừng hoạt động"),
                (Risk.Kind.OPPORTUNITY, "Liên thông hồ sơ với cổng dịch vụ công"),
                (Risk.Kind.OPPORTUNITY, "Thanh toán trực tuyến phí, lệ phí"),
            ):
                risk_save(
                    agency=agency, by=secretary, kind=kind, title=title, likelihood=3, impact=3
                )
            rows = self.rows(agency)
        self.assertEqual((rows["6.1.2"].risks, rows["6.1.3"].risks), (1, 2))
        self.assertEqual(rows["6.1.2"].clause.version, "2026")
        self.assertNotIn("5.4.1", rows)

    def test_the_secretary_reads_the_page_and_filters_by_status(self):
        self.client.force_login(self.dung)
        url = reverse("audits:clause-view")
        response = self.client.get(url)
        self.assertContains(response, self.procedure.code)
        self.assertContains(response, "Cần chú ý")
        response = self.client.get(url, {"status": ClauseStatus.NONE})
        numbers = [row.clause.number for row in response.context["rows"]]
        self.assertIn("9.2", numbers)
        self.assertNotIn("7.5.3", numbers)

    def test_the_page_costs_the_same_for_one_document_or_thirty(self):
        self.client.force_login(self.lan)
        url = reverse("audits:clause-view")
        self.client.get(url)
        before = count_queries(lambda: self.client.get(url))
        for n in range(30):
            effective(self.sotp, self.lan, f"Quy trình số {n}", "8.1", "8.2.1", "9.1.2")
        self.assertEqual(count_queries(lambda: self.client.get(url)), before)

    def test_the_so_reads_the_clauses_without_document_titles(self):
        self.client.force_login(self.tuan)
        response = self.client.get(reverse("monitoring:agency-clauses", args=[self.sotp.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, self.procedure.title)
        self.assertNotContains(
            response, reverse("documents:document-detail", args=[self.procedure.pk])
        )
        # Another province's supervisor and the agency's own staff are kept out.
        khanh = make_user("Lê Quốc Khánh", make_province("Khánh Hòa"), [Role.SUPERVISOR])
        self.client.force_login(khanh)
        url = reverse("monitoring:agency-clauses", args=[self.sotp.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.dung)
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_the_province_counts_agencies_by_clause_and_exports_them(self):
        soyt = make_agency("Sở Y tế", province=self.province)
        effective(soyt, make_user("Bình", soyt, [Role.ISO_SECRETARY]), "Quy trình hồ sơ", "7.5.3")
        make_agency("Sở Xây dựng", province=self.province, iso_version="2008")
        agencies = agencies_in_scope(self.province, as_of=date(2026, 6, 30))
        table, counted = province_clause_counts(agencies, "2015")
        self.assertEqual(counted, 2)
        rows = {row.clause.number: row.counts for row in table}
        self.assertEqual(rows["7.5.3"], {"covered": 1, "attention": 1, "none": 0})
        self.assertEqual(rows["9.2"], {"covered": 0, "attention": 0, "none": 2})
        self.client.force_login(self.tuan)
        page = self.client.get(reverse("monitoring:clauses"))
        self.assertContains(page, "7.5.3")
        book = load_workbook(
            io.BytesIO(self.client.get(reverse("monitoring:clauses-xlsx")).content)
        )
        sheet = book.active
        found = [row for row in sheet.iter_rows(values_only=True) if row[0] == "7.5.3"]
        self.assertEqual(found[0][2:], (1, 1, 0))
        report = self.client.get(reverse("monitoring:clauses-pdf"))
        self.assertEqual(report["Content-Type"], "application/pdf")
        lines = pdf_lines(report.content)
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", " ".join(lines))
        self.assertIn(
            "TCVN ISO 9001:2015 (Amd 1:2024): 2 cơ quan áp dụng phiên bản này, ngày 30/06/2026",
            " ".join(lines),
        )
        self.assertIn("7.5.3 Kiểm soát thông tin dạng văn bản 1 1 0", lines)
        self.assertEqual(
            self.client.get(reverse("monitoring:clauses"), {"version": "2008"}).status_code, 200
        )
        self.client.force_login(self.dung)
        self.assertEqual(self.client.get(reverse("monitoring:clauses")).status_code, 403)

    def test_the_province_page_costs_the_same_for_three_agencies_or_thirty(self):
        self.client.force_login(self.tuan)
        url = reverse("monitoring:clauses")
        self.client.get(url)
        before = count_queries(lambda: self.client.get(url))
        for n in range(27):
            make_agency(f"UBND xã số {n}", province=self.province, level="commune")
        self.assertEqual(count_queries(lambda: self.client.get(url)), before)
