"""Every change the services make to a controlled object leaves a history row naming the person
and the reason (DESIGN §3.6), for the objects that have a history page of their own.

The world is the isolation walk's (every kind of object, created through the services), and
then each object is taken through the services that change it.
"""

from datetime import date, time

from django.test import TestCase

from audits.models import (
    Audit,
    AuditorAssignment,
    AuditProgramme,
    ChecklistItem,
    Finding,
    ScheduleItem,
    Survey,
)
from audits.services import audit_plans, audit_teams, checklists, findings, satisfaction
from qms.agencies.roles import Role
from qms.monitoring.models import (
    Announcement,
    AnnualReport,
    Inspection,
    InspectionCheck,
    InspectionFinding,
    InspectionPlan,
)
from qms.monitoring.services import inspections, reports
from tests import test_isolation as isolation
from tests.helpers import make_user
from tests.monitoring.test_annual_reports import filled

TRACKED = [
    AuditProgramme,
    Audit,
    AuditorAssignment,
    ScheduleItem,
    ChecklistItem,
    Finding,
    Survey,
    Announcement,
    InspectionPlan,
    Inspection,
    InspectionCheck,
    InspectionFinding,
    AnnualReport,
]


class HistoryReasonTests(TestCase):
    setUpTestData = isolation.IsolationTests.__dict__["setUpTestData"]
    add_audit = isolation.IsolationTests.__dict__["add_audit"]
    add_announcement = isolation.IsolationTests.__dict__["add_announcement"]
    add_supervision = isolation.IsolationTests.__dict__["add_supervision"]

    def run_the_services(self):
        secretary = self.people_of_a[Role.ISO_SECRETARY]
        auditor = self.people_of_a[Role.AUDITOR]
        audit = self.objects["audit"]
        # A second auditor takes the lead: the first one's assignment changes too.
        second = make_user("Vũ Thị Thanh", self.a, [Role.AUDITOR])
        audit_teams.auditor_assign(audit=audit, by=secretary, auditor=second, is_lead=True)
        audit_teams.auditor_remove(assignment=audit.team.get(auditor=second), by=secretary)
        extra = audit_plans.schedule_item_add(
            audit=audit,
            by=secretary,
            on=audit.start_on,
            starts_at=time(9),
            ends_at=time(10),
            activity="Phỏng vấn",
        )
        audit_plans.schedule_item_remove(item=extra, by=secretary)
        checklists.checklist_build(audit=audit, by=auditor)
        for item in audit.checklist.all():
            checklists.checklist_answer(item=item, by=auditor, result="conforming", evidence="Sổ")
        finding = self.objects["finding"]
        findings.finding_acknowledge(
            finding=finding, by=self.people_of_a[Role.STAFF], comment="Đã xem"
        )
        findings.audit_complete(audit=audit, by=secretary)
        survey = self.objects["survey"]
        satisfaction.survey_set_open(survey=survey, by=secretary, is_open=False)
        satisfaction.survey_new_version(survey=survey, by=secretary)
        inspection = self.objects["inspection"]
        results = {check.pk: ("met", "") for check in inspection.checks.all()}
        inspections.inspection_record(
            inspection=inspection,
            by=self.supervisor,
            inspected_on=date(2026, 6, 10),
            recommendations="Cập nhật văn bản",
            results=results,
        )
        inspections.finding_add(
            inspection=inspection,
            by=self.supervisor,
            description="Chưa niêm yết công bố",
            open_nonconformity=True,
        )
        plan = self.objects["inspection_plan"]
        inspections.plan_conclude(plan=plan, by=self.supervisor, conclusion="Đạt")
        report = self.objects["annual_report"]
        reports.report_save(report=report, by=secretary, values=filled(report.template))
        reports.report_submit(report=report, by=secretary)
        reports.report_return(report=report, by=self.supervisor, comment="Bổ sung số liệu")

    def test_every_history_row_names_the_person_and_the_reason(self):
        self.run_the_services()
        for model in TRACKED:
            with self.subTest(model=model.__name__):
                rows = model.history.all()
                self.assertTrue(rows.exists())
                anonymous = rows.filter(history_user__isnull=True)
                self.assertFalse(anonymous.exists(), list(anonymous.values("id", "history_type")))
                unexplained = [
                    (row.id, row.history_type) for row in rows if not row.history_change_reason
                ]
                self.assertEqual(unexplained, [])
