"""Reminders about annual reports: 14 and 3 days before the deadline and weekly after it, only
to agencies that have not submitted, each occasion once."""

from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command

from qms.monitoring.models import ReportReminder
from qms.monitoring.services import reports as service
from qms.monitoring.services.reminders import annual_reports_remind, occasion_for
from tests.monitoring.fixtures import SupervisionFixture
from tests.monitoring.test_annual_reports import TODAY, filled, make_template


class OccasionTests(SupervisionFixture):
    def test_the_occasions(self):
        expected = {
            30: None,
            15: None,
            14: "before_14",
            4: "before_14",
            3: "before_3",
            0: "before_3",
            -1: "late_week_1",
            -7: "late_week_1",
            -8: "late_week_2",
            -15: "late_week_3",
        }
        for days, occasion in expected.items():
            with self.subTest(days=days):
                self.assertEqual(occasion_for(days), occasion)


class ReminderTests(SupervisionFixture):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.template = make_template(cls.province, cls.tuan, deadline=TODAY + timedelta(days=14))
        # Agency A has submitted; B has not; C is of another province.
        report = service.report_start(template=cls.template, agency=cls.a, by=cls.lan)
        service.report_save(report=report, by=cls.lan, values=filled(cls.template))
        service.report_submit(report=report, by=cls.lan)

    def remind(self, on):
        with self.captureOnCommitCallbacks(execute=True):
            return annual_reports_remind(on=on)

    def test_only_agencies_behind_are_reminded_once_per_occasion(self):
        self.assertEqual(self.remind(TODAY), 1)
        self.assertEqual([m.to for m in mail.outbox], [[self.binh.email]])
        self.assertIn(self.template.title, mail.outbox[0].subject)
        self.assertEqual(self.remind(TODAY), 0)
        self.assertEqual(self.remind(TODAY + timedelta(days=5)), 0)  # still the 14-day window
        self.assertEqual(self.remind(TODAY + timedelta(days=11)), 1)  # 3 days before
        self.assertEqual(self.remind(TODAY + timedelta(days=15)), 1)  # a day late
        self.assertEqual(self.remind(TODAY + timedelta(days=20)), 0)
        self.assertEqual(self.remind(TODAY + timedelta(days=22)), 1)  # a week later
        self.assertEqual(len(mail.outbox), 4)
        self.assertEqual(
            sorted(ReportReminder.objects.values_list("occasion", flat=True)),
            ["before_14", "before_3", "late_week_1", "late_week_2"],
        )

    def test_nothing_before_the_window_and_the_command_runs(self):
        self.assertEqual(self.remind(TODAY - timedelta(days=10)), 0)
        out = StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("remind_annual_reports", stdout=out)
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("1", out.getvalue())
