"""The public survey: no account, nothing personal stored, floods and reused receipt codes
refused, bad input refused with nothing stored, the kiosk loop."""

from django.db import connection
from django.test import TestCase, override_settings
from django.urls import reverse

from audits.models import Answer, AnswerThrottle, Survey, SurveyResponse
from audits.services import satisfaction as service
from audits.services import satisfaction_answers as answers
from qms.agencies.roles import Role
from tests.audits.satisfaction_builders import make_survey
from tests.helpers import make_agency, make_user

ADDRESS = "203.113.131.7"
BROWSER = "Mozilla/5.0 (Linux; Android 8.1; Nokia 2) NguoiDanTestAgent/1.0"
TABLES = (SurveyResponse, Answer, AnswerThrottle)


class PublicSurveyBase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Ủy ban nhân dân phường Xuân Hương - Đà Lạt")
        # Yến, ISO secretary of the ward.
        cls.yen = make_user("Bùi Thị Hải Yến", cls.agency, [Role.ISO_SECRETARY])
        cls.survey = make_survey(cls.agency, cls.yen)
        cls.questions = list(cls.survey.questions.order_by("position"))
        cls.url = reverse("survey-answer", args=[cls.survey.token])

    def data(self, *values, **extra) -> dict:
        values = values or (5,) * len(self.questions)
        return {
            **{f"q{q.pk}": v for q, v in zip(self.questions, values, strict=True)},
            "comment": "",
            **extra,
        }

    def post(self, data: dict, url: str | None = None, address: str = ADDRESS):
        return self.client.post(url or self.url, data, REMOTE_ADDR=address, HTTP_USER_AGENT=BROWSER)


