"""The annual report pages: permission ladders (the agency sees only its own report; another
province, a 404), the form page, preparing, filling in and submitting, returning, who is late,
the consolidated report as PDF and .xlsx read back, and flat query counts."""

import io
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from qms.monitoring.models import AnnualReport, ReportTemplate
from qms.monitoring.selectors.reports import ReportState, report_rows
from qms.monitoring.services import reports as service
from tests.helpers import LadderMixin, count_queries, make_agency, make_user
from tests.monitoring.fixtures import SupervisionFixture
from tests.monitoring.test_annual_reports import filled, make_template
from tests.monitoring.test_inspection_views import pdf_text

R = AnnualReport.Status
TODAY = timezone.localdate()


class ReportPageTests(LadderMixin, SupervisionFixture):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.template = make_template(cls.province, cls.tuan)
        cls.report = service.report_start(template=cls.template, agency=cls.a, by=cls.lan)

    def test_supervisor_pages_ladder(self):
        for name in ("monitoring:report-overview", "monitoring:report-template-edit"):
            with self.subTest(name):
                self.assert_ladder(
                    reverse(name), outsider=None, wrong_role=self.lan, right_role=self.tuan
                )

    def test_the_agency_sees_only_its_own_report(self):
        url = reverse("monitoring:report-detail", args=[self.report.pk])
        self.assert_ladder(url, outsider=self.binh, wrong_role=None, right_role=self.hoa)
        self.client.force_login(self.khanh)
        self.assertEqual(self.client.get(url).status_code, 404)
        edit = reverse("monitoring:report-edit", args=[self.report.pk])
        self.assert_ladder(edit, outsider=self.binh, wrong_role=self.hoa, right_role=self.lan)
        self.client.force_login(self.tuan)  # the supervisor reads, never edits
        self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(self.client.get(edit).status_code, 403)

    def test_the_supervisor_sets_the_form_through_the_page(self):
        self.client.force_login(self.tuan)
        year = TODAY.year + 1
        url = reverse("monitoring:report-template-edit") + f"?year={year}"
        response = self.client.post(
            url,
            {
                "title": "Báo cáo năm sau",
                "deadline": f"15/12/{year}",
                "fields_text": "budget | Kinh phí | number\nnote | Ghi chú | text",
            },
        )
        self.assertEqual(response.status_code, 302)
        template = ReportTemplate.objects.get(year=year)
        self.assertEqual([f["key"] for f in template.fields], ["budget", "note"])
        for bad in ("budget | Kinh phí", "budget | Kinh phí | money", ""):
            with self.subTest(bad):
                response = self.client.post(
                    url, {"title": "X", "deadline": f"15/12/{year}", "fields_text": bad}
                )
                self.assertEqual(response.status_code, 200)
        template.refresh_from_db()
        self.assertEqual(template.title, "Báo cáo năm sau")

    def test_the_secretary_prepares_fills_and_submits(self):
        self.client.force_login(self.binh)
        response = self.client.post(
            reverse("monitoring:report-start"), {"template": self.template.pk}
        )
        report = AnnualReport.objects.get(agency=self.b)
        self.assertRedirects(response, reverse("monitoring:report-edit", args=[report.pk]))
        data = {
            k: (v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else v)
            for k, v in filled(self.template).items()
        }
        response = self.client.post(
            reverse("monitoring:report-edit", args=[report.pk]), data | {"budget": "-5"}
        )
        self.assertEqual(response.status_code, 200)
        report.refresh_from_db()
        self.assertIsNone(report.values.get("budget"))
        self.client.post(reverse("monitoring:report-edit", args=[report.pk]), data)
        self.client.post(reverse("monitoring:report-submit", args=[report.pk]))
        report.refresh_from_db()
        self.assertEqual(report.status, R.SUBMITTED)
        response = self.client.get(reverse("monitoring:report-edit", args=[report.pk]))
        self.assertRedirects(response, reverse("monitoring:report-detail", args=[report.pk]))

    def test_a_template_of_another_province_cannot_be_started(self):
        other = make_template(self.other_province, self.khanh)
        self.client.force_login(self.binh)
        response = self.client.post(reverse("monitoring:report-start"), {"template": other.pk})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(AnnualReport.objects.filter(agency=self.b).exists())

    def test_the_supervisor_returns_a_report_with_a_comment(self):
        service.report_save(report=self.report, by=self.lan, values=filled(self.template))
        service.report_submit(report=self.report, by=self.lan)
        url = reverse("monitoring:report-return", args=[self.report.pk])
        self.assert_ladder(url, outsider=self.khanh, wrong_role=self.lan, right_role=self.tuan)
        self.client.post(url, {"comment": ""})
        self.report.refresh_from_db()
        self.assertEqual(self.report.status, R.SUBMITTED)
        self.client.post(url, {"comment": "Bổ sung số liệu kinh phí"})
        self.report.refresh_from_db()
        self.assertEqual(self.report.status, R.RETURNED)

    def test_the_overview_query_count_does_not_grow_with_agencies(self):
        self.client.force_login(self.tuan)
        url = reverse("monitoring:report-overview")
        before = count_queries(lambda: self.client.get(url))
        for n in range(3):
            agency = make_agency(f"Sở số {n}", province=self.province)
            secretary = make_user(f"Thư ký {n}", agency, ["iso_secretary"])
            service.report_start(template=self.template, agency=agency, by=secretary)
        self.assertEqual(count_queries(lambda: self.client.get(url)), before)


