"""Inspection plans through their services: drafting with the pre-filled checklist, bad input
refused with nothing stored, the four-eyes approval, the team's work, findings that open a
nonconformity at the agency, and conclusion."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError

from audits.models import Nonconformity
from audits.services.nonconformities import nonconformity_create_from_inspection
from qms.monitoring.checklist import default_checklist
from qms.monitoring.models import InspectionCheck, InspectionFinding, InspectionPlan
from qms.monitoring.services import inspections as service
from tests.monitoring.fixtures import YEAR, SupervisionFixture

S = InspectionPlan.Status
R = InspectionCheck.Result


class PlanCreateTests(SupervisionFixture):
    def test_it_drafts_a_plan_with_a_prefilled_checklist_per_agency(self):
        plan = self.make_plan(agencies=[self.a, self.b])
        self.assertEqual(plan.status, S.PLANNED)
        self.assertEqual(plan.inspections.count(), 2)
        inspection = plan.inspections.get(agency=self.a)
        self.assertEqual(inspection.checks.count(), len(default_checklist()))
        self.assertTrue(all(c.result == R.PENDING for c in inspection.checks.all()))
        self.assertEqual(plan.history.count(), 1)

    def test_it_refuses_bad_input_and_stores_nothing(self):
        cases = {
            "empty title": {"title": "  "},
            "over-long title": {"title": "x" * 256},
            "dates out of order": {"starts_on": date(YEAR, 9, 1), "ends_on": date(YEAR, 8, 1)},
            "outside the year": {"starts_on": date(YEAR - 1, 12, 1)},
            "agency of another province": {"agencies": [self.a, self.c]},
            "no agency": {"agencies": []},
            "no team": {"team": []},
            "inspector not a supervisor": {"team": [self.lan]},
            "supervisor of another province": {"team": [self.khanh]},
        }
        for name, extra in cases.items():
            with self.subTest(name), self.assertRaises(ValidationError):
                self.make_plan(**extra)
        self.assertFalse(InspectionPlan.objects.exists())

    def test_only_a_supervisor_of_the_province_drafts(self):
        for person in (self.lan, self.khanh):
            with self.subTest(person=person.full_name), self.assertRaises(PermissionDenied):
                self.make_plan(by=person)
        self.assertFalse(InspectionPlan.objects.exists())


class PlanFlowTests(SupervisionFixture):
    def test_the_drafter_cannot_approve_his_own_plan(self):
        plan = self.make_plan()
        with self.assertRaises(ValidationError):
            service.plan_approve(plan=plan, by=self.tuan)
        plan.refresh_from_db()
        self.assertEqual(plan.status, S.PLANNED)
        service.plan_approve(plan=plan, by=self.ha)
        plan.refresh_from_db()
        self.assertEqual((plan.status, plan.approved_by), (S.APPROVED, self.ha))

    def test_agency_people_and_other_provinces_cannot_move_the_plan(self):
        plan = self.make_plan()
        for person in (self.lan, self.khanh):
            with self.subTest(person=person.full_name), self.assertRaises(PermissionDenied):
                service.plan_approve(plan=plan, by=person)

    def test_steps_follow_the_order(self):
        plan = self.make_plan()
        with self.assertRaises(ValidationError):
            service.plan_start(plan=plan, by=self.tuan)
        with self.assertRaises(ValidationError):
            service.plan_conclude(plan=plan, by=self.tuan, conclusion="Xong")
        service.plan_approve(plan=plan, by=self.ha)
        service.plan_start(plan=plan, by=self.tuan)
        plan.refresh_from_db()
        self.assertEqual(plan.status, S.IN_PROGRESS)

    def test_it_concludes_only_when_every_line_has_a_result(self):
        plan = self.make_plan(status="in_progress")
        inspection = plan.inspections.get()
        with self.assertRaises(ValidationError):
            service.plan_conclude(plan=plan, by=self.tuan, conclusion="Cơ bản đạt yêu cầu.")
        results = {check.pk: (R.MET, "") for check in inspection.checks.all()}
        service.inspection_record(
            inspection=inspection,
            by=self.tuan,
            inspected_on=date(YEAR, 6, 10),
            recommendations="",
            results=results,
        )
        with self.assertRaises(ValidationError):
            service.plan_conclude(plan=plan, by=self.tuan, conclusion=" ")
        service.plan_conclude(plan=plan, by=self.tuan, conclusion="Cơ bản đạt yêu cầu.")
        plan.refresh_from_db()
        self.assertEqual(plan.status, S.CONCLUDED)
        self.assertEqual(plan.conclusion, "Cơ bản đạt yêu cầu.")


class FieldworkTests(SupervisionFixture):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.plan = cls.make_plan(status="in_progress")
        cls.inspection = cls.plan.inspections.get()

    def test_the_team_records_results_and_notes(self):
        first = self.inspection.checks.first()
        service.inspection_record(
            inspection=self.inspection,
            by=self.tuan,
            inspected_on=date(YEAR, 6, 12),
            recommendations="Cập nhật văn bản pháp luật",
            results={first.pk: (R.NOT_MET, "Thiếu")},
        )
        first.refresh_from_db()
        self.assertEqual((first.result, first.note), (R.NOT_MET, "Thiếu"))
        self.inspection.refresh_from_db()
        self.assertEqual(self.inspection.inspected_on, date(YEAR, 6, 12))

    def test_it_refuses_a_date_outside_the_period_and_people_outside_the_team(self):
        with self.assertRaises(ValidationError):
            service.inspection_record(
                inspection=self.inspection,
                by=self.tuan,
                inspected_on=date(YEAR, 12, 1),
                recommendations="",
                results={},
            )
        for person in (self.ha, self.lan):  # Hà supervises but is not on the team
            with self.subTest(person=person.full_name), self.assertRaises(PermissionDenied):
                service.finding_add(inspection=self.inspection, by=person, description="X")
        self.inspection.refresh_from_db()
        self.assertIsNone(self.inspection.inspected_on)

    def test_a_finding_opens_a_nonconformity_at_the_agency_in_one_step(self):
        finding = service.finding_add(
            inspection=self.inspection,
            by=self.tuan,
            description="Chưa niêm yết quyết định công bố\nTại bộ phận một cửa",
            recommendation="Niêm yết trong tháng 7",
            open_nonconformity=True,
        )
        nonconformity = finding.nonconformity
        self.assertEqual(nonconformity.agency, self.a)
        self.assertEqual(nonconformity.source, Nonconformity.Source.INSPECTION)
        self.assertEqual(nonconformity.title, "Chưa niêm yết quyết định công bố")
        self.assertEqual(nonconformity.detected_by, self.tuan)
        self.assertEqual(nonconformity.source_reference, "385/KH-UBND")

    def test_a_finding_without_a_nonconformity_and_empty_or_long_ones(self):
        finding = service.finding_add(inspection=self.inspection, by=self.tuan, description="Tốt")
        self.assertIsNone(finding.nonconformity)
        for description in ("", "x" * 5001):
            with self.subTest(length=len(description)), self.assertRaises(ValidationError):
                service.finding_add(
                    inspection=self.inspection,
                    by=self.tuan,
                    description=description,
                    open_nonconformity=True,
                )
        self.assertEqual(InspectionFinding.objects.count(), 1)
        self.assertFalse(Nonconformity.objects.exists())


class InspectionNonconformityServiceTests(SupervisionFixture):
    def test_a_supervisor_registers_with_source_inspection(self):
        nonconformity = nonconformity_create_from_inspection(
            agency=self.a,
            by=self.tuan,
            title="Thiếu hồ sơ",
            description="Thiếu hồ sơ đánh giá",
            detected_on=date(YEAR, 6, 1),
            source_reference="KT-2026",
        )
        self.assertEqual(nonconformity.code, f"NC-{YEAR}-001")
        self.assertEqual(nonconformity.source, Nonconformity.Source.INSPECTION)

    def test_agency_people_and_other_provinces_are_refused(self):
        for person in (self.lan, self.hoa, self.khanh):
            with self.subTest(person=person.full_name), self.assertRaises(PermissionDenied):
                nonconformity_create_from_inspection(
                    agency=self.a,
                    by=person,
                    title="T",
                    description="D",
                    detected_on=date(YEAR, 6, 1),
                )
        self.assertFalse(Nonconformity.objects.exists())

    def test_it_refuses_empty_text_and_a_future_date(self):
        for extra in ({"title": " "}, {"description": ""}, {"detected_on": date(2999, 1, 1)}):
            fields = {"title": "T", "description": "D", "detected_on": date(YEAR, 6, 1)} | extra
            with self.subTest(extra=extra), self.assertRaises(ValidationError):
                nonconformity_create_from_inspection(agency=self.a, by=self.tuan, **fields)
        self.assertFalse(Nonconformity.objects.exists())