class AnonymousAnswerTests(PublicSurveyBase):
    def test_a_citizen_answers_without_an_account_on_a_page_without_scripts(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        body = response.content.decode()
        self.assertNotIn("<script", body)
        self.assertEqual(body.count('type="radio"'), 5 * len(self.questions))
        self.assertLess(len(response.content), 20_000)
        answered = self.post(self.data(5, 4, 3, 4, 4, comment="Cán bộ tận tình"))
        self.assertRedirects(answered, reverse("survey-thanks", args=[self.survey.token]))
        stored = SurveyResponse.objects.get()
        self.assertEqual((stored.overall, stored.lowest), (4, 3))
        self.assertEqual(stored.comment, "Cán bộ tận tình")
        self.assertEqual(
            [a.value for a in stored.answers.order_by("question__position")], [5, 4, 3, 4, 4]
        )

    def test_the_page_reads_the_survey_and_its_questions_only(self):
        from tests.helpers import count_queries

        self.client.get(self.url)
        self.assertEqual(count_queries(lambda: self.client.get(self.url)), 2)
        for n in range(5):
            self.post(self.data(), address=f"192.0.2.{n}")
        self.assertEqual(count_queries(lambda: self.client.get(self.url)), 2)

    def test_nothing_personal_is_stored(self):
        self.post(self.data(comment="Tốt"))
        for model in TABLES:
            names = {field.name for field in model._meta.get_fields()}
            for personal in ("ip", "ip_address", "user_agent", "user", "session", "name", "phone"):
                self.assertNotIn(personal, names, model.__name__)
        # Not a trace of the address or the browser in any column of any row.
        with connection.cursor() as cursor:
            for model in TABLES:
                cursor.execute(f"SELECT * FROM {model._meta.db_table}")  # noqa: S608
                dump = repr(cursor.fetchall())
                self.assertNotIn(ADDRESS, dump, model.__name__)
                self.assertNotIn("Nokia", dump, model.__name__)
        throttle = AnswerThrottle.objects.get()
        self.assertEqual(len(throttle.address_hash), 64)
        self.assertEqual(throttle.address_hash, answers.address_hash(ADDRESS))

    def test_backups_never_keep_the_address_hashes(self):
        import tarfile
        import tempfile
        from pathlib import Path

        from qms.lib.backup import backup_create

        self.post(self.data())
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "backup.tar.gz"
            backup_create(path)
            with tarfile.open(path) as archive:
                data = archive.extractfile("data.json").read().decode()
        self.assertIn('"audits.surveyresponse"', data)
        self.assertNotIn("audits.answerthrottle", data)
        self.assertNotIn(answers.address_hash(ADDRESS), data)

    def test_the_address_hash_is_keyed_and_changes_every_day(self):
        from datetime import date

        monday = answers.address_hash(ADDRESS, on=date(2026, 11, 23))
        tuesday = answers.address_hash(ADDRESS, on=date(2026, 11, 24))
        self.assertNotEqual(monday, tuesday)
        import hashlib

        self.assertNotEqual(monday, hashlib.sha256(ADDRESS.encode()).hexdigest())
        with self.settings(SECRET_KEY="another-secret-key-" + "y" * 40):
            self.assertNotEqual(answers.address_hash(ADDRESS, on=date(2026, 11, 23)), monday)

    def test_empty_and_out_of_range_answers_are_refused_and_nothing_is_stored(self):
        first = f"q{self.questions[0].pk}"
        cases = [
            {k: v for k, v in self.data().items() if k != first},  # one question skipped
            {**self.data(), first: "0"},
            {**self.data(), first: "6"},
            {**self.data(), first: "năm"},
            {**self.data(), "comment": "x" * 2001},
            {},
        ]
        for data in cases:
            with self.subTest(data=str(data)[:60]):
                response = self.post(data)
                self.assertEqual(response.status_code, 400)
        for model in TABLES:
            self.assertFalse(model.objects.exists(), model.__name__)

    def test_the_service_refuses_out_of_range_values_too(self):
        from django.core.exceptions import ValidationError

        values = {q.pk: 5 for q in self.questions}
        for bad in (0, 6, None, "x"):
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                answers.response_submit(
                    survey=self.survey, values={**values, self.questions[0].pk: bad}
                )
        self.assertFalse(SurveyResponse.objects.exists())

    def test_an_unknown_token_is_a_404_and_a_closed_survey_says_so(self):
        self.assertEqual(self.client.get("/survey/not-a-real-token/").status_code, 404)
        service.survey_set_open(survey=self.survey, by=self.yen, is_open=False)
        self.assertEqual(self.client.get(self.url).status_code, 410)
        self.assertEqual(self.post(self.data()).status_code, 410)
        self.assertFalse(SurveyResponse.objects.exists())

    def test_the_kiosk_thanks_and_comes_back_to_a_fresh_form(self):
        response = self.post(self.data(), url=self.url + "?kiosk=1")
        thanks = reverse("survey-thanks", args=[self.survey.token]) + "?kiosk=1"
        self.assertRedirects(response, thanks)
        page = self.client.get(thanks)
        self.assertEqual(page["Refresh"], f"8; url={self.url}?kiosk=1")
        self.assertContains(page, f'href="{self.url}?kiosk=1"')
        fresh = self.client.get(self.url + "?kiosk=1")
        self.assertNotContains(fresh, "checked")
        self.assertContains(fresh, f'action="{self.url}?kiosk=1"')
        # Outside the kiosk, the thank-you page stays.
        self.assertFalse(
            self.client.get(reverse("survey-thanks", args=[self.survey.token])).has_header(
                "Refresh"
            )
        )


@override_settings(SATISFACTION_MAX_ANSWERS=3, SATISFACTION_WINDOW_MINUTES=10)
class RateLimitTests(PublicSurveyBase):
    def test_a_flood_from_one_address_is_refused_with_a_clear_message(self):
        for _n in range(3):
            self.assertEqual(self.post(self.data()).status_code, 302)
        flooded = self.post(self.data())
        self.assertEqual(flooded.status_code, 429)
        self.assertEqual(len(flooded.context["form"].non_field_errors()), 1)
        self.assertEqual(SurveyResponse.objects.count(), 3)
        # Another address is not affected.
        self.assertEqual(self.post(self.data(), address="198.51.100.9").status_code, 302)

    def test_old_rows_are_purged_and_the_window_opens_again(self):
        from datetime import timedelta

        from django.utils import timezone

        for _n in range(3):
            self.post(self.data())
        AnswerThrottle.objects.update(at=timezone.now() - timedelta(minutes=11))
        self.assertEqual(self.post(self.data()).status_code, 302)
        self.assertEqual(AnswerThrottle.objects.count(), 1)


class ReceiptCodeTests(PublicSurveyBase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Survey.objects.filter(pk=cls.survey.pk).update(uses_receipt_codes=True)

    def test_one_answer_per_receipt_code_and_only_its_keyed_hash_is_kept(self):
        code = "000.00.23.H35-261125-0042"
        self.assertEqual(self.post(self.data(receipt_code=code)).status_code, 302)
        stored = SurveyResponse.objects.get()
        self.assertEqual(stored.receipt_hash, answers.receipt_hash(self.agency, code))
        self.assertNotIn("0042", stored.receipt_hash)
        # The same code again, typed differently, from another address: refused.
        again = self.post(self.data(receipt_code=" 000.00.23.h35-261125-0042 "), address="10.0.0.2")
        self.assertEqual(again.status_code, 400)
        self.assertTrue(again.context["form"].errors["receipt_code"])
        self.assertEqual(SurveyResponse.objects.count(), 1)

    def test_a_missing_code_is_refused(self):
        for code in ("", "12"):
            with self.subTest(code=code):
                self.assertEqual(self.post(self.data(receipt_code=code)).status_code, 400)
        self.assertFalse(SurveyResponse.objects.exists())
