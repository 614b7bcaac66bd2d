"""Citizen satisfaction: defining surveys, the rate against known answers, versions,
complaints from answers, and the figures other pages use."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase, override_settings
from django.utils import timezone

from audits.models import Nonconformity, Survey, SurveyQuestion, SurveyResponse
from audits.selectors.review_inputs import compile_inputs
from audits.selectors.review_presentation import present_inputs
from audits.selectors.satisfaction import (
    Rate,
    monthly_rates,
    question_figures,
    rate_of,
    remarks,
    responses_of,
    satisfaction_rates,
)
from audits.services import reviews
from audits.services import satisfaction as service
from audits.services import satisfaction_answers as answers
from documents.services.external import external_document_save
from qms.agencies.roles import Role
from tests.audits.satisfaction_builders import give, local, make_survey
from tests.helpers import make_agency, make_unit, make_user


class SatisfactionBase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        cls.unit = make_unit(cls.agency, "Bộ phận một cửa")
        # Lan, ISO secretary of Sở Tư pháp: defines the surveys.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY, Role.STAFF])
        # Thảo, internal auditor: may register complaints, may not define surveys.
        cls.thao = make_user("Võ Thị Thảo", cls.agency, [Role.AUDITOR, Role.STAFF])
        # Hoa, staff: neither.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
        cls.other = make_agency("Sở Y tế")
        # Tuấn, ISO secretary of Sở Y tế.
        cls.tuan = make_user("Ngô Anh Tuấn", cls.other, [Role.ISO_SECRETARY])
        cls.survey = make_survey(cls.agency, cls.lan)


class SurveyDefinitionTests(SatisfactionBase):
    def test_the_default_survey_asks_five_questions_in_vietnamese_the_overall_one_last(self):
        questions = list(self.survey.questions.order_by("position"))
        self.assertEqual(len(questions), 5)
        self.assertEqual([q.is_overall for q in questions], [False] * 4 + [True])
        self.assertTrue(questions[-1].text.startswith("Nhìn chung"))
        self.assertTrue(self.survey.is_open)
        self.assertGreaterEqual(len(self.survey.token), 22)
        self.assertEqual(self.survey.history.first().history_user, self.lan)

    def test_only_the_iso_secretary_defines_surveys(self):
        for person in (self.thao, self.hoa, self.tuan):
            with self.subTest(person.full_name), self.assertRaises(PermissionDenied):
                service.survey_create_default(agency=self.agency, by=person)

    def test_bad_definitions_are_refused_and_nothing_is_stored(self):
        before = Survey.objects.count()
        tthc_of_other = external_document_save(
            agency=self.other, by=self.tuan, kind="tthc", number="1.001193", title="Khai sinh"
        )
        law = external_document_save(
            agency=self.agency, by=self.lan, kind="law", number="60/2014/QH13", title="Luật"
        )
        cases = [
            {"title": " "},
            {"overall_question": ""},
            {"questions": ["Câu hỏi"] * 2},
            {"questions": [f"Câu {n}" for n in range(9)]},
            {"unit": make_unit(self.other, "Phòng khác")},
            {"procedure": tthc_of_other},
            {"procedure": law},
        ]
        for case in cases:
            fields = {
                "title": "Khảo sát",
                "questions": ["Đúng hẹn"],
                "overall_question": "Nhìn chung?",
                **case,
            }
            with self.subTest(case), self.assertRaises(ValidationError):
                service.survey_create(agency=self.agency, by=self.lan, **fields)
        self.assertEqual(Survey.objects.count(), before)

    def test_questions_change_until_the_first_answer_then_a_new_version_is_needed(self):
        fields = {
            "title": "Khảo sát mới",
            "questions": ["Đúng hẹn", "Thái độ"],
            "overall_question": "Nhìn chung?",
        }
        service.survey_update(survey=self.survey, by=self.lan, **fields)
        self.assertEqual(self.survey.questions.count(), 3)
        answer = give(self.survey, 4)
        with self.assertRaises(ValidationError):
            service.survey_update(
                survey=self.survey, by=self.lan, **{**fields, "questions": ["Khác"]}
            )
        with self.assertRaises(ValidationError):
            service.survey_update(survey=self.survey, by=self.lan, unit=self.unit, **fields)
        # The title and the receipt codes may still change.
        service.survey_update(
            survey=self.survey, by=self.lan, uses_receipt_codes=True, **{**fields, "title": "T"}
        )
        old_token = Survey.objects.get(pk=self.survey.pk).token
        new = service.survey_new_version(survey=self.survey, by=self.lan)
        old = Survey.objects.get(pk=self.survey.pk)
        self.assertEqual(new.token, old_token)  # printed posters keep working
        self.assertNotEqual(old.token, old_token)
        self.assertFalse(old.is_open)
        self.assertEqual((old.replaced_by, new.version), (new, 2))
        self.assertEqual(
            list(new.questions.values_list("text", flat=True)),
            list(old.questions.values_list("text", flat=True)),
        )
        service.survey_update(survey=new, by=self.lan, **{**fields, "questions": ["Khác"]})
        # The old answer still points at the questions it answered.
        self.assertEqual(
            set(answer.answers.values_list("question__survey", flat=True)), {self.survey.pk}
        )
        with self.assertRaises(ValidationError):
            service.survey_new_version(survey=old, by=self.lan)
        with self.assertRaises(ValidationError):
            service.survey_set_open(survey=old, by=self.lan, is_open=True)

    def test_a_closed_survey_refuses_answers(self):
        service.survey_set_open(survey=self.survey, by=self.lan, is_open=False)
        with self.assertRaises(ValidationError) as raised:
            give(self.survey, 5)
        self.assertEqual(raised.exception.code, "closed")
        self.assertFalse(SurveyResponse.objects.exists())


class RateTests(SatisfactionBase):
    """The rate against hand-counted answers."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        s = cls.survey
        # January: overall 5, 4, 3, 2 → 2 of 4 satisfied (50 %).
        cls.january = [
            give(s, 5, 5, 5, 5, 5, at=local(2026, 1, 5)),
            give(s, 1, 2, 3, 3, 4, at=local(2026, 1, 6), comment="Chờ lâu quá"),
            give(s, 4, 4, 4, 4, 3, at=local(2026, 1, 7)),
            give(s, 2, 2, 2, 2, 2, at=local(2026, 1, 31, 23)),
        ]
        # March: overall 4, 4, 5 → 3 of 3 (100 %); February has no answer.
        for day in (2, 3, 4):
            give(s, 3, 3, 3, 3, 4 if day < 4 else 5, at=local(2026, 3, day))

    def test_the_rate_is_the_share_of_answers_with_overall_at_four_or_five(self):
        rate = rate_of(responses_of(agency=self.agency))
        self.assertEqual(rate, Rate(answers=7, satisfied=5))
        self.assertEqual(rate.percent, 71.4)
        self.assertTrue(rate.meets(70))
        self.assertFalse(rate.meets(75))
        self.assertIsNone(Rate(0, 0).percent)
        self.assertIsNone(Rate(0, 0).meets(70))

    def test_the_period_counts_local_days_both_included(self):
        january = responses_of(agency=self.agency, start=date(2026, 1, 1), end=date(2026, 1, 31))
        self.assertEqual(rate_of(january), Rate(4, 2))
        self.assertEqual(rate_of(january).percent, 50.0)

    def test_each_question_gets_its_answers_average_and_share_at_four_or_five(self):
        figures = question_figures(responses_of(agency=self.agency))
        self.assertEqual(len(figures), 5)
        first = figures[0]
        # Timeliness: 5, 1, 4, 2, 3, 3, 3 → average 3.0; at 4–5: 2 of 7.
        self.assertEqual((first.answers, first.average, first.satisfied), (7, 3.0, 2))
        self.assertEqual(first.percent, 28.6)
        overall = figures[-1]
        self.assertEqual((overall.answers, overall.satisfied), (7, 5))

    def test_months_without_answers_are_shown_empty(self):
        months = monthly_rates(
            responses_of(agency=self.agency), start=date(2026, 1, 1), end=date(2026, 3, 31)
        )
        self.assertEqual(
            [(m, r.answers, r.percent) for m, r in months],
            [
                (date(2026, 1, 1), 4, 50.0),
                (date(2026, 2, 1), 0, None),
                (date(2026, 3, 1), 3, 100.0),
            ],
        )

    def test_remarks_are_the_commented_and_the_very_low_answers(self):
        listed = list(remarks(responses_of(agency=self.agency)))
        self.assertEqual({r.pk for r in listed}, {self.january[1].pk, self.january[3].pk})

    def test_many_agencies_at_once_in_one_query(self):
        with self.assertNumQueries(1):
            rates = satisfaction_rates(
                [self.agency.pk, self.other.pk], date(2026, 3, 1), date(2026, 3, 31)
            )
        self.assertEqual(rates, {self.agency.pk: Rate(3, 3), self.other.pk: Rate(0, 0)})

    def test_the_unit_and_procedure_filters_follow_the_survey_scope(self):
        procedure = external_document_save(
            agency=self.agency, by=self.lan, kind="tthc", number="1.001193", title="Khai sinh"
        )
        scoped = service.survey_create(
            agency=self.agency,
            by=self.lan,
            title="Khai sinh",
            questions=[],
            overall_question="Nhìn chung?",
            unit=self.unit,
            procedure=procedure,
        )
        give(scoped, 5)
        self.assertEqual(rate_of(responses_of(agency=self.agency, unit=self.unit)), Rate(1, 1))
        self.assertEqual(rate_of(responses_of(agency=self.agency, procedure=procedure)), Rate(1, 1))
        self.assertEqual(rate_of(responses_of(agency=self.agency)), Rate(8, 6))

    @override_settings(SATISFACTION_TARGET_PERCENT=75)
    def test_the_management_review_shows_the_rate_of_its_period(self):
        review = reviews.review_create(
            agency=self.agency,
            by=self.lan,
            title="Xem xét của lãnh đạo",
            held_on=date(2026, 1, 31),
            chair=self.lan,
        )
        data = compile_inputs(review)
        self.assertEqual(
            data["satisfaction"], {"answers": 4, "satisfied": 2, "percent": 50.0, "target": 75}
        )
        shown = present_inputs("2015", data, {})
        feedback = dict(next(i for i in shown if i["key"] == "customer_feedback")["sections"])
        self.assertFalse(feedback["satisfaction"]["met"])
        # A review compiled before surveys existed shows nothing for them.
        old = dict(
            next(i for i in present_inputs("2008", {"documents": {}}, {}) if i["letter"] == "b")[
                "sections"
            ]
        )
        self.assertIsNone(old["satisfaction"])


