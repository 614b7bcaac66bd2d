"""Internal audits through their services: programme approval, the independence rule, coverage,
checklists from clauses and procedures, findings that open nonconformities, completion, the
immutable report and the reminders."""

from datetime import date, timedelta

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.models import Audit, AuditProgramme, ChecklistItem, Finding, Nonconformity
from audits.selectors.internal_audits import audits_of_programme, programme_coverage, report_figures
from audits.services import audit_plans, audit_teams, checklists, findings, programmes
from documents.models import IsoClause
from qms.agencies.roles import Role
from qms.agencies.services import agency_roles_assign
from tests.helpers import (
    audit_fields,
    make_agency,
    make_effective_document,
    make_notified_audit,
    make_programme,
    make_unit,
    make_user,
)

P, U, G = AuditProgramme.Status, Audit.Status, Finding.Grade
C = ChecklistItem.Result


class AuditFixture(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        cls.office = make_unit(cls.agency, "Văn phòng Sở")
        cls.legal = make_unit(cls.agency, "Phòng Hành chính tư pháp")
        # Lan, ISO secretary, who proposes the programme and plans the audits.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY], unit=cls.office)
        # Minh, the leader who approves programme and reports.
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER], unit=cls.office)
        # Hùng, internal auditor of the Văn phòng.
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.AUDITOR], unit=cls.office)
        # Thảo, internal auditor of the legal unit.
        cls.thao = make_user("Lê Thị Thảo", cls.agency, [Role.AUDITOR], unit=cls.legal)
        # Dũng, head of the legal unit: an auditee.
        cls.dung = make_user("Võ Văn Dũng", cls.agency, [Role.STAFF], unit=cls.legal)
        # Vy, reviewer of the agency's procedures.
        cls.vy = make_user("Hồ Thị Vy", cls.agency, [Role.REVIEWER], unit=cls.office)
        # Quân, staff of the Văn phòng, who is neither auditor nor auditee.
        cls.quan = make_user("Đặng Minh Quân", cls.agency, [Role.STAFF], unit=cls.office)

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


class ProgrammeTests(AuditFixture):
    def test_the_secretary_proposes_and_the_leader_approves(self):
        programme = make_programme(self.agency, self.lan)
        with self.assertRaises(ValidationError):  # nothing planned yet
            programmes.programme_propose(programme=programme, by=self.lan)
        audit_plans.audit_plan_create(programme=programme, by=self.lan, **audit_fields(self.agency))
        with self.assertRaises(PermissionDenied):
            programmes.programme_propose(programme=programme, by=self.hung)
        with self.captureOnCommitCallbacks(execute=True):
            programmes.programme_propose(programme=programme, by=self.lan)
        self.assertEqual(mail.outbox[-1].to, [self.minh.email])
        with self.assertRaises(PermissionDenied):
            programmes.programme_decide(programme=programme, by=self.lan, approve=True)
        with self.assertRaises(ValidationError):  # returning needs a comment
            programmes.programme_decide(programme=programme, by=self.minh, approve=False)
        programmes.programme_decide(programme=programme, by=self.minh, approve=True)
        programme.refresh_from_db()
        self.assertEqual(programme.status, P.APPROVED)
        self.assertEqual(programme.approved_by, self.minh)
        self.assertEqual(programme.history.first().history_user, self.minh)

    def test_one_programme_a_year(self):
        make_programme(self.agency, self.lan)
        with self.assertRaises(ValidationError):
            make_programme(self.agency, self.lan)

    def test_the_coverage_shows_units_and_clauses_left_out(self):
        programme = make_programme(self.agency, self.lan)
        audit_plans.audit_plan_create(
            programme=programme,
            by=self.lan,
            **audit_fields(self.agency, units=[self.legal], clauses=("7", "9.2")),
        )
        coverage = programme_coverage(programme, list(audits_of_programme(programme)))
        self.assertEqual(coverage.uncovered_units, [self.office])
        covered = {row.subject.number for row in coverage.clauses if row.covered}
        # A main clause covers all its sub-clauses.
        self.assertTrue({"7.1", "7.2", "7.5", "9.2"} <= covered)
        self.assertNotIn("9.1", covered)
        self.assertIn("8.1", {clause.number for clause in coverage.uncovered_clauses})

    def test_a_cancelled_audit_covers_nothing(self):
        audit = self.notified()
        audit_plans.audit_cancel(audit=audit, by=self.lan, reason="Trùng lịch thanh tra")
        coverage = programme_coverage(audit.programme, list(audits_of_programme(audit.programme)))
        self.assertFalse(any(audit in row.audits for row in coverage.units + coverage.clauses))

    def test_plan_dates_must_fall_in_the_programme_year(self):
        programme = make_programme(self.agency, self.lan)
        fields = audit_fields(self.agency)
        fields["start_on"] = date(programme.year + 1, 1, 5)
        fields["end_on"] = date(programme.year + 1, 1, 6)
        with self.assertRaises(ValidationError):
            audit_plans.audit_plan_create(programme=programme, by=self.lan, **fields)
        self.assertFalse(programme.audits.exists())

    def test_clauses_of_the_other_version_are_refused(self):
        programme = make_programme(self.agency, self.lan)
        fields = audit_fields(self.agency)
        fields["clauses"] = list(IsoClause.objects.filter(version="2008", number="8.2"))
        with self.assertRaises(ValidationError):
            audit_plans.audit_plan_create(programme=programme, by=self.lan, **fields)


