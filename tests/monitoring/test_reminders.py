"""Reminders to agencies behind and the weekly digest to the province's supervisors."""

import io
from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from qms.agencies.models import Agency
from qms.agencies.roles import Role
from qms.monitoring.models import MonitoringReminder
from qms.monitoring.reminders import monitoring_remind
from tests.helpers import make_agency, make_province, make_user
from tests.monitoring.builders import Team

TODAY = timezone.localdate()


class ReminderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("UBND tỉnh Lâm Đồng")
        # Tuấn, the province's supervisor, who receives the digest.
        cls.supervisor = make_user("Tuấn", cls.province, [Role.SUPERVISOR])
        # Sở Tư pháp: mandatory, not announced: behind. Its secretary is reminded.
        cls.behind = make_agency("Sở Tư pháp", province=cls.province)
        cls.secretary = make_user("Lan", cls.behind, [Role.ISO_SECRETARY])
        # Xã Lát: encouraged only, nothing started, no warning: not behind.
        cls.encouraged = make_agency(
            "Xã Lát", province=cls.province, level=Agency.Level.COMMUNE, iso_mandatory=False
        )
        cls.encouraged_secretary = make_user("Mai", cls.encouraged, [Role.ISO_SECRETARY])

    def test_it_reminds_agencies_behind_once_a_week_and_sends_the_digest(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(monitoring_remind(on=TODAY), (1, 1))
        recipients = sorted(address for message in mail.outbox for address in message.to)
        self.assertEqual(recipients, sorted([self.secretary.email, self.supervisor.email]))
        digest = next(m for m in mail.outbox if self.supervisor.email in m.to)
        self.assertIn("Lâm Đồng", digest.subject)
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(monitoring_remind(on=TODAY + timedelta(days=6)), (0, 0))
        self.assertEqual(mail.outbox, [])
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(monitoring_remind(on=TODAY + timedelta(days=7)), (1, 1))

    def test_the_digest_reports_changes_since_the_last_one(self):
        monitoring_remind(on=TODAY - timedelta(days=7))
        team = Team(self.behind, "Sở Tư pháp")
        team.announce([team.applying()], on=TODAY)
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            monitoring_remind(on=TODAY)
        digest = next(m for m in mail.outbox if self.supervisor.email in m.to)
        self.assertIn("Sở Tư pháp", digest.body)
        latest = MonitoringReminder.objects.filter(kind="digest").first()
        self.assertEqual(latest.statuses[str(self.behind.pk)], "announced")

    def test_the_command_runs(self):
        call_command("remind_supervision", stdout=io.StringIO())
        self.assertEqual(MonitoringReminder.objects.filter(kind="digest").count(), 1)
