"""The story the demo tells, checked on a frozen day.

The demo's dates are relative to today, so each check here is one the demo could break on some
day of the year: the turn of the year, a leap day, the middle of the year, the last month. Each
test module freezes the clock (time-machine, Asia/Ho_Chi_Minh) on the days it names and loads
the demo of Sở Tư pháp, the showcase agency that carries the whole story (the ward's part of it
and the long tail of agencies follow the same code, on the same dates), and of Sở Nội vụ, the
department whose status fell this month.
"""

import datetime as dt
import zoneinfo
from io import StringIO

import time_machine
from django.core.management import call_command
from django.utils import timezone

from audits.models import (
    Action,
    Audit,
    AuditProgramme,
    ContextIssue,
    FindingEvidence,
    InterestedParty,
    ManagementReview,
    Measurement,
    Nonconformity,
    NonconformityEvent,
    QualityObjective,
    SurveyResponse,
)
from audits.selectors.clauses import CLAUSE_STATUS_LABELS, clause_view
from qms.agencies.models import Agency, User
from qms.monitoring.models import AnnualReport, InspectionPlan, ReportTemplate
from qms.monitoring.selectors.status import Status, WarningKind, adoption_statuses
from qms.monitoring.selectors.tasks import tasks_for_user

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
SHOWCASE = ("sotp",)
LAPSED = "sonv"


def on(day: str):
    """Freeze the clock at 09:00 in Vietnam on ``day`` (YYYY-MM-DD), for a TestCase class."""
    return time_machine.travel(
        dt.datetime.fromisoformat(day).replace(hour=9, tzinfo=VN), tick=False
    )


