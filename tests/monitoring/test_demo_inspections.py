"""The demo supervision: last year's inspection concluded with findings at two agencies, one
of which opened a nonconformity; this year's report form with submitted and late agencies."""

from datetime import timedelta

from django.test import TestCase
from django.utils import timezone

from audits.models import Nonconformity
from qms.devdata.demo import agencies as agencies_demo
from qms.devdata.demo.monitoring import inspections as demo_inspections
from qms.monitoring.models import InspectionFinding, InspectionPlan, ReportTemplate
from qms.monitoring.selectors.reports import ReportState, report_rows, state_counts


class InspectionDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        agencies_demo.load()
        demo_inspections.load()

    def test_last_years_plan_is_concluded_with_findings_at_two_agencies(self):
        plan = InspectionPlan.objects.get()
        self.assertEqual(plan.year, timezone.localdate().year - 1)
        self.assertEqual(plan.status, InspectionPlan.Status.CONCLUDED)
        findings = InspectionFinding.objects.filter(inspection__plan=plan)
        self.assertEqual(findings.values("inspection__agency").distinct().count(), 2)
        nonconformity = Nonconformity.objects.get(source=Nonconformity.Source.INSPECTION)
        self.assertEqual(nonconformity.agency.code, "sotp")

    def test_this_years_reports_are_on_time_late_and_overdue(self):
        template = ReportTemplate.objects.get(year=(timezone.localdate() - timedelta(days=3)).year)
        counts = state_counts(report_rows(template))
        self.assertEqual(counts[ReportState.SUBMITTED], 1)
        self.assertEqual(counts[ReportState.SUBMITTED_LATE], 1)
        self.assertGreater(counts[ReportState.OVERDUE], 0)

    def test_loading_twice_adds_nothing(self):
        demo_inspections.load()
        self.assertEqual(InspectionPlan.objects.count(), 1)
        self.assertEqual(ReportTemplate.objects.count(), 1)