class ComplaintTests(SatisfactionBase):
    def test_a_very_low_answer_becomes_a_complaint_linked_back_to_it(self):
        survey = service.survey_create(
            agency=self.agency,
            by=self.lan,
            title="Một cửa",
            questions=["Đúng hẹn"],
            overall_question="Nhìn chung?",
            unit=self.unit,
        )
        answer = give(survey, 1, 2)
        nc = answers.response_to_complaint(
            response=answer, by=self.thao, title="Trả kết quả trễ", description="Chờ 3 ngày"
        )
        self.assertEqual(nc.source, Nonconformity.Source.COMPLAINT)
        self.assertEqual((nc.agency, nc.unit, nc.detected_by), (self.agency, self.unit, self.thao))
        self.assertIn("Một cửa", nc.source_reference)
        answer.refresh_from_db()
        self.assertEqual(answer.nonconformity, nc)
        self.assertEqual(nc.satisfaction_response, answer)
        with self.assertRaises(ValidationError):
            answers.response_to_complaint(response=answer, by=self.thao, title="x", description="y")
        self.assertEqual(Nonconformity.objects.count(), 1)

    def test_a_satisfied_answer_without_comment_or_a_wrong_role_makes_no_complaint(self):
        happy, low = give(self.survey, 5), give(self.survey, 1)
        with self.assertRaises(ValidationError):
            answers.response_to_complaint(response=happy, by=self.lan, title="x", description="y")
        for person in (self.hoa, self.tuan):
            with self.subTest(person.full_name), self.assertRaises(PermissionDenied):
                answers.response_to_complaint(response=low, by=person, title="x", description="y")
        self.assertFalse(Nonconformity.objects.exists())
        low.refresh_from_db()
        self.assertIsNone(low.nonconformity)

    def test_a_satisfied_answer_with_a_negative_comment_may_become_a_complaint(self):
        answer = give(self.survey, 4, comment="Nhân viên thu thêm phí photo không niêm yết")
        # A comment becomes a complaint once someone of the agency flagged it negative.
        with self.assertRaises(ValidationError):
            answers.response_to_complaint(response=answer, by=self.lan, title="x", description="y")
        answers.response_flag_negative(response=answer, by=self.thao)
        nc = answers.response_to_complaint(
            response=answer, by=self.lan, title="Thu phí ngoài niêm yết", description="…"
        )
        self.assertEqual(nc.detected_on, timezone.localdate())


class QuestionConstraintTests(SatisfactionBase):
    def test_a_survey_has_one_overall_question(self):
        from django.db import IntegrityError

        with self.assertRaises(IntegrityError):
            SurveyQuestion.objects.create(
                survey=self.survey, position=99, text="Nữa?", is_overall=True
            )

    def test_yesterday_is_within_a_thirty_day_period(self):
        answer = give(self.survey, 5, at=timezone.now() - timedelta(days=1))
        today = timezone.localdate()
        recent = responses_of(agency=self.agency, start=today - timedelta(days=30), end=today)
        self.assertIn(answer, recent)
