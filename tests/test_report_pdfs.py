"""Report PDFs open with the Decree 30/2020/NĐ-CP heading: the issuing body under its parent
body, "Số: …/BC-…" left blank for the clerk, the place and date line and the national motto
on one line. The controlled copy of a procedure prints each heading once."""

import subprocess
from datetime import date

import time_machine
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from audits import audit_pdf
from audits.services import reviews
from documents import pdf as document_pdf
from documents.services import revisions as flow
from qms.agencies.letterhead import abbreviation, decree_date, letterhead, place_name
from qms.agencies.roles import Role
from qms.agencies.services import agency_create
from tests.helpers import (
    make_agency,
    make_document,
    make_notified_audit,
    make_unit,
    make_user,
)
from tests.monitoring.fixtures import SupervisionFixture
from tests.monitoring.test_annual_reports import make_template

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SLOGAN = "Độc lập - Tự do - Hạnh phúc"


def pdf_lines(data: bytes) -> list[str]:
    """The PDF's text, line by line as laid out on the page, spaces squeezed."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def vietnamese(message: str, **values) -> str:
    with translation.override("vi"):
        return _(message) % values


class LetterheadFixture(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = agency_create(
            name="Ủy ban nhân dân tỉnh Lâm Đồng",
            short_name="UBND tỉnh Lâm Đồng",
            code="tinh-lam-dong",
            level="province",
        )
        cls.agency = make_agency(
            "Sở Tư pháp tỉnh Lâm Đồng", short_name="Sở Tư pháp", province=cls.province
        )
        cls.office = make_unit(cls.agency, "Văn phòng Sở")
        cls.legal = make_unit(cls.agency, "Phòng Hành chính tư pháp")
        # Lan, ISO secretary of the Sở Tư pháp.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY], unit=cls.office)
        # Minh, its director, who approves.
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER], unit=cls.office)
        # Hùng, lead auditor, who also reviews drafts.
        cls.hung = make_user(
            "Trần Văn Hùng", cls.agency, [Role.AUDITOR, Role.REVIEWER], unit=cls.legal
        )
        # Dũng, staff audited.
        cls.dung = make_user("Võ Văn Dũng", cls.agency, [Role.STAFF], unit=cls.office)

    def number_line(self, kind: str = "BC") -> str:
        # The blank the clerk fills in is squeezed with the other spaces.
        return vietnamese("No.: %(blank)s/%(kind)s-%(issuer)s", blank="", kind=kind, issuer="STP")

    def assert_decree_heading(self, lines: list[str], *, on: date, kind: str = "BC") -> None:
        head = lines[:6]
        text = "\n".join(head)
        self.assertIn("UBND TỈNH LÂM ĐỒNG", head[0])
        self.assertIn("SỞ TƯ PHÁP", head[1])
        # The motto's first line is never broken, and sits beside the bodies.
        self.assertIn(MOTTO, head[0])
        self.assertIn(SLOGAN, head[1])
        self.assertIn(self.number_line(kind), text)
        self.assertIn(f"Lâm Đồng, {decree_date(on)}", text)
        self.assertNotIn("SỞ TƯ PHÁP TỈNH LÂM ĐỒNG", text)


@time_machine.travel("2026-12-07 09:00 +07:00", tick=False)
class AuditPdfTests(LetterheadFixture):
    def audit(self):
        return make_notified_audit(
            self.agency,
            secretary=self.lan,
            approver=self.minh,
            lead=self.hung,
            auditee=self.dung,
            units=[self.office],
        )

    def test_the_audit_report_opens_with_the_decree_heading(self):
        lines = pdf_lines(audit_pdf.report_pdf(self.audit()))
        self.assert_decree_heading(lines, on=date(2026, 12, 7))

    def test_the_audit_plan_is_numbered_as_a_plan_on_its_start_date(self):
        audit = self.audit()
        lines = pdf_lines(audit_pdf.plan_pdf(audit))
        self.assert_decree_heading(lines, on=audit.start_on, kind="KH")


@time_machine.travel("2026-12-07 09:00 +07:00", tick=False)
class ReviewMinutesPdfTests(LetterheadFixture):
    def test_the_minutes_are_dated_on_the_meeting_day(self):
        review = reviews.review_create(
            agency=self.agency,
            by=self.lan,
            title="Xem xét của lãnh đạo năm 2026",
            held_on=date(2026, 2, 5),
            chair=self.minh,
            participants=[self.lan, self.hung],
        )
        self.client.force_login(self.lan)
        response = self.client.get(reverse("audits:review-pdf", args=[review.pk]))
        self.assertEqual(response["Content-Type"], "application/pdf")
        lines = pdf_lines(response.content)
        self.assert_decree_heading(lines, on=date(2026, 2, 5), kind="BB")
        # Decree 30 writes the months 1 and 2 with a leading zero.
        self.assertIn(
            vietnamese(
                "day %(day)s month %(month)s year %(year)s", day="05", month="02", year=2026
            ),
            "\n".join(lines),
        )


class LetterheadRulesTests(LetterheadFixture):
    def test_abbreviations_follow_the_short_name(self):
        ministry_like = [
            ("Sở KH&CN", "SKHCN"),
            ("Sở Khoa học và Công nghệ", "SKHCN"),
            ("Sở Nội vụ", "SNV"),
            ("UBND tỉnh Lâm Đồng", "UBND"),
            ("UBND phường Xuân Hương - Đà Lạt", "UBND"),
            ("Thanh tra tỉnh", "TT"),
        ]
        for short_name, expected in ministry_like:
            self.agency.short_name = short_name
            self.assertEqual(abbreviation(self.agency), expected)

    def test_the_place_is_the_province_of_the_body(self):
        self.assertEqual(place_name(self.agency), "Lâm Đồng")
        self.assertEqual(place_name(self.province), "Lâm Đồng")

    def test_a_province_has_no_parent_line(self):
        heading = letterhead(agency=self.province, on=date(2026, 12, 31))
        self.assertEqual((heading.parent, heading.issuer), ("", "UBND TỈNH LÂM ĐỒNG"))
        self.assertTrue(heading.number.endswith("/BC-UBND"))

    def test_days_below_ten_and_the_first_two_months_have_a_leading_zero(self):
        values = {
            date(2026, 1, 1): ("01", "01"),
            date(2026, 2, 28): ("28", "02"),
            date(2026, 6, 30): ("30", "6"),
            date(2026, 11, 9): ("09", "11"),
        }
        for day, (dd, mm) in values.items():
            expected = vietnamese(
                "day %(day)s month %(month)s year %(year)s", day=dd, month=mm, year=2026
            )
            with translation.override("vi"):
                self.assertEqual(decree_date(day), expected)


class ControlledCopyHeadingTests(LetterheadFixture):
    def test_the_kind_and_the_change_summary_are_printed_once(self):
        document = make_document(self.agency, self.lan, "Quy trình kiểm soát tài liệu")
        revision = document.revisions.get()
        flow.revision_update_content(
            revision=revision,
            by=self.lan,
            purpose="Quy định thống nhất cách thức kiểm soát tài liệu.",
            change_summary="Ban hành lần đầu theo TCVN ISO 9001:2015",
            steps=[{"content": "Tiếp nhận hồ sơ", "responsible": "Văn phòng", "duration_days": 1}],
        )
        flow.revision_submit(
            revision=revision, by=self.lan, reviewers=[self.hung], approver=self.minh
        )
        flow.revision_review_pass(revision=revision, by=self.hung)
        flow.revision_approve(revision=revision, by=self.minh)
        revision.refresh_from_db()
        lines = pdf_lines(document_pdf.render_revision_pdf(revision, draft=False))
        text = " ".join(lines)
        # The page header: the title already says what kind of document it is.
        header = " ".join(lines[: lines.index("Trang: 1/1") + 1])
        self.assertEqual(header.upper().count("QUY TRÌNH"), 1, header)
        self.assertEqual(text.count("Ban hành lần đầu theo TCVN"), 1)


@time_machine.travel("2026-12-07 09:00 +07:00", tick=False)
class ProvinceReportPdfTests(SupervisionFixture):
    """Reports the province issues: the People's Committee heads them, with no parent line."""

    def assert_province_heading(self, data: bytes) -> None:
        lines = pdf_lines(data)
        text = "\n".join(lines[:6])
        self.assertIn(MOTTO, lines[0])
        self.assertIn("ỦY BAN NHÂN DÂN", lines[0])
        number = vietnamese(
            "No.: %(blank)s/%(kind)s-%(issuer)s", blank="", kind="BC", issuer="UBND"
        )
        self.assertIn(number, text)
        self.assertIn(f"Lâm Đồng, {decree_date(date(2026, 12, 7))}", text)

    def test_the_coverage_report(self):
        self.client.force_login(self.tuan)
        self.assert_province_heading(self.client.get(reverse("monitoring:coverage-pdf")).content)

    def test_the_consolidated_annual_report(self):
        make_template(self.province, self.tuan, year=2026, deadline=date(2026, 12, 31))
        self.client.force_login(self.tuan)
        response = self.client.get(reverse("monitoring:report-consolidated-pdf") + "?year=2026")
        self.assert_province_heading(response.content)

    def test_the_consolidated_inspection_report(self):
        plan = self.make_plan(status="in_progress")
        self.client.force_login(self.tuan)
        response = self.client.get(reverse("monitoring:inspection-plan-pdf", args=[plan.pk]))
        self.assert_province_heading(response.content)