class IndependenceTests(AuditFixture):
    def setUp(self):
        programme = make_programme(self.agency, self.lan, self.minh)
        self.audit = audit_plans.audit_plan_create(
            programme=programme,
            by=self.lan,
            auditees=[self.dung],
            **audit_fields(self.agency, units=[self.legal]),
        )

    def test_an_auditor_may_not_audit_their_own_unit(self):
        with self.assertRaises(ValidationError) as refused:
            audit_teams.auditor_assign(audit=self.audit, by=self.lan, auditor=self.thao)
        self.assertIn("justification", refused.exception.message_dict)
        self.assertFalse(self.audit.team.exists())

    def test_an_exception_needs_a_justification_and_a_second_auditor(self):
        assignment = audit_teams.auditor_assign(
            audit=self.audit,
            by=self.lan,
            auditor=self.thao,
            is_lead=True,
            justification="Cơ quan chỉ có hai đánh giá viên nội bộ.",
        )
        self.assertTrue(assignment.is_exception)
        self.assertIn(
            _("An auditor audits their own unit: the team needs a second auditor as well."),
            audit_plans.plan_gaps(self.audit),
        )
        with self.assertRaises(ValidationError):
            audit_plans.audit_plan_send(audit=self.audit, by=self.lan)
        audit_teams.auditor_assign(audit=self.audit, by=self.lan, auditor=self.hung)
        audit_plans.audit_plan_send(audit=self.audit, by=self.lan)
        self.assertEqual(Audit.objects.get(pk=self.audit.pk).status, U.NOTIFIED)

    def test_widening_the_scope_to_an_auditors_unit_is_refused(self):
        audit_teams.auditor_assign(audit=self.audit, by=self.lan, auditor=self.hung, is_lead=True)
        fields = audit_fields(self.agency, units=[self.legal, self.office])
        with self.assertRaises(ValidationError):
            audit_plans.audit_plan_update(audit=self.audit, by=self.lan, **fields)
        self.assertEqual(list(self.audit.units.all()), [self.legal])

    def test_only_people_holding_the_auditor_role_join_a_team(self):
        with self.assertRaises(ValidationError):
            audit_teams.auditor_assign(audit=self.audit, by=self.lan, auditor=self.quan)
        with self.assertRaises(PermissionDenied):
            audit_teams.auditor_assign(audit=self.audit, by=self.hung, auditor=self.hung)

    def test_the_plan_goes_to_auditees_and_team_once_the_lead_is_named(self):
        self.assertIn(_("Name a lead auditor."), audit_plans.plan_gaps(self.audit))
        audit_teams.auditor_assign(audit=self.audit, by=self.lan, auditor=self.hung, is_lead=True)
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            audit_plans.audit_plan_send(audit=self.audit, by=self.lan)
        self.assertEqual(
            sorted(message.to[0] for message in mail.outbox),
            sorted([self.dung.email, self.hung.email]),
        )
        self.assertIn(self.audit.code, mail.outbox[0].subject)


