"""The demo's distributed issues and their readers, on days at the edges of the year."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from documents.models import Acknowledgement, ApprovalDecision, Distribution, Revision
from documents.selectors.distribution import (
    acknowledgement_due,
    approved_not_distributed,
    distributed_effective_revisions,
    reading_register,
)
from qms.agencies.models import Agency
from tests.demo_dates.story import on


class DemoDistributionStory:
    day: str

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", agencies="sotp", stdout=StringIO())
        cls.sotp = Agency.objects.get(code="sotp")

    def test_effective_issues_are_distributed_with_some_late_and_some_read_late(self):
        revisions = list(distributed_effective_revisions(agency=self.sotp))
        self.assertGreater(len(revisions), 10)
        self.assertTrue(any(r.late for r in revisions))
        self.assertTrue(any(r.acknowledged == r.expected for r in revisions))
        read_late = [
            row
            for r in revisions
            for row in reading_register(r)
            if row.read_at
            and timezone.localdate(row.read_at) > acknowledgement_due(r, row.reached_at)
        ]
        self.assertTrue(read_late)

    def test_a_recent_issue_has_readers_who_are_not_late_yet(self):
        today = timezone.localdate()
        recent = [
            r
            for r in distributed_effective_revisions(agency=self.sotp)
            if r.acknowledged < r.expected and r.late == 0
        ]
        self.assertTrue(recent)
        self.assertTrue(all(r.effective_date > today - timedelta(days=7) for r in recent))

    def test_every_date_is_in_the_past_and_in_order(self):
        now = timezone.now()
        today = timezone.localdate()
        self.assertFalse(Acknowledgement.objects.filter(at__gt=now).exists())
        self.assertFalse(Distribution.objects.filter(distributed_at__gt=now).exists())
        self.assertFalse(ApprovalDecision.objects.filter(at__gt=now).exists())
        for ack in Acknowledgement.objects.select_related("revision"):
            reached = ack.revision.distributions.earliest("distributed_at").distributed_at
            self.assertGreater(ack.at, reached)
        for revision in Revision.objects.filter(document__agency=self.sotp, status="effective"):
            self.assertLessEqual(revision.effective_date, today)
            self.assertLessEqual(timezone.localdate(revision.approved_at), revision.effective_date)
            self.assertGreater(revision.document.review_due, today)

    def test_an_approved_issue_waits_to_be_distributed(self):
        self.assertTrue(approved_not_distributed(agency=self.sotp).exists())


@on("2027-01-01")
class On01January2027(DemoDistributionStory, TestCase):
    day = "2027-01-01"


@on("2028-02-29")
class On29February2028(DemoDistributionStory, TestCase):
    day = "2028-02-29"
