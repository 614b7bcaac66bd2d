"""Announcements of conformity: recorded by the agency's ISO secretary, seen by the supervisor."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from qms.agencies.roles import Role
from qms.monitoring.models import Announcement
from qms.monitoring.selectors.announcements import scope_drift
from qms.monitoring.services.announcements import announcement_record
from tests.helpers import (
    LadderMixin,
    count_queries,
    make_agency,
    make_province,
    make_user,
    withdraw_effective,
)
from tests.monitoring.builders import Team, pdf_upload

TODAY = timezone.localdate()


class AnnouncementTests(LadderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("UBND tỉnh Lâm Đồng")
        cls.agency = make_agency("Sở Tư pháp", province=cls.province)
        # Lan (secretary), Minh (reviewer), Hùng (leader) of the Sở Tư pháp.
        cls.team = Team(cls.agency, "Sở Tư pháp")
        cls.procedure = cls.team.applying()
        # Hoa, staff of the Sở Tư pháp: reads, records nothing.
        cls.staff = make_user("Hoa", cls.agency, [Role.STAFF])
        # Tuấn, the province's supervisor: reads every agency, changes none.
        cls.supervisor = make_user("Tuấn", cls.province, [Role.SUPERVISOR])
        # Bình, ISO secretary of the Sở Y tế: another agency of the same province.
        cls.other = make_agency("Sở Y tế", province=cls.province)
        cls.other_team = Team(cls.other, "Sở Y tế")
        # Khánh, supervisor of another province.
        cls.foreign_supervisor = make_user(
            "Khánh", make_province("UBND tỉnh Khánh Hòa"), [Role.SUPERVISOR]
        )

    def form(self, **extra):
        data = {
            "decision_number": "125/QĐ-STP",
            "decided_on": (TODAY - timedelta(days=5)).strftime("%d/%m/%Y"),
            "signer": "Nguyễn Văn An",
            "iso_version": "2015",
            "procedures": [self.procedure.pk],
            "posted_on": (TODAY - timedelta(days=3)).strftime("%d/%m/%Y"),
            "reason": "",
            "upload": pdf_upload(),
        }
        data.update(extra)
        return data

    def test_the_form_ladder(self):
        url = reverse("monitoring:announcement-create")
        self.assert_ladder(
            url, outsider=None, wrong_role=self.staff, right_role=self.team.secretary
        )
        self.client.force_login(self.supervisor)
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_the_secretary_records_the_first_announcement(self):
        self.client.force_login(self.team.secretary)
        response = self.client.post(reverse("monitoring:announcement-create"), self.form())
        announcement = Announcement.objects.get()
        self.assertRedirects(
            response, reverse("monitoring:announcement-detail", args=[announcement.pk])
        )
        self.assertEqual(announcement.kind, Announcement.Kind.FIRST)
        self.assertEqual(list(announcement.procedures.all()), [self.procedure])
        self.assertEqual(announcement.recorded_by, self.team.secretary)
        self.assertTrue(announcement.file.read().startswith(b"%PDF-"))
        self.assertEqual(announcement.history.first().history_user, self.team.secretary)

    def test_a_re_announcement_needs_its_reason(self):
        self.team.announce([self.procedure], on=TODAY - timedelta(days=30))
        self.client.force_login(self.team.secretary)
        response = self.client.post(reverse("monitoring:announcement-create"), self.form())
        self.assertEqual(response.status_code, 200)
        self.assertIn("reason", response.context["form"].errors)
        self.assertEqual(Announcement.objects.count(), 1)
        self.client.post(
            reverse("monitoring:announcement-create"), self.form(reason="Bổ sung quy trình")
        )
        self.assertEqual(Announcement.objects.first().kind, Announcement.Kind.RENEWED)

    def test_a_file_that_is_not_a_pdf_is_refused(self):
        self.client.force_login(self.team.secretary)
        upload = pdf_upload("quyet-dinh.pdf", b"MZ\x90\x00 not a pdf")
        response = self.client.post(
            reverse("monitoring:announcement-create"), self.form(upload=upload)
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("upload", response.context["form"].errors)
        self.assertFalse(Announcement.objects.exists())

    def test_future_dates_and_a_posting_before_the_decision_are_refused(self):
        self.client.force_login(self.team.secretary)
        tomorrow = (TODAY + timedelta(days=1)).strftime("%d/%m/%Y")
        response = self.client.post(
            reverse("monitoring:announcement-create"), self.form(decided_on=tomorrow)
        )
        self.assertIn("decided_on", response.context["form"].errors)
        early = (TODAY - timedelta(days=10)).strftime("%d/%m/%Y")
        response = self.client.post(
            reverse("monitoring:announcement-create"), self.form(posted_on=early)
        )
        self.assertIn("posted_on", response.context["form"].errors)
        self.assertFalse(Announcement.objects.exists())

    def test_a_procedure_of_another_agency_is_refused(self):
        foreign = self.other_team.effective("Quy trình của Sở Y tế")
        with self.assertRaises(ValidationError) as caught:
            self.team.announce([self.procedure, foreign], on=TODAY)
        self.assertIn("procedures", caught.exception.error_dict)
        self.assertFalse(Announcement.objects.exists())

    def test_the_supervisor_cannot_record_for_an_agency(self):
        with self.assertRaises(PermissionDenied):
            announcement_record(
                agency=self.agency,
                by=self.supervisor,
                decision_number="1/QĐ-STP",
                decided_on=TODAY,
                signer="Nguyễn Văn An",
                iso_version="2015",
                procedures=[self.procedure],
                upload=pdf_upload(),
            )
        self.assertFalse(Announcement.objects.exists())

    def test_scope_drift_shows_procedures_added_and_withdrawn(self):
        self.assertIsNone(scope_drift(self.agency).announcement)
        self.team.announce([self.procedure], on=TODAY - timedelta(days=30))
        self.assertFalse(scope_drift(self.agency).drifted)
        added = self.team.effective("Quy trình chứng thực bản sao")
        withdraw_effective(
            self.procedure.effective_revision,
            secretary=self.team.secretary,
            leader=self.team.approver,
            reason="Hết áp dụng",
        )
        drift = scope_drift(self.agency)
        self.assertEqual(drift.added, [added])
        self.assertEqual(drift.withdrawn, [self.procedure])
        self.client.force_login(self.team.secretary)
        response = self.client.get(reverse("monitoring:announcement-list"))
        self.assertTrue(response.context["drifted"])

    def test_the_supervisor_reads_and_other_provinces_see_a_404(self):
        announcement = self.team.announce([self.procedure], on=TODAY)
        for name in ("monitoring:announcement-detail", "monitoring:announcement-file"):
            url = reverse(name, args=[announcement.pk])
            for person in (self.supervisor, self.staff):
                self.client.force_login(person)
                self.assertEqual(self.client.get(url).status_code, 200, name)
            for person in (self.foreign_supervisor, self.other_team.secretary):
                self.client.force_login(person)
                self.assertEqual(self.client.get(url).status_code, 404, name)

    def test_the_list_query_count_does_not_grow(self):
        self.client.force_login(self.team.secretary)
        url = reverse("monitoring:announcement-list")
        self.team.announce([self.procedure], on=TODAY - timedelta(days=30))
        few = count_queries(lambda: self.client.get(url))
        for day in (20, 10):
            self.team.announce([self.procedure], on=TODAY - timedelta(days=day), reason="Sửa")
        self.assertEqual(count_queries(lambda: self.client.get(url)), few)