class DemoStory:
    """Mixed into a ``TestCase`` decorated with ``on(day)``; ``day`` repeats that date."""

    day: str

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", agencies=",".join((*SHOWCASE, LAPSED)), stdout=StringIO())
        cls.sotp = Agency.objects.get(code="sotp")
        cls.showcase = list(Agency.objects.filter(code__in=SHOWCASE))

    def test_the_clock_is_frozen_on_the_named_day(self):
        self.assertEqual(timezone.localdate(), dt.date.fromisoformat(self.day))

    def test_every_nonconformity_status_is_shown(self):
        statuses = set(
            Nonconformity.objects.filter(agency=self.sotp).values_list("status", flat=True)
        )
        self.assertEqual(statuses, set(Nonconformity.Status.values))
        self.assertTrue(
            NonconformityEvent.objects.filter(
                nonconformity__agency=self.sotp, kind=NonconformityEvent.Kind.NOT_EFFECTIVE
            ).exists()
        )

    def test_some_actions_are_overdue_and_some_still_due(self):
        for agency in self.showcase:
            with self.subTest(agency=agency.code):
                actions = Action.objects.of_agency(agency)
                self.assertTrue(actions.overdue().exists())
                self.assertTrue(actions.open().filter(due_on__gte=timezone.localdate()).exists())

    def test_an_approved_and_a_draft_management_review_within_the_year(self):
        today = timezone.localdate()
        for agency in self.showcase:
            with self.subTest(agency=agency.code):
                reviews = ManagementReview.objects.filter(agency=agency)
                approved = reviews.get(status=ManagementReview.Status.APPROVED)
                self.assertGreater(approved.held_on, today - dt.timedelta(days=365))
                draft = reviews.get(status=ManagementReview.Status.DRAFT)
                self.assertLess(draft.held_on, today)
                self.assertEqual(len({review.title for review in reviews}), reviews.count())

    def test_an_audit_was_done_and_one_is_coming_each_in_an_approved_programme(self):
        today = timezone.localdate()
        for agency in self.showcase:
            with self.subTest(agency=agency.code):
                audits = Audit.objects.filter(agency=agency)
                done = audits.get(status=Audit.Status.CLOSED)
                coming = audits.get(status=Audit.Status.NOTIFIED)
                self.assertLess(done.end_on, today)
                self.assertGreater(coming.start_on, today)
                self.assertTrue(coming.schedule.exists())
                for audit in (done, coming):
                    self.assertEqual(audit.programme.year, audit.start_on.year)
                    self.assertEqual(audit.programme.status, AuditProgramme.Status.APPROVED)

    def test_the_audit_done_was_hybrid_under_consent_and_the_coming_one_is_remote(self):
        audits = Audit.objects.filter(agency=self.sotp)
        done = audits.get(status=Audit.Status.CLOSED)
        coming = audits.get(status=Audit.Status.NOTIFIED)
        self.assertEqual((done.method, coming.method), (Audit.Method.HYBRID, Audit.Method.REMOTE))
        self.assertTrue(coming.locations)
        [capture] = FindingEvidence.objects.filter(finding__audit=done)
        self.assertEqual(capture.kind, FindingEvidence.Kind.SCREEN_CAPTURE)
        self.assertIn(capture.consent.given_by, done.auditees.all())
        self.assertEqual(len(capture.sha256), 64)

    def test_the_context_register_is_complete_and_the_draft_review_compiles_it(self):
        climate = ContextIssue.objects.get(agency=self.sotp, is_climate=True)
        self.assertTrue(climate.relevant)
        self.assertTrue(ContextIssue.objects.filter(agency=self.sotp, is_climate=False).exists())
        self.assertTrue(InterestedParty.objects.filter(agency=self.sotp).exists())
        draft = ManagementReview.objects.get(agency=self.sotp, status=ManagementReview.Status.DRAFT)
        self.assertEqual(draft.inputs["context"]["issues"][0]["title"], climate.title)

    def test_the_clause_view_shows_every_status(self):
        statuses = {row.status for row in clause_view(self.sotp)}
        self.assertEqual(statuses, set(CLAUSE_STATUS_LABELS))

    def test_the_showcase_agencies_maintain_their_system_without_audit_or_review_warnings(self):
        for row in adoption_statuses(Agency.objects.filter(code__in=SHOWCASE)):
            with self.subTest(agency=row.agency.code):
                self.assertEqual(row.status, Status.MAINTAINED)
                self.assertNotIn(WarningKind.NO_AUDIT, row.warnings)
                self.assertNotIn(WarningKind.NO_REVIEW, row.warnings)
                self.assertIn(WarningKind.ACTIONS_OVERDUE, row.warnings)

    def test_the_sos_first_screen_names_the_department_whose_status_fell_this_month(self):
        lapsed = Agency.objects.get(code=LAPSED)
        [row] = adoption_statuses(Agency.objects.filter(pk=lapsed.pk))
        self.assertEqual(row.status, Status.ANNOUNCED)
        self.assertIn(WarningKind.NO_REVIEW, row.warnings)
        groups = {
            str(group.title): group.items
            for group in tasks_for_user(
                user=User.objects.get(username="tuan.gs"), agency=lapsed.province
            )
        }
        fell = groups["Cơ quan bị giảm trạng thái trong 30 ngày qua"]
        self.assertIn((lapsed.name, "Duy trì → Đã công bố"), [(i.title, i.detail) for i in fell])

    def test_objectives_of_last_year_are_measured_every_quarter(self):
        last_year = timezone.localdate().year - 1
        objectives = QualityObjective.objects.filter(agency=self.sotp)
        self.assertEqual(set(objectives.values_list("year", flat=True)), {last_year, last_year + 1})
        for objective in objectives.filter(year=last_year):
            self.assertEqual(objective.measurements.count(), 4)
        this_year = Measurement.objects.filter(objective__in=objectives.filter(year=last_year + 1))
        self.assertFalse(this_year.filter(period_end__gt=timezone.localdate()).exists())

    def test_survey_answers_span_six_months_and_reach_the_draft_review(self):
        today = timezone.localdate()
        answers = SurveyResponse.objects.filter(survey__agency=self.sotp)
        self.assertFalse(answers.filter(submitted_at__gt=timezone.now()).exists())
        since = timezone.localtime(answers.earliest("submitted_at").submitted_at).date()
        self.assertGreater(since, today - dt.timedelta(days=186))
        self.assertLess(since, today - dt.timedelta(days=140))
        draft = ManagementReview.objects.get(agency=self.sotp, status=ManagementReview.Status.DRAFT)
        self.assertGreater(draft.inputs["satisfaction"]["answers"], 0)

    def test_the_annual_report_deadline_has_just_passed(self):
        today = timezone.localdate()
        template = ReportTemplate.objects.get()
        self.assertLess(template.deadline, today)
        self.assertGreater(template.deadline, today - dt.timedelta(days=7))
        submitted = AnnualReport.objects.filter(template=template, submitted_at__isnull=False)
        self.assertEqual(submitted.count(), 2)
        plan = InspectionPlan.objects.get()
        self.assertEqual(plan.year, template.year - 1)
        self.assertEqual(plan.status, InspectionPlan.Status.CONCLUDED)
