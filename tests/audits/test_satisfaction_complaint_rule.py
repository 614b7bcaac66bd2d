"""Which answers may become a complaint: a very low one (a value of 1 or 2) or a comment
flagged negative by someone who registers nonconformities; praise and suggestions are not.
The service refuses the others, the results page offers the right button on each row, the
flag button follows the ladder, and the page's query count stays flat."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audits.models import Nonconformity, SurveyResponse
from audits.services.satisfaction_answers import response_flag_negative, response_to_complaint
from tests.audits.satisfaction_builders import give
from tests.audits.test_satisfaction_views import SatisfactionViewBase
from tests.helpers import count_queries


class ComplaintRuleServiceTests(SatisfactionViewBase):
    def test_praise_and_unflagged_comments_are_refused(self):
        praise = give(self.survey, 5, comment="Cán bộ hướng dẫn tận tình")
        suggestion = give(self.survey, 3, comment="Nên có thêm ghế ngồi chờ")
        for answer in (praise, suggestion):
            with self.subTest(answer.comment), self.assertRaises(ValidationError):
                response_to_complaint(response=answer, by=self.son, title="x", description="y")
        self.assertFalse(Nonconformity.objects.exists())

    def test_a_very_low_answer_needs_no_flag(self):
        low = give(self.survey, 4, 4, 4, 2, 4)
        self.assertTrue(low.may_become_complaint)
        nc = response_to_complaint(response=low, by=self.son, title="Chờ lâu", description="…")
        self.assertEqual(nc.source, Nonconformity.Source.COMPLAINT)

    def test_a_flagged_comment_becomes_a_complaint(self):
        answer = give(self.survey, 4, comment="Bị thu thêm phí không có biên lai")
        flagged = response_flag_negative(response=answer, by=self.yen)
        self.assertEqual(flagged.flagged_by, self.yen)
        self.assertIsNotNone(flagged.flagged_at)
        nc = response_to_complaint(response=flagged, by=self.son, title="Thu phí", description="…")
        answer.refresh_from_db()
        self.assertEqual(answer.nonconformity, nc)

    def test_flagging_is_refused_without_a_comment_twice_or_for_the_wrong_people(self):
        silent = give(self.survey, 4)
        with self.assertRaises(ValidationError):
            response_flag_negative(response=silent, by=self.yen)
        answer = give(self.survey, 4, comment="Không ai hướng dẫn")
        for person in (self.dung, self.phuong, self.tuan):
            with self.subTest(person.full_name), self.assertRaises(PermissionDenied):
                response_flag_negative(response=answer, by=person)
        answer.refresh_from_db()
        self.assertIsNone(answer.flagged_at)
        response_flag_negative(response=answer, by=self.son)
        with self.assertRaises(ValidationError):
            response_flag_negative(response=answer, by=self.yen)
        self.assertEqual(SurveyResponse.objects.filter(flagged_at__isnull=False).count(), 1)

    def test_role_and_agency_checks_stay_for_complaints(self):
        for person in (self.dung, self.phuong, self.tuan):
            with self.subTest(person.full_name), self.assertRaises(PermissionDenied):
                response_to_complaint(response=self.low, by=person, title="x", description="y")
        self.assertFalse(Nonconformity.objects.exists())


class ComplaintRulePageTests(SatisfactionViewBase):
    def rows(self, person) -> dict[int, SurveyResponse]:
        self.client.force_login(person)
        page = self.client.get(reverse("audits:satisfaction-results")).context["page"]
        return {answer.pk: answer for answer in page}

    def test_each_row_offers_the_right_button(self):
        praise = give(self.survey, 5, comment="Cán bộ hướng dẫn tận tình")
        suggestion = give(self.survey, 3, comment="Nên có thêm ghế ngồi chờ")
        rows = self.rows(self.son)
        self.assertTrue(rows[self.low.pk].can_complain)
        self.assertFalse(rows[self.low.pk].can_flag)
        for answer in (praise, suggestion):
            self.assertFalse(rows[answer.pk].can_complain)
            self.assertTrue(rows[answer.pk].can_flag)
        complaint_url = reverse("audits:satisfaction-response-complaint", args=[praise.pk])
        self.assertNotContains(
            self.client.get(reverse("audits:satisfaction-results")), complaint_url
        )
        # Dũng reads the results and is offered neither.
        rows = self.rows(self.dung)
        self.assertFalse(any(row.can_complain or row.can_flag for row in rows.values()))

    def test_the_flag_button_follows_the_ladder_and_opens_the_complaint(self):
        answer = give(self.survey, 4, comment="Bị thu thêm phí không có biên lai")
        url = reverse("audits:satisfaction-response-flag", args=[answer.pk])
        results = reverse("audits:satisfaction-results")
        self.client.logout()
        self.assertEqual(self.client.post(url).status_code, 302)
        for person, status in ((self.tuan, 404), (self.dung, 403), (self.phuong, 403)):
            self.client.force_login(person)
            self.assertEqual(self.client.post(url).status_code, status, person.full_name)
        answer.refresh_from_db()
        self.assertIsNone(answer.flagged_at)
        self.client.force_login(self.son)
        self.assertEqual(self.client.get(url).status_code, 405)
        self.assertRedirects(
            self.client.post(url), results + "#remarks", fetch_redirect_response=False
        )
        answer.refresh_from_db()
        self.assertEqual(answer.flagged_by, self.son)
        self.assertTrue(self.rows(self.son)[answer.pk].can_complain)
        complaint = reverse("audits:satisfaction-response-complaint", args=[answer.pk])
        self.assertEqual(self.client.get(complaint).status_code, 200)

    def test_flagging_twice_or_without_a_comment_says_why_and_changes_nothing(self):
        silent = give(self.survey, 4)
        self.client.force_login(self.son)
        url = reverse("audits:satisfaction-response-flag", args=[silent.pk])
        response = self.client.post(url, follow=True)
        self.assertEqual([m.level_tag for m in response.context["messages"]], ["error"])
        silent.refresh_from_db()
        self.assertIsNone(silent.flagged_at)

    def test_the_complaint_page_of_praise_sends_back_with_a_message(self):
        praise = give(self.survey, 5, comment="Cán bộ hướng dẫn tận tình")
        self.client.force_login(self.son)
        url = reverse("audits:satisfaction-response-complaint", args=[praise.pk])
        response = self.client.get(url, follow=True)
        self.assertEqual(response.redirect_chain[-1][0], reverse("audits:satisfaction-results"))
        self.assertEqual([m.level_tag for m in response.context["messages"]], ["error"])
        self.client.post(url, {"title": "x", "description": "y"})
        self.assertFalse(Nonconformity.objects.exists())

    def test_the_results_page_query_count_is_flat_with_buttons(self):
        self.client.force_login(self.son)
        url = reverse("audits:satisfaction-results")
        self.client.get(url)
        before = count_queries(lambda: self.client.get(url))
        for n in range(4):
            give(self.survey, 5, comment=f"Khen số {n}")
            answer = give(self.survey, 4, comment=f"Phản ánh số {n}")
            response_flag_negative(response=answer, by=self.son)
        self.assertEqual(count_queries(lambda: self.client.get(url)), before)