class ChecklistTests(AuditFixture):
    def test_built_from_the_clauses_and_the_procedures_steps_and_records(self):
        procedure = make_effective_document(
            self.agency,
            drafter=self.lan,
            reviewer=self.vy,
            approver=self.minh,
            title="Quy trình chứng thực bản sao",
        )
        audit = self.notified(documents=[procedure])
        added = checklists.checklist_build(audit=audit, by=self.hung)
        items = list(audit.checklist.all())
        self.assertEqual(added, len(items))
        origins = [item.origin for item in items]
        self.assertEqual(origins.count(ChecklistItem.Origin.CLAUSE), 2)
        self.assertEqual(origins.count(ChecklistItem.Origin.STEP), 2)  # two steps
        self.assertEqual(origins.count(ChecklistItem.Origin.RECORD), 1)
        self.assertTrue(any("Thẩm định hồ sơ" in item.question for item in items))
        self.assertTrue(any("Sổ theo dõi hồ sơ" in item.question for item in items))
        # Building again adds nothing.
        self.assertEqual(checklists.checklist_build(audit=audit, by=self.hung), 0)

    def test_answers_need_evidence_and_come_from_the_team(self):
        audit = self.notified()
        checklists.checklist_build(audit=audit, by=self.lan)
        item = audit.checklist.first()
        with self.assertRaises(PermissionDenied):
            checklists.checklist_answer(item=item, by=self.thao, result=C.CONFORMING, evidence="x")
        with self.assertRaises(ValidationError):
            checklists.checklist_answer(item=item, by=self.hung, result=C.CONFORMING, evidence="")
        checklists.checklist_answer(item=item, by=self.hung, result=C.NOT_APPLICABLE, evidence="")
        item.refresh_from_db()
        self.assertEqual((item.result, item.answered_by), (C.NOT_APPLICABLE, self.hung))

    def test_closing_with_unanswered_items_is_refused(self):
        audit = self.notified()
        checklists.checklist_build(audit=audit, by=self.hung)
        first, second = audit.checklist.all()[:2]
        checklists.checklist_answer(item=first, by=self.hung, result=C.CONFORMING, evidence="Sổ")
        with self.assertRaises(ValidationError) as refused:
            findings.audit_complete(audit=audit, by=self.hung)
        self.assertIn("1", refused.exception.messages[0])
        self.assertEqual(Audit.objects.get(pk=audit.pk).status, U.NOTIFIED)
        checklists.checklist_answer(item=second, by=self.hung, result=C.CONFORMING, evidence="Sổ")
        findings.audit_complete(audit=audit, by=self.hung)
        self.assertEqual(Audit.objects.get(pk=audit.pk).status, U.COMPLETED)

    def test_an_answered_item_stays(self):
        audit = self.notified()
        item = checklists.checklist_item_add(audit=audit, by=self.hung, question="Kiểm tra sổ")
        checklists.checklist_answer(item=item, by=self.hung, result=C.CONFORMING, evidence="Có")
        with self.assertRaises(ValidationError):
            checklists.checklist_item_remove(item=item, by=self.hung)