class LateAndConsolidatedTests(SupervisionFixture):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.template = make_template(
            cls.province,
            cls.tuan,
            deadline=TODAY - timedelta(days=2),
            title="Báo cáo tình hình áp dụng HTQLCL",
        )
        report = service.report_start(template=cls.template, agency=cls.a, by=cls.lan)
        service.report_save(report=report, by=cls.lan, values=filled(cls.template))
        service.report_submit(report=report, by=cls.lan)

    def test_who_submitted_and_who_is_late(self):
        rows = {row.agency: row for row in report_rows(self.template)}
        self.assertEqual(set(rows), {self.a, self.b})  # never the other province's agency
        self.assertTrue(rows[self.a].submitted)
        # Submitted today, after the deadline: late, but submitted.
        self.assertEqual(rows[self.a].state, ReportState.SUBMITTED_LATE)
        self.assertFalse(rows[self.b].submitted)
        self.assertEqual(rows[self.b].state, ReportState.OVERDUE)
        self.assertEqual(rows[self.b].state_label, "Quá hạn, chưa nộp")
        rows = {row.agency: row for row in report_rows(self.template, on=TODAY - timedelta(days=5))}
        self.assertEqual(rows[self.b].state, ReportState.NOT_DUE)

    def test_the_overview_tells_late_submissions_from_overdue_ones(self):
        self.client.force_login(self.tuan)
        response = self.client.get(reverse("monitoring:report-overview") + f"?year={TODAY.year}")
        by_agency = {row.agency: row.state_label for row in response.context["rows"]}
        self.assertEqual(by_agency, {self.a: "Nộp muộn", self.b: "Quá hạn, chưa nộp"})
        self.assertContains(response, "Quá hạn, chưa nộp")

    def test_the_consolidated_xlsx(self):
        self.client.force_login(self.tuan)
        response = self.client.get(
            reverse("monitoring:report-consolidated-xlsx") + f"?year={TODAY.year}"
        )
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][0], "Báo cáo tình hình áp dụng HTQLCL")
        header = rows[1]
        self.assertEqual(header[1], "Cơ quan")
        by_agency = {row[1]: dict(zip(header, row, strict=True)) for row in rows[2:]}
        self.assertEqual(set(by_agency), {"Sở Tư pháp", "Sở Y tế"})
        submitted = by_agency["Sở Tư pháp"]
        self.assertEqual(submitted["Kinh phí thực hiện ISO (đồng)"], 15000000)
        self.assertEqual(submitted["Quyết định công bố (số, ngày)"], "12/QĐ-STP")
        # A date stays a date cell (shown dd/mm/yyyy), not text.
        self.assertEqual(
            submitted["Cuộc xem xét của lãnh đạo gần nhất"], datetime(TODAY.year, 3, 1)
        )
        self.assertIsNone(by_agency["Sở Y tế"]["Kinh phí thực hiện ISO (đồng)"])

    def test_the_consolidated_pdf(self):
        self.client.force_login(self.tuan)
        response = self.client.get(
            reverse("monitoring:report-consolidated-pdf") + f"?year={TODAY.year}"
        )
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = " ".join(pdf_text(response.content).split())
        for expected in (
            "BÁO CÁO TÌNH HÌNH ÁP DỤNG HTQLCL",
            "Sở Tư pháp",
            "Sở Y tế",
            "15.000.000",
            "1/2 cơ quan đã nộp",
        ):
            self.assertIn(expected, text)
        self.client.force_login(self.lan)
        self.assertEqual(
            self.client.get(reverse("monitoring:report-consolidated-pdf")).status_code, 403
        )

    def test_exports_without_a_form_are_a_404(self):
        self.client.force_login(self.tuan)
        url = reverse("monitoring:report-consolidated-xlsx") + "?year=1999"
        self.assertEqual(self.client.get(url).status_code, 404)
