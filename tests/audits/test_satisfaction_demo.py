from datetime import timedelta

from django.test import TestCase
from django.utils import timezone

from audits.models import ManagementReview, Nonconformity, Survey, SurveyResponse
from audits.selectors.satisfaction import satisfaction_rates
from qms.agencies.models import Agency
from qms.devdata.demo import agencies as agencies_demo
from qms.devdata.demo.audits import improvement as audits_demo
from qms.devdata.demo.audits import satisfaction as demo_satisfaction


class SatisfactionDemoTests(TestCase):
    """The satisfaction demo on top of the demo province and its improvement cycle (without
    document control, the surveys simply have no administrative procedure)."""

    @classmethod
    def setUpTestData(cls):
        agencies_demo.load()
        audits_demo.load()
        demo_satisfaction.load()
        cls.agencies = {
            a.code: a for a in Agency.objects.filter(code__in=demo_satisfaction.PROFILES)
        }

    def test_agencies_differ_realistically_over_six_months(self):
        today = timezone.localdate()
        rates = satisfaction_rates(
            [a.pk for a in self.agencies.values()], today - timedelta(days=183), today
        )
        by_code = {code: rates[agency.pk] for code, agency in self.agencies.items()}
        self.assertGreater(by_code["sotp"].percent, 80)
        self.assertLess(by_code["p-xuanhuong"].percent, 60)
        for rate in by_code.values():
            self.assertGreater(rate.answers, 100)
        months = {
            (d.year, d.month) for d in SurveyResponse.objects.values_list("submitted_at", flat=True)
        }
        self.assertGreaterEqual(len(months), 6)

    def test_some_comments_warrant_complaints_and_two_are_registered(self):
        complaints = Nonconformity.objects.filter(
            source=Nonconformity.Source.COMPLAINT, satisfaction_response__isnull=False
        )
        self.assertEqual(complaints.count(), 2)
        self.assertTrue(
            SurveyResponse.objects.filter(
                comment__in=demo_satisfaction.COMPLAINTS, nonconformity=None
            ).exists()
        )

    def test_the_draft_management_review_shows_the_rate_of_its_period(self):
        review = ManagementReview.objects.get(
            agency=self.agencies["sotp"], status=ManagementReview.Status.DRAFT
        )
        self.assertGreater(review.inputs["satisfaction"]["answers"], 0)

    def test_running_it_twice_changes_nothing(self):
        before = (Survey.objects.count(), SurveyResponse.objects.count())
        demo_satisfaction.load()
        self.assertEqual((Survey.objects.count(), SurveyResponse.objects.count()), before)