class FindingTests(AuditFixture):
    def record(self, audit, grade, **extra):
        return findings.finding_record(
            audit=audit,
            by=self.hung,
            grade=grade,
            statement=extra.pop("statement", "Sổ theo dõi hồ sơ không ghi ngày trả kết quả."),
            evidence="Sổ theo dõi tháng 5, hồ sơ số 12 và 15.",
            clause=IsoClause.objects.get(version="2015", number="7.5"),
            unit=self.legal,
            **extra,
        )

    def test_a_nonconformity_finding_opens_a_nonconformity(self):
        audit = self.notified()
        finding = self.record(audit, G.MINOR)
        nonconformity = finding.nonconformity
        self.assertEqual(nonconformity.source, Nonconformity.Source.AUDIT)
        self.assertEqual((nonconformity.unit, nonconformity.clause), (self.legal, finding.clause))
        self.assertIn(finding.code, nonconformity.source_reference)
        self.assertEqual(nonconformity.detected_by, self.hung)
        self.assertEqual(Finding.objects.get(nonconformity=nonconformity), finding)

    def test_observations_and_improvements_open_no_nonconformity(self):
        audit = self.notified()
        for grade in (G.OBSERVATION, G.IMPROVEMENT):
            self.assertIsNone(self.record(audit, grade).nonconformity)
        self.assertFalse(Nonconformity.objects.exists())

    def test_only_the_team_records_findings_and_bad_input_stores_nothing(self):
        audit = self.notified()
        with self.assertRaises(PermissionDenied):
            findings.finding_record(
                audit=audit,
                by=self.thao,
                grade=G.MAJOR,
                statement="x",
                evidence="y",
                clause=IsoClause.objects.get(version="2015", number="7.5"),
                unit=self.legal,
            )
        with self.assertRaises(ValidationError):
            self.record(audit, G.MAJOR, statement="   ")
        other = make_unit(make_agency("Sở Y tế"), "Phòng Nghiệp vụ")
        with self.assertRaises(ValidationError):
            findings.finding_record(
                audit=audit,
                by=self.hung,
                grade=G.MAJOR,
                statement="x",
                evidence="y",
                clause=IsoClause.objects.get(version="2015", number="7.5"),
                unit=other,
            )
        self.assertFalse(Finding.objects.exists())
        self.assertFalse(Nonconformity.objects.exists())

    def test_the_auditee_of_the_unit_acknowledges_once(self):
        audit = self.notified()
        finding = self.record(audit, G.OBSERVATION)
        self.assertFalse(findings.may_acknowledge(finding, self.quan))
        with self.assertRaises(PermissionDenied):
            findings.finding_acknowledge(finding=finding, by=self.quan)
        findings.finding_acknowledge(finding=finding, by=self.dung, comment="Đã khắc phục.")
        finding.refresh_from_db()
        self.assertEqual(finding.acknowledged_by, self.dung)
        with self.assertRaises(ValidationError):
            findings.finding_acknowledge(finding=finding, by=self.dung)

    def test_report_figures_count_by_grade_and_unit(self):
        audit = self.notified(units=[self.legal])
        for grade in (G.MAJOR, G.MINOR, G.MINOR, G.IMPROVEMENT):
            self.record(audit, grade)
        figures = report_figures(audit, list(audit.findings.select_related("unit")))
        self.assertEqual([count for _grade, _label, count in figures.grades], [1, 2, 0, 1])
        self.assertEqual(figures.by_unit, [(self.legal, [1, 2, 0, 1], 4)])


