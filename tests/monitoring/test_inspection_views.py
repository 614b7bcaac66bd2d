"""The inspection pages: permission ladders (another province: 404; agency people: 403 on the
plan, read-only on their own results), the flows through the pages, the consolidated report on
screen and as PDF, and flat query counts."""

import subprocess
import tempfile
from datetime import date

from django.urls import reverse

from audits.models import Nonconformity
from qms.monitoring.models import InspectionCheck, InspectionFinding, InspectionPlan
from qms.monitoring.services import inspections as service
from tests.helpers import LadderMixin, count_queries, make_agency
from tests.monitoring.fixtures import YEAR, SupervisionFixture

S = InspectionPlan.Status
R = InspectionCheck.Result


def pdf_text(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(data)
        file.flush()
        return subprocess.run(
            ["pdftotext", "-layout", file.name, "-"], capture_output=True, check=True, text=True
        ).stdout


class PlanPageTests(LadderMixin, SupervisionFixture):
    def test_the_list_and_the_new_plan_page_are_for_supervisors(self):
        for name in ("monitoring:inspection-plan-list", "monitoring:inspection-plan-create"):
            with self.subTest(name):
                self.assert_ladder(
                    reverse(name), outsider=None, wrong_role=self.lan, right_role=self.tuan
                )

    def test_the_plan_ladder(self):
        plan = self.make_plan()
        url = reverse("monitoring:inspection-plan-detail", args=[plan.pk])
        # Khánh of another province: 404; Lan, whose agency is inspected: 403.
        self.assert_ladder(url, outsider=self.khanh, wrong_role=self.lan, right_role=self.ha)
        self.client.force_login(self.binh)  # agency B is not in the plan
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_supervisor_drafts_a_plan_through_the_page(self):
        self.client.force_login(self.tuan)
        response = self.client.post(
            reverse("monitoring:inspection-plan-create"),
            {
                "year": YEAR,
                "title": "Kiểm tra ISO 2026",
                "decision_number": "12/KH-SKHCN",
                "starts_on": "01/06/2026",
                "ends_on": "31/08/2026",
                "team": [self.tuan.pk, self.ha.pk],
                "agencies": [self.a.pk, self.b.pk],
            },
        )
        plan = InspectionPlan.objects.get()
        self.assertRedirects(response, reverse("monitoring:inspection-plan-detail", args=[plan.pk]))
        self.assertEqual(set(plan.team.all()), {self.tuan, self.ha})
        self.assertEqual(plan.inspections.count(), 2)

    def test_bad_input_on_the_page_stores_nothing(self):
        self.client.force_login(self.tuan)
        base = {
            "year": YEAR,
            "title": "Kiểm tra",
            "starts_on": "01/06/2026",
            "ends_on": "31/08/2026",
            "team": [self.tuan.pk],
            "agencies": [self.a.pk],
        }
        for name, change in {
            "empty title": {"title": ""},
            "over-long title": {"title": "x" * 300},
            "dates out of order": {"starts_on": "01/09/2026"},
            "agency of another province": {"agencies": [self.c.pk]},
        }.items():
            with self.subTest(name):
                response = self.client.post(
                    reverse("monitoring:inspection-plan-create"), base | change
                )
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["form"].errors)
        self.assertFalse(InspectionPlan.objects.exists())

    def test_the_buttons_move_the_plan_and_refuse_the_drafter(self):
        plan = self.make_plan()
        approve = reverse("monitoring:inspection-plan-approve", args=[plan.pk])
        self.client.force_login(self.tuan)
        self.client.post(approve)
        plan.refresh_from_db()
        self.assertEqual(plan.status, S.PLANNED)
        self.client.force_login(self.ha)
        self.client.post(approve)
        self.client.post(reverse("monitoring:inspection-plan-start", args=[plan.pk]))
        plan.refresh_from_db()
        self.assertEqual(plan.status, S.IN_PROGRESS)
        self.client.force_login(self.lan)
        response = self.client.post(
            reverse("monitoring:inspection-plan-conclude", args=[plan.pk]), {"conclusion": "Xong"}
        )
        self.assertEqual(response.status_code, 403)

    def test_the_plan_page_query_count_does_not_grow_with_agencies(self):
        small = self.make_plan(agencies=[self.a])
        extra = [make_agency(f"Sở số {n}", province=self.province) for n in range(4)]
        large = self.make_plan(agencies=[self.a, self.b, *extra])
        self.client.force_login(self.ha)
        counts = [
            count_queries(
                lambda p=plan: self.client.get(
                    reverse("monitoring:inspection-plan-detail", args=[p.pk])
                )
            )
            for plan in (small, large)
        ]
        self.assertEqual(counts[0], counts[1])
        counts = [
            count_queries(
                lambda p=plan: self.client.get(
                    reverse("monitoring:inspection-plan-report", args=[p.pk])
                )
            )
            for plan in (small, large)
        ]
        self.assertEqual(counts[0], counts[1])


