from django.test import TestCase

from audits.models import Audit, AuditorAssignment, AuditProgramme, Finding
from qms.agencies.models import Agency
from qms.devdata.demo import agencies as agencies_demo
from qms.devdata.demo.agencies import NOT_STARTED_COMMUNES
from qms.devdata.demo.audits import internal as demo_audits


class AuditDemoTests(TestCase):
    """The internal audits of every active agency of the demo province, each in the approved
    programme of its year (one programme, or two near the turn of the year: see
    tests/demo_dates for the story on those days)."""

    @classmethod
    def setUpTestData(cls):
        agencies_demo.load()
        demo_audits.load()

    def test_every_active_agency_has_an_approved_programme_with_done_and_coming_audits(self):
        # The agencies of the province (the Ministry keeps no system of its own in the demo).
        # The communes that have not started their system have no one to play it.
        agencies = Agency.objects.filter(is_active=True, province__isnull=False).exclude(
            code__in=[code for code, _name in NOT_STARTED_COMMUNES]
        )
        for agency in agencies:
            with self.subTest(agency=agency.code):
                programmes = AuditProgramme.objects.filter(agency=agency)
                self.assertEqual(
                    set(programmes.values_list("status", flat=True)),
                    {AuditProgramme.Status.APPROVED},
                )
                statuses = set(
                    Audit.objects.filter(programme__in=programmes).values_list("status", flat=True)
                )
                self.assertTrue(statuses & {Audit.Status.REPORT_PROPOSED, Audit.Status.CLOSED})
                grades = set(Finding.objects.filter(agency=agency).values_list("grade", flat=True))
                self.assertEqual(grades, set(Finding.Grade.values))

    def test_the_showcase_agencies_have_an_approved_report_and_a_plan_sent(self):
        for code in ("sotp", "p-xuanhuong"):
            audits = Audit.objects.filter(agency__code=code)
            closed = audits.get(status=Audit.Status.CLOSED)
            self.assertTrue(closed.report_pdf.read().startswith(b"%PDF"))
            self.assertTrue(audits.filter(status=Audit.Status.NOTIFIED, schedule__isnull=False))

    def test_the_ward_shows_the_independence_exception(self):
        exception = AuditorAssignment.objects.exclude(justification="").get(
            audit__agency__code="p-xuanhuong"
        )
        self.assertEqual(exception.auditor.unit_id, exception.audit.units.get().pk)
        self.assertEqual(exception.audit.team.count(), 2)

    def test_nonconformity_findings_are_in_the_register(self):
        for finding in Finding.objects.filter(grade__in=Finding.NONCONFORMING):
            self.assertIsNotNone(finding.nonconformity_id, finding.code)

    def test_running_it_again_changes_nothing(self):
        before = (Audit.objects.count(), Finding.objects.count())
        demo_audits.load()
        self.assertEqual((Audit.objects.count(), Finding.objects.count()), before)