class ReportTests(AuditFixture):
    def completed(self, *, also_on_team=None) -> Audit:
        programme = make_programme(self.agency, self.lan, self.minh)
        audit = audit_plans.audit_plan_create(
            programme=programme,
            by=self.lan,
            auditees=[self.dung],
            **audit_fields(self.agency, units=[self.legal]),
        )
        audit_teams.auditor_assign(audit=audit, by=self.lan, auditor=self.hung, is_lead=True)
        if also_on_team:
            audit_teams.auditor_assign(audit=audit, by=self.lan, auditor=also_on_team)
        audit_plans.audit_plan_send(audit=audit, by=self.lan)
        item = checklists.checklist_item_add(audit=audit, by=self.hung, question="Kiểm tra sổ")
        checklists.checklist_answer(item=item, by=self.hung, result=C.CONFORMING, evidence="Có")
        return findings.audit_complete(audit=audit, by=self.hung)

    def test_approved_by_the_leader_then_frozen(self):
        audit = self.completed()
        with self.assertRaises(ValidationError):
            findings.report_propose(audit=audit, by=self.hung, conclusion=" ")
        findings.report_propose(audit=audit, by=self.hung, conclusion="Hệ thống phù hợp.")
        with self.assertRaises(PermissionDenied):
            findings.report_decide(audit=audit, by=self.hung, approve=True)
        findings.report_decide(audit=audit, by=self.minh, approve=True)
        audit.refresh_from_db()
        self.assertEqual(audit.status, U.CLOSED)
        self.assertEqual(len(audit.report_sha256), 64)
        stored = audit.report_pdf.read()
        self.assertTrue(stored.startswith(b"%PDF"))
        # Nothing of the audit changes any more.
        with self.assertRaises(ValidationError):
            findings.report_propose(audit=audit, by=self.hung, conclusion="Sửa kết luận.")
        with self.assertRaises(ValidationError):
            checklists.checklist_item_add(audit=audit, by=self.hung, question="Thêm")
        with self.assertRaises(ValidationError):
            audit_plans.audit_plan_update(audit=audit, by=self.lan, **audit_fields(self.agency))
        audit.refresh_from_db()
        self.assertEqual(audit.conclusion, "Hệ thống phù hợp.")

    def test_a_returned_report_goes_back_to_the_lead(self):
        audit = self.completed()
        findings.report_propose(audit=audit, by=self.hung, conclusion="Phù hợp.")
        findings.report_decide(audit=audit, by=self.minh, approve=False, comment="Bổ sung số liệu.")
        audit.refresh_from_db()
        self.assertEqual(audit.status, U.COMPLETED)
        self.assertFalse(audit.report_pdf)

    def test_a_leader_on_the_team_does_not_approve_its_report(self):
        # Minh also holds the auditor role and sits on the team.
        agency_roles_assign(agency=self.agency, user=self.minh, roles=[Role.APPROVER, Role.AUDITOR])
        audit = self.completed(also_on_team=self.minh)
        findings.report_propose(audit=audit, by=self.hung, conclusion="Phù hợp.")
        with self.assertRaises(ValidationError):
            findings.report_decide(audit=audit, by=self.minh, approve=True)


class ReminderTests(AuditFixture):
    def test_reminders_14_and_3_days_before_once_each(self):
        audit = self.notified()
        start = audit.start_on
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(audit_plans.audits_remind(on=start - timedelta(days=15)), 0)
            self.assertEqual(audit_plans.audits_remind(on=start - timedelta(days=14)), 1)
            self.assertEqual(audit_plans.audits_remind(on=start - timedelta(days=14)), 0)
        recipients = sorted(message.to[0] for message in mail.outbox)
        self.assertEqual(recipients, sorted([self.dung.email, self.hung.email]))
        self.assertIn("14", mail.outbox[0].subject)
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            # Cron missed the 3-day mark: the next run catches up.
            self.assertEqual(audit_plans.audits_remind(on=start - timedelta(days=2)), 1)
            self.assertEqual(audit_plans.audits_remind(on=start - timedelta(days=1)), 0)
        self.assertEqual(sorted(audit.reminders.values_list("days_before", flat=True)), [3, 14])

    def test_cancelled_audits_are_not_reminded(self):
        audit = self.notified()
        audit_plans.audit_cancel(audit=audit, by=self.lan, reason="Hoãn")
        self.assertEqual(audit_plans.audits_remind(on=audit.start_on - timedelta(days=3)), 0)

    def test_the_command_runs_for_today(self):
        from io import StringIO

        from django.core.management import call_command

        out = StringIO()
        audit = self.notified()
        Audit.objects.filter(pk=audit.pk).update(
            start_on=timezone.localdate() + timedelta(days=3),
            end_on=timezone.localdate() + timedelta(days=3),
        )
        call_command("remind_audits", stdout=out)
        self.assertIn("1", out.getvalue())
        self.assertEqual(list(audit.reminders.values_list("days_before", flat=True)), [3])