class InspectionPageTests(LadderMixin, SupervisionFixture):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.plan = cls.make_plan(status="in_progress", agencies=[cls.a, cls.b])
        cls.inspection = cls.plan.inspections.get(agency=cls.a)

    def test_the_agency_reads_its_results_and_cannot_record(self):
        url = reverse("monitoring:inspection-detail", args=[self.inspection.pk])
        response = self.assert_ladder(url, outsider=self.binh, wrong_role=None, right_role=self.hoa)
        self.assertNotIn("record", response.context["allowed"])
        self.client.force_login(self.khanh)
        self.assertEqual(self.client.get(url).status_code, 404)
        for name in ("monitoring:inspection-checklist", "monitoring:inspection-finding-create"):
            with self.subTest(name):
                self.assert_ladder(
                    reverse(name, args=[self.inspection.pk]),
                    outsider=self.binh,
                    wrong_role=self.lan,
                    right_role=self.tuan,
                )

    def test_a_supervisor_outside_the_team_reads_but_does_not_record(self):
        self.client.force_login(self.ha)
        url = reverse("monitoring:inspection-detail", args=[self.inspection.pk])
        self.assertNotIn("record", self.client.get(url).context["allowed"])
        for name in ("monitoring:inspection-checklist", "monitoring:inspection-finding-create"):
            with self.subTest(name):
                response = self.client.get(reverse(name, args=[self.inspection.pk]))
                self.assertEqual(response.status_code, 403)

    def test_the_agency_does_not_see_a_plan_not_yet_started(self):
        plan = self.make_plan()
        self.client.force_login(self.lan)
        url = reverse("monitoring:inspection-detail", args=[plan.inspections.get().pk])
        self.assertEqual(self.client.get(url).status_code, 403)
        response = self.client.get(reverse("monitoring:inspection-results"))
        self.assertEqual([i.pk for i in response.context["inspections"]], [self.inspection.pk])

    def test_the_team_records_the_checklist_through_the_page(self):
        checks = list(self.inspection.checks.all())
        data = {"inspected_on": "15/06/2026", "recommendations": "Cập nhật quy trình"}
        for check in checks:
            data[f"result_{check.pk}"] = R.MET
            data[f"note_{check.pk}"] = ""
        data[f"result_{checks[0].pk}"] = R.NOT_MET
        data[f"note_{checks[0].pk}"] = "Chưa có"
        self.client.force_login(self.tuan)
        response = self.client.post(
            reverse("monitoring:inspection-checklist", args=[self.inspection.pk]), data
        )
        self.assertRedirects(
            response, reverse("monitoring:inspection-detail", args=[self.inspection.pk])
        )
        checks[0].refresh_from_db()
        self.assertEqual((checks[0].result, checks[0].note), (R.NOT_MET, "Chưa có"))
        data["inspected_on"] = "15/12/2026"  # outside the plan's period
        response = self.client.post(
            reverse("monitoring:inspection-checklist", args=[self.inspection.pk]), data
        )
        self.assertEqual(response.status_code, 200)
        self.inspection.refresh_from_db()
        self.assertEqual(self.inspection.inspected_on, date(YEAR, 6, 15))

    def test_a_finding_opens_a_nonconformity_the_agency_sees(self):
        self.client.force_login(self.tuan)
        url = reverse("monitoring:inspection-finding-create", args=[self.inspection.pk])
        response = self.client.post(
            url, {"description": "Chưa niêm yết công bố", "open_nonconformity": "on"}
        )
        self.assertEqual(response.status_code, 302)
        nonconformity = Nonconformity.objects.get()
        self.assertEqual((nonconformity.agency, nonconformity.source), (self.a, "inspection"))
        self.client.force_login(self.hoa)
        response = self.client.get(reverse("audits:nonconformity-detail", args=[nonconformity.pk]))
        self.assertEqual(response.status_code, 200)
        response = self.client.post(url, {"description": ""})
        self.assertEqual(response.status_code, 403)
        self.client.force_login(self.tuan)
        response = self.client.post(url, {"description": ""})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(InspectionFinding.objects.count(), 1)

    def test_the_consolidated_report_as_pdf(self):
        service.finding_add(
            inspection=self.inspection,
            by=self.tuan,
            description="Thiếu biên bản xem xét của lãnh đạo",
            recommendation="Tổ chức xem xét trong quý III",
            open_nonconformity=True,
        )
        url = reverse("monitoring:inspection-plan-pdf", args=[self.plan.pk])
        self.client.force_login(self.ha)
        response = self.client.get(url)
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = " ".join(pdf_text(response.content).split())
        for expected in (
            "BÁO CÁO TỔNG HỢP KẾT QUẢ KIỂM TRA",
            "385/KH-UBND",
            "Sở Tư pháp",
            "Sở Y tế",
            "Thiếu biên bản xem xét của lãnh đạo",
            "NC-2026-001",
            "Ngô Anh Tuấn",
        ):
            self.assertIn(expected, text)
        self.client.force_login(self.khanh)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_results_list_query_count_is_flat(self):
        self.client.force_login(self.lan)
        url = reverse("monitoring:inspection-results")
        before = count_queries(lambda: self.client.get(url))
        self.make_plan(status="in_progress", title="Kiểm tra đột xuất")
        after = count_queries(lambda: self.client.get(url))
        self.assertEqual(before, after)
