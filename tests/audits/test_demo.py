from django.test import TestCase

from audits.models import (
    Action,
    ManagementReview,
    Nonconformity,
    NonconformityEvent,
    QualityObjective,
    Risk,
)
from qms.agencies.models import Agency
from qms.devdata.demo import agencies as agencies_demo
from qms.devdata.demo.agencies import NOT_STARTED_COMMUNES
from qms.devdata.demo.audits import improvement as audits_demo


def snapshot() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (Nonconformity, Action, QualityObjective, Risk, ManagementReview)
    }


class ImprovementDemoTests(TestCase):
    """The improvement demo on top of the demo province (document control is not needed: a
    nonconformity's document link and change request are simply left out without it)."""

    @classmethod
    def setUpTestData(cls):
        agencies_demo.load()
        audits_demo.load()
        cls.sotp = Agency.objects.get(code="sotp")

    def test_sotp_tells_the_whole_story(self):
        statuses = set(
            Nonconformity.objects.filter(agency=self.sotp).values_list("status", flat=True)
        )
        self.assertEqual(statuses, set(Nonconformity.Status.values))
        self.assertTrue(
            NonconformityEvent.objects.filter(
                nonconformity__agency=self.sotp, kind=NonconformityEvent.Kind.NOT_EFFECTIVE
            ).exists()
        )
        self.assertTrue(Action.objects.of_agency(self.sotp).overdue().exists())
        years = set(
            QualityObjective.objects.filter(agency=self.sotp).values_list("year", flat=True)
        )
        self.assertEqual(len(years), 2)
        self.assertEqual(
            set(ManagementReview.objects.filter(agency=self.sotp).values_list("status", flat=True)),
            {ManagementReview.Status.APPROVED, ManagementReview.Status.DRAFT},
        )
        self.assertGreaterEqual(Risk.objects.filter(agency=self.sotp).count(), 4)

    def test_the_2008_commune_has_preventive_action_and_no_risks(self):
        commune = Agency.objects.get(code="x-langbiang")
        self.assertTrue(Action.objects.filter(agency=commune, kind="preventive").exists())
        self.assertFalse(Risk.objects.filter(agency=commune).exists())
        review = ManagementReview.objects.get(agency=commune)
        self.assertEqual(review.iso_version, "2008")

    def test_every_active_agency_with_its_people_has_a_nonconformity(self):
        # The agencies of the province (the Ministry keeps no system of its own in the demo).
        # The communes that have not started their system have no one to play it.
        agencies = Agency.objects.filter(is_active=True, province__isnull=False).exclude(
            code__in=[code for code, _name in NOT_STARTED_COMMUNES]
        )
        without = agencies.exclude(nonconformities__isnull=False)
        self.assertFalse(without.exists(), list(without.values_list("code", flat=True)))

    def test_running_it_again_changes_nothing(self):
        before = snapshot()
        audits_demo.load()
        self.assertEqual(snapshot(), before)
