"""Kiến nghị của Sở KH&CN: the province's supervisor writes one to an agency from its
supervision page; the agency's ISO secretary and leader read them; nobody else writes one."""

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qms.audit_trail import TrailFilters, trail_rows
from qms.monitoring.models import Recommendation
from qms.monitoring.services.recommendations import recommendation_create
from tests.helpers import LadderMixin, make_ministry, make_user
from tests.monitoring.fixtures import SupervisionFixture

TEXT = "Đề nghị rà soát lại quy trình tiếp nhận hồ sơ trước ngày 31/12."


class RecommendationServiceTests(SupervisionFixture):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Hưng, the Ministry's supervisor: reads every province, recommends nothing.
        cls.hung = make_user("Phạm Quang Hưng", make_ministry(), ["supervisor"])

    def test_the_province_supervisor_records_it_and_the_secretary_hears_of_it(self):
        with self.captureOnCommitCallbacks(execute=True):
            recommendation = recommendation_create(agency=self.a, by=self.tuan, text=f" {TEXT} ")
        self.assertEqual(
            (recommendation.province, recommendation.agency, recommendation.text),
            (self.province, self.a, TEXT),
        )
        self.assertEqual(recommendation.history.get().history_user, self.tuan)
        self.assertEqual([message.to for message in mail.outbox], [[self.lan.email]])
        self.assertIn(TEXT, mail.outbox[0].body)

    def test_it_shows_in_the_agencys_trail_as_the_departments(self):
        recommendation_create(agency=self.a, by=self.tuan, text=TEXT)
        rows = list(trail_rows(self.a, TrailFilters(kind="recommendation")))
        self.assertEqual(
            [(row["trail_who"], row["trail_title"]) for row in rows],
            [(self.tuan.full_name, self.province.name)],
        )

    def test_nobody_else_records_one(self):
        for person, agency in [
            (self.lan, self.a),  # the agency's own secretary
            (self.minh, self.a),
            (self.khanh, self.a),  # another province's supervisor
            (self.hung, self.a),  # the Ministry
            (self.tuan, self.province),  # the province root is no agency under supervision
            (self.tuan, self.c),
        ]:
            with (
                self.subTest(person=person.full_name, agency=agency.name),
                self.assertRaises(PermissionDenied),
            ):
                recommendation_create(agency=agency, by=person, text=TEXT)
        self.assertFalse(Recommendation.objects.exists())

    def test_an_empty_or_overlong_text_is_refused(self):
        for text in ("  ", "x" * 5001):
            with self.subTest(length=len(text)), self.assertRaises(ValidationError):
                recommendation_create(agency=self.a, by=self.tuan, text=text)


class RecommendationPageTests(LadderMixin, SupervisionFixture):
    def test_the_form_follows_the_ladder_and_sends(self):
        url = reverse("monitoring:agency-recommendation-create", args=[self.a.pk])
        self.client.force_login(self.khanh)  # another province: the agency is not there
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assert_ladder(url, outsider=None, wrong_role=self.lan, right_role=self.tuan)
        detail = reverse("monitoring:agency-detail", args=[self.a.pk])
        self.assertContains(self.client.get(detail), url)
        response = self.client.post(url, {"text": TEXT})
        self.assertRedirects(response, detail)
        self.assertContains(self.client.get(detail), "Đề nghị rà soát lại quy trình")

    def test_an_empty_text_stays_on_the_form(self):
        self.client.force_login(self.tuan)
        url = reverse("monitoring:agency-recommendation-create", args=[self.a.pk])
        self.assertEqual(self.client.post(url, {"text": ""}).status_code, 200)
        self.assertFalse(Recommendation.objects.exists())

    def test_the_agency_reads_its_own(self):
        recommendation_create(agency=self.a, by=self.tuan, text=TEXT)
        url = reverse("monitoring:recommendation-list")
        response = self.assert_ladder(url, outsider=None, wrong_role=self.hoa, right_role=self.lan)
        self.assertContains(response, TEXT)
        self.client.force_login(self.binh)  # another agency sees only its own: none
        self.assertNotContains(self.client.get(url), TEXT)

    def test_the_list_costs_the_same_queries_for_one_or_many_recommendations(self):
        url = reverse("monitoring:recommendation-list")
        self.client.force_login(self.lan)
        recommendation_create(agency=self.a, by=self.tuan, text=TEXT)
        self.client.get(url)  # warm the per-request caches
        with CaptureQueriesContext(connection) as one:
            self.client.get(url)
        for n in range(6):
            recommendation_create(agency=self.a, by=self.tuan, text=f"{TEXT} ({n})")
        with CaptureQueriesContext(connection) as seven:
            response = self.client.get(url)
        self.assertContains(response, "(5)")
        self.assertEqual(len(seven), len(one))
