"""Satisfaction pages: the permission ladder, defining surveys, results and their query
counts, the .xlsx export, the A5 poster and the complaint made from an answer."""

import io
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audits.models import Nonconformity, Survey, SurveyResponse
from audits.services import satisfaction as service
from qms.agencies.roles import Role
from tests.audits.satisfaction_builders import give, local, make_survey
from tests.helpers import LadderMixin, count_queries, make_agency, make_unit, make_user

AGENCY_NAME = "Ủy ban nhân dân phường Xuân Hương - Đà Lạt"


class SatisfactionViewBase(LadderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency(AGENCY_NAME)
        cls.unit = make_unit(cls.agency, "Bộ phận tiếp nhận và trả kết quả")
        # Yến, ISO secretary of the ward: defines surveys, registers complaints.
        cls.yen = make_user("Bùi Thị Hải Yến", cls.agency, [Role.ISO_SECRETARY, Role.STAFF])
        # Sơn, internal auditor: reads results, registers complaints.
        cls.son = make_user("Trần Phước Sơn", cls.agency, [Role.AUDITOR])
        # Dũng, chairman who approves: reads results only.
        cls.dung = make_user("Đặng Quốc Dũng", cls.agency, [Role.APPROVER])
        # Phương, staff at the desk: no access to results.
        cls.phuong = make_user("Lê Thị Phương", cls.agency, [Role.STAFF])
        cls.other = make_agency("Sở Y tế")
        # Tuấn, ISO secretary of Sở Y tế, who must never see the ward's answers.
        cls.tuan = make_user("Ngô Anh Tuấn", cls.other, [Role.ISO_SECRETARY, Role.STAFF])
        cls.survey = make_survey(cls.agency, cls.yen, unit=cls.unit)
        cls.low = give(cls.survey, 1, 2, 2, 1, 1, comment="Chờ cả buổi sáng không ai tiếp")


class LadderTests(SatisfactionViewBase):
    def test_pages_of_the_agency_follow_the_ladder(self):
        for name, wrong, right in [
            ("audits:satisfaction-results", self.phuong, self.dung),
            ("audits:satisfaction-export", self.phuong, self.son),
            ("audits:satisfaction-survey-list", self.phuong, self.dung),
            ("audits:satisfaction-survey-create", self.son, self.yen),
        ]:
            with self.subTest(name):
                self.assert_ladder(reverse(name), outsider=None, wrong_role=wrong, right_role=right)

    def test_object_pages_follow_the_ladder_and_hide_other_agencies(self):
        survey, answer = self.survey.pk, self.low.pk
        for name, pk, wrong, right in [
            ("audits:satisfaction-survey-detail", survey, self.phuong, self.dung),
            ("audits:satisfaction-survey-edit", survey, self.son, self.yen),
            ("audits:satisfaction-survey-poster", survey, self.phuong, self.dung),
            ("audits:satisfaction-response-complaint", answer, self.dung, self.son),
        ]:
            with self.subTest(name):
                self.assert_ladder(
                    reverse(name, args=[pk]), outsider=self.tuan, wrong_role=wrong, right_role=right
                )

    def test_buttons_refuse_other_agencies_and_wrong_roles(self):
        for name in (
            "audits:satisfaction-survey-close",
            "audits:satisfaction-survey-reopen",
            "audits:satisfaction-survey-version",
        ):
            url = reverse(name, args=[self.survey.pk])
            with self.subTest(name):
                self.client.force_login(self.tuan)
                self.assertEqual(self.client.post(url).status_code, 404)
                self.client.force_login(self.son)
                self.assertEqual(self.client.post(url).status_code, 403)
        self.survey.refresh_from_db()
        self.assertTrue(self.survey.is_open)
        self.assertEqual(Survey.objects.count(), 1)

    def test_the_navigation_shows_satisfaction_to_readers_only(self):
        url = reverse("audits:satisfaction-results")
        self.client.force_login(self.dung)
        self.assertContains(self.client.get(reverse("home")), f'href="{url}"')
        self.client.force_login(self.phuong)
        self.assertNotContains(self.client.get(reverse("home")), f'href="{url}"')


class SurveyPageTests(SatisfactionViewBase):
    def test_the_secretary_starts_with_the_default_survey_in_one_step(self):
        Survey.objects.all().update(is_open=False)
        self.client.force_login(self.yen)
        response = self.client.post(reverse("audits:satisfaction-survey-default"))
        new = Survey.objects.exclude(pk=self.survey.pk).get()
        self.assertRedirects(response, reverse("audits:satisfaction-survey-detail", args=[new.pk]))
        self.assertEqual(new.questions.count(), 5)
        self.assertEqual(
            self.client.get(reverse("audits:satisfaction-survey-default")).status_code, 405
        )

    def test_on_first_use_the_results_page_offers_the_default_survey(self):
        default = reverse("audits:satisfaction-survey-default")
        self.client.force_login(self.yen)
        self.assertNotContains(self.client.get(reverse("audits:satisfaction-results")), default)
        SurveyResponse.objects.all().delete()
        Survey.objects.all().delete()
        self.assertContains(self.client.get(reverse("audits:satisfaction-results")), default)
        self.client.force_login(self.dung)
        self.assertNotContains(self.client.get(reverse("audits:satisfaction-results")), default)

    def test_the_survey_list_keeps_its_query_count_flat(self):
        self.client.force_login(self.yen)
        url = reverse("audits:satisfaction-survey-list")
        self.client.get(url)
        few = count_queries(lambda: self.client.get(url))
        for n in range(4):
            survey = service.survey_create(
                agency=self.agency,
                by=self.yen,
                title=f"Khảo sát {n}",
                questions=[],
                overall_question="Nhìn chung?",
                unit=self.unit,
            )
            give(survey, 4)
        response = self.client.get(url)
        self.assertEqual(len(response.context["surveys"]), 5)
        self.assertEqual(count_queries(lambda: self.client.get(url)), few)

    def test_a_survey_is_created_with_its_questions_one_per_line(self):
        self.client.force_login(self.yen)
        response = self.client.post(
            reverse("audits:satisfaction-survey-create"),
            {
                "title": "Khảo sát đăng ký khai sinh",
                "questions": "Đúng hẹn\n\nThái độ cán bộ\n",
                "overall_question": "Nhìn chung, ông/bà hài lòng không?",
                "unit": self.unit.pk,
                "uses_receipt_codes": "on",
            },
        )
        survey = Survey.objects.get(title="Khảo sát đăng ký khai sinh")
        self.assertRedirects(
            response, reverse("audits:satisfaction-survey-detail", args=[survey.pk])
        )
        self.assertEqual(
            list(survey.questions.values_list("text", "is_overall")),
            [
                ("Đúng hẹn", False),
                ("Thái độ cán bộ", False),
                ("Nhìn chung, ông/bà hài lòng không?", True),
            ],
        )
        self.assertTrue(survey.uses_receipt_codes)

    def test_answered_questions_do_not_change_and_the_page_says_why(self):
        self.client.force_login(self.yen)
        before = list(self.survey.questions.values_list("text", flat=True))
        response = self.client.post(
            reverse("audits:satisfaction-survey-edit", args=[self.survey.pk]),
            {"title": "Khác", "questions": "Câu mới", "overall_question": "Nhìn chung?"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].non_field_errors())
        self.assertEqual(list(self.survey.questions.values_list("text", flat=True)), before)
        self.survey.refresh_from_db()
        self.assertNotEqual(self.survey.title, "Khác")

    def test_a_new_version_takes_over_the_address_and_a_survey_closes(self):
        self.client.force_login(self.yen)
        token = self.survey.token
        response = self.client.post(
            reverse("audits:satisfaction-survey-version", args=[self.survey.pk])
        )
        new = Survey.objects.get(replaces=self.survey)
        self.assertRedirects(response, reverse("audits:satisfaction-survey-edit", args=[new.pk]))
        self.assertEqual(new.token, token)
        self.client.post(reverse("audits:satisfaction-survey-close", args=[new.pk]))
        new.refresh_from_db()
        self.assertFalse(new.is_open)
        self.client.post(reverse("audits:satisfaction-survey-reopen", args=[new.pk]))
        new.refresh_from_db()
        self.assertTrue(new.is_open)

    def test_the_detail_page_shows_the_public_address_and_its_qr_code(self):
        self.client.force_login(self.dung)
        response = self.client.get(
            reverse("audits:satisfaction-survey-detail", args=[self.survey.pk])
        )
        url = f"{settings.SITE_URL}/survey/{self.survey.token}/"
        self.assertContains(response, url)
        self.assertContains(response, url + "?kiosk=1")
        self.assertContains(response, 'src="data:image/svg+xml')


class PosterTests(SatisfactionViewBase):
    def test_the_a5_poster_names_the_agency_and_its_qr_code_opens_the_survey(self):
        self.client.force_login(self.yen)
        response = self.client.get(
            reverse("audits:satisfaction-survey-poster", args=[self.survey.pk])
        )
        self.assertEqual(response["Content-Type"], "application/pdf")
        pdf = response.content
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
        words = " ".join(unicodedata.normalize("NFC", text.stdout.decode()).split())
        self.assertIn(AGENCY_NAME.upper(), words)
        self.assertIn(self.unit.name, words)
        url = f"{settings.SITE_URL}/survey/{self.survey.token}/"
        with tempfile.TemporaryDirectory() as folder:
            subprocess.run(
                ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-", f"{folder}/page"],
                input=pdf,
                check=True,
            )
            image = next(Path(folder).glob("page*.png"))
            decoded = subprocess.run(
                ["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True
            )
        self.assertEqual(decoded.stdout.strip(), url)
        from pypdf import PdfReader

        box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
        # A5: 148 × 210 mm.
        self.assertAlmostEqual(float(box.width) / 72 * 25.4, 148, delta=1)
        self.assertAlmostEqual(float(box.height) / 72 * 25.4, 210, delta=1)


class ResultsTests(SatisfactionViewBase):
    def add_answers(self, n: int) -> None:
        for i in range(n):
            give(self.survey, 5 if i % 3 else 2, comment=f"Ý kiến {i}" if i % 2 else "")

    def test_the_results_show_the_rate_against_the_target_and_the_charts(self):
        self.add_answers(3)  # overall 2, 5, 5 → with the very low answer: 2 of 4
        self.client.force_login(self.dung)
        response = self.client.get(reverse("audits:satisfaction-results"))
        self.assertEqual(response.status_code, 200)
        rate = response.context["rate"]
        self.assertEqual((rate.answers, rate.satisfied, rate.percent), (4, 2, 50.0))
        self.assertEqual(response.context["target"], 70)
        self.assertIs(response.context["meets_target"], False)
        body = response.content.decode()
        self.assertEqual(body.count("<svg"), 2)
        self.assertNotIn("style=", body)
        self.assertEqual(len(response.context["figures"]), 5)

    def test_the_default_period_is_the_last_twelve_whole_months(self):
        self.client.force_login(self.dung)
        response = self.client.get(reverse("audits:satisfaction-results"))
        today = timezone.localdate()
        months = [month for month, _rate in response.context["months"]]
        self.assertEqual(len(months), 12)
        self.assertEqual(months[-1], today.replace(day=1))
        self.assertEqual(response.context["filters"]["start"], months[0])
        self.assertEqual(response.context["filters"]["end"], today)

    def test_filters_narrow_the_answers_and_a_bad_period_is_refused(self):
        other = service.survey_create(
            agency=self.agency, by=self.yen, title="Khác", questions=[], overall_question="Chung?"
        )
        give(other, 5)
        self.client.force_login(self.dung)
        url = reverse("audits:satisfaction-results")
        self.assertEqual(self.client.get(url).context["rate"].answers, 2)
        self.assertEqual(self.client.get(url, {"unit": self.unit.pk}).context["rate"].answers, 1)
        self.assertEqual(self.client.get(url, {"survey": other.pk}).context["rate"].answers, 1)
        response = self.client.get(url, {"start": "01/02/2026", "end": "01/01/2026"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.assertEqual(response.context["rate"].answers, 2)  # the default period instead

    def test_the_results_page_keeps_its_query_count_flat(self):
        self.client.force_login(self.dung)
        url = reverse("audits:satisfaction-results")
        self.client.get(url)
        few = count_queries(lambda: self.client.get(url))
        self.add_answers(45)
        self.assertGreater(SurveyResponse.objects.count(), 40)
        self.assertEqual(count_queries(lambda: self.client.get(url)), few)
        self.assertEqual(count_queries(lambda: self.client.get(url, {"page": 2})), few)

    def test_the_export_holds_the_summary_and_one_row_per_answer(self):
        give(self.survey, 5, 4, 4, 5, 4, comment="Rất nhanh", at=local(2026, 3, 2, 10))
        self.client.force_login(self.son)
        response = self.client.get(
            reverse("audits:satisfaction-export"),
            {"start": "01/01/2026", "end": timezone.localdate().strftime("%d/%m/%Y")},
        )
        self.assertEqual(
            response["Content-Type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        self.assertIn(".xlsx", response["Content-Disposition"])
        workbook = load_workbook(io.BytesIO(response.content))
        summary, answers = workbook.worksheets
        values = [row[1] for row in summary.iter_rows(values_only=True)]
        self.assertEqual(values[0], AGENCY_NAME)
        self.assertIn(2, values)  # answers since January 2026
        rows = list(answers.iter_rows(values_only=True))
        self.assertEqual(len(rows), 3)
        header = rows[0]
        questions = [q.text for q in self.survey.questions.order_by("position")]
        self.assertEqual(list(header[5:10]), questions)
        march = rows[1]  # oldest first
        self.assertEqual(list(march[5:10]), [5, 4, 4, 5, 4])
        self.assertEqual(march[10], "Rất nhanh")
        self.assertEqual(march[0].strftime("%d/%m/%Y %H:%M"), "02/03/2026 10:00")

    def test_the_export_keeps_its_query_count_flat(self):
        self.client.force_login(self.son)
        url = reverse("audits:satisfaction-export")
        self.client.get(url)
        few = count_queries(lambda: self.client.get(url))
        self.add_answers(20)
        self.assertEqual(count_queries(lambda: self.client.get(url)), few)


class ComplaintViewTests(SatisfactionViewBase):
    def test_one_step_from_a_very_low_answer_to_a_complaint(self):
        self.client.force_login(self.son)
        url = reverse("audits:satisfaction-response-complaint", args=[self.low.pk])
        form = self.client.get(url).context["form"]
        self.assertIn("Chờ cả buổi sáng", form.initial["description"])
        response = self.client.post(
            url, {"title": form.initial["title"], "description": form.initial["description"]}
        )
        nc = Nonconformity.objects.get()
        self.assertRedirects(response, reverse("audits:nonconformity-detail", args=[nc.pk]))
        self.assertEqual((nc.source, nc.unit), (Nonconformity.Source.COMPLAINT, self.unit))
        self.low.refresh_from_db()
        self.assertEqual(self.low.nonconformity, nc)
        # The results list links the answer to its complaint; the page redirects there.
        self.client.force_login(self.dung)
        self.assertContains(self.client.get(reverse("audits:satisfaction-results")), nc.code)
        self.client.force_login(self.son)
        self.assertRedirects(
            self.client.get(url), reverse("audits:nonconformity-detail", args=[nc.pk])
        )

    def test_an_empty_title_registers_nothing(self):
        self.client.force_login(self.yen)
        url = reverse("audits:satisfaction-response-complaint", args=[self.low.pk])
        response = self.client.post(url, {"title": "", "description": "x"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["title"])
        self.assertFalse(Nonconformity.objects.exists())

    def test_a_satisfied_answer_without_comment_is_refused_with_a_message(self):
        happy = give(self.survey, 5)
        self.client.force_login(self.yen)
        url = reverse("audits:satisfaction-response-complaint", args=[happy.pk])
        response = self.client.post(url, {"title": "x", "description": "y"})
        self.assertRedirects(response, reverse("audits:satisfaction-results"))
        self.assertFalse(Nonconformity.objects.exists())
