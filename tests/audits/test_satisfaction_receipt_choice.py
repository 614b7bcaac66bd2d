"""The receipt code on the public survey: marked required, or optional for someone who only
came to ask when the agency says so; help and errors tied to the field; no staff language
switcher on the citizen's page."""

from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from audits.models import Survey, SurveyResponse
from audits.services import satisfaction as service
from audits.services import satisfaction_answers as answers
from qms.agencies.roles import Role
from tests.audits.satisfaction_builders import make_survey
from tests.helpers import make_agency, make_user

ADDRESS = "203.113.131.7"
CODE = "000.00.23.H35-261125-0042"


def vi(text: str) -> str:
    with translation.override("vi"):
        return str(translation.gettext(text))


class ReceiptChoiceBase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Ủy ban nhân dân phường Xuân Hương - Đà Lạt")
        # Yến, ISO secretary of the ward: defines the surveys.
        cls.yen = make_user("Bùi Thị Hải Yến", cls.agency, [Role.ISO_SECRETARY, Role.STAFF])
        # Phương, staff at the desk: answers nothing about surveys.
        cls.phuong = make_user("Lê Thị Phương", cls.agency, [Role.STAFF])

    def answer(self, survey: Survey, address: str = ADDRESS, **extra):
        questions = survey.questions.order_by("position")
        data = {**{f"q{q.pk}": 4 for q in questions}, "comment": "", **extra}
        url = reverse("survey-answer", args=[survey.token])
        return self.client.post(url, data, REMOTE_ADDR=address)


class PublicPageTests(ReceiptChoiceBase):
    def test_a_required_code_is_marked_required_and_an_empty_one_refused(self):
        survey = make_survey(self.agency, self.yen, uses_receipt_codes=True)
        body = self.client.get(reverse("survey-answer", args=[survey.token])).content.decode()
        label = body[body.index('for="id_receipt_code"') : body.index("</label>")]
        self.assertIn(vi("required"), label)
        self.assertNotIn(vi("optional"), label)  # the comment box below is optional, not this
        self.assertInHTML(
            '<input type="text" name="receipt_code" id="id_receipt_code" value=""'
            ' class="form-control form-control-lg" autocomplete="off" maxlength="40"'
            ' aria-describedby="id_receipt_code_helptext" required>',
            body,
        )
        refused = self.answer(survey, receipt_code="")
        self.assertEqual(refused.status_code, 400)
        self.assertContains(refused, 'id="id_receipt_code_error"', status_code=400)
        self.assertContains(
            refused,
            'aria-describedby="id_receipt_code_helptext id_receipt_code_error" aria-invalid="true"',
            status_code=400,
        )
        self.assertFalse(SurveyResponse.objects.exists())

    def test_an_optional_code_may_be_left_empty_and_a_typed_one_still_answers_once(self):
        survey = make_survey(
            self.agency, self.yen, uses_receipt_codes=True, receipt_code_optional=True
        )
        page = self.client.get(reverse("survey-answer", args=[survey.token]))
        self.assertContains(page, vi("optional"))
        self.assertContains(page, vi("If you only came to ask for information, leave it empty."))
        self.assertInHTML(
            '<input type="text" name="receipt_code" id="id_receipt_code" value=""'
            ' class="form-control form-control-lg" autocomplete="off" maxlength="40"'
            ' aria-describedby="id_receipt_code_helptext">',
            page.content.decode(),
        )
        self.assertEqual(self.answer(survey, receipt_code="").status_code, 302)
        self.assertEqual(self.answer(survey, receipt_code="", address="10.0.0.2").status_code, 302)
        self.assertEqual(
            self.answer(survey, receipt_code=CODE, address="10.0.0.3").status_code, 302
        )
        again = self.answer(survey, receipt_code=CODE.lower(), address="10.0.0.4")
        self.assertEqual(again.status_code, 400)
        hashes = sorted(SurveyResponse.objects.values_list("receipt_hash", flat=True))
        self.assertEqual(hashes, ["", "", answers.receipt_hash(self.agency, CODE)])
        # A code too short to be one is still refused, even when it may be left empty.
        self.assertEqual(
            self.answer(survey, receipt_code="12", address="10.0.0.5").status_code, 400
        )

    def test_the_option_means_nothing_when_no_code_is_asked(self):
        survey = make_survey(self.agency, self.yen, receipt_code_optional=True)
        page = self.client.get(reverse("survey-answer", args=[survey.token]))
        self.assertNotContains(page, 'name="receipt_code"')
        self.assertEqual(self.answer(survey).status_code, 302)

    def test_the_citizen_pages_have_no_language_switcher_but_staff_pages_keep_it(self):
        survey = make_survey(self.agency, self.yen)
        set_language = reverse("set_language")
        for url in (
            reverse("survey-answer", args=[survey.token]),
            reverse("survey-thanks", args=[survey.token]),
        ):
            with self.subTest(url=url):
                self.assertNotContains(self.client.get(url), set_language)
        self.client.force_login(self.yen)
        self.assertContains(self.client.get(reverse("documents:register")), set_language)


class SurveySettingTests(ReceiptChoiceBase):
    def test_the_secretary_sets_it_on_the_form_and_a_new_version_keeps_it(self):
        self.client.force_login(self.yen)
        form = self.client.get(reverse("audits:satisfaction-survey-create"))
        self.assertContains(form, 'name="receipt_code_optional"')
        self.assertContains(form, 'id="id_receipt_code_optional_helptext"')
        self.client.post(
            reverse("audits:satisfaction-survey-create"),
            {
                "title": "Khảo sát hộ tịch",
                "questions": "Đúng hẹn\nThái độ cán bộ",
                "overall_question": "Nhìn chung, ông/bà hài lòng không?",
                "uses_receipt_codes": "on",
                "receipt_code_optional": "on",
            },
        )
        survey = Survey.objects.get(title="Khảo sát hộ tịch")
        self.assertTrue(survey.receipt_code_optional)
        self.assertTrue(survey.history.filter(receipt_code_optional=True).exists())
        newer = service.survey_new_version(survey=survey, by=self.yen)
        self.assertTrue(newer.receipt_code_optional)
        edit = reverse("audits:satisfaction-survey-edit", args=[newer.pk])
        self.assertInHTML(
            '<input type="checkbox" name="receipt_code_optional" class="form-check-input"'
            ' aria-describedby="id_receipt_code_optional_helptext" id="id_receipt_code_optional"'
            " checked>",
            self.client.get(edit).content.decode(),
        )

    def test_staff_without_the_role_change_nothing(self):
        survey = make_survey(self.agency, self.yen, uses_receipt_codes=True)
        self.client.force_login(self.phuong)
        edit = reverse("audits:satisfaction-survey-edit", args=[survey.pk])
        response = self.client.post(
            edit,
            {
                "title": survey.title,
                "overall_question": "Nhìn chung?",
                "uses_receipt_codes": "on",
                "receipt_code_optional": "on",
            },
        )
        self.assertEqual(response.status_code, 403)
        survey.refresh_from_db()
        self.assertFalse(survey.receipt_code_optional)
