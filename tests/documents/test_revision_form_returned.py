"""A draft returned by its reviewer: the comment on the edit page, who returned it and when in
the header, the same reviewers and approver offered again, and the new summary of changes
shown as text on the comparison page."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from documents.services import revisions as flow
from documents.services.changes import change_request_create, change_request_decide
from documents.templatetags.documents_tags import issue_number
from qms.agencies.roles import Role
from tests.helpers import (
    count_queries,
    make_agency,
    make_document,
    make_effective_document,
    make_user,
)

COMMENT = "Bổ sung bước lưu hồ sơ vào sổ theo dõi"
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


class ReturnedDraftTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        # Hùng drafts the procedure.
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER])
        # Mai, Trưởng phòng, reviews it and sends it back.
        cls.mai = make_user("Lê Thị Mai", cls.agency, [Role.REVIEWER])
        # Bình, the other reviewer of the agency, was not chosen.
        cls.binh = make_user("Vũ Thanh Bình", cls.agency, [Role.REVIEWER])
        # Minh, Phó Giám đốc, approves it.
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])
        # Dũng, Giám đốc, also approves, and was not chosen.
        cls.dung = make_user("Đặng Quốc Dũng", cls.agency, [Role.APPROVER])
        document = make_document(cls.agency, cls.hung, "Quy trình chứng thực bản sao")
        cls.revision = document.revisions.get()
        flow.revision_update_content(
            revision=cls.revision,
            by=cls.hung,
            purpose="Quy định trình tự chứng thực.",
            steps=[{"content": "Tiếp nhận hồ sơ"}],
        )
        flow.revision_submit(
            revision=cls.revision, by=cls.hung, reviewers=[cls.mai], approver=cls.minh
        )
        with time_machine.travel(dt.datetime(2026, 11, 30, 15, 45, tzinfo=HANOI), tick=False):
            flow.revision_return(revision=cls.revision, by=cls.mai, comment=COMMENT)

    def setUp(self):
        self.client.force_login(self.hung)

    def test_the_edit_page_shows_the_reviewers_comment(self):
        response = self.client.get(reverse("documents:revision-edit", args=[self.revision.pk]))
        self.assertContains(response, COMMENT)
        self.assertContains(response, "Lê Thị Mai")
        self.assertContains(response, "30/11/2026")

    def test_the_header_says_who_returned_it_and_when_not_waiting(self):
        with translation.override("vi"):
            response = self.client.get(
                reverse("documents:revision-detail", args=[self.revision.pk]),
                HTTP_ACCEPT_LANGUAGE="vi",
            )
            header = response.content.decode().split("qms-control-header", 1)[1]
            waiting = translation.gettext("waiting")
        self.assertIn("Lê Thị Mai", header.split("</p>", 1)[0])
        self.assertIn("30/11/2026", header.split("</p>", 1)[0])
        self.assertNotContains(response, f"({waiting})")

    def test_resubmission_offers_the_previous_reviewers_and_approver(self):
        response = self.client.get(reverse("documents:revision-submit", args=[self.revision.pk]))
        form = response.context["form"]
        self.assertEqual(list(form["reviewers"].value()), [self.mai.pk])
        self.assertEqual(form["approver"].value(), self.minh.pk)
        html = response.content.decode()
        self.assertRegex(html, rf'value="{self.mai.pk}"[^>]*checked')
        self.assertNotRegex(html, rf'value="{self.binh.pk}"[^>]*checked')
        self.assertRegex(html, rf'value="{self.minh.pk}" selected')

    def test_resubmitting_as_offered_sends_it_to_the_same_people(self):
        self.client.post(
            reverse("documents:revision-submit", args=[self.revision.pk]),
            {"reviewers": [self.mai.pk], "approver": self.minh.pk},
        )
        self.revision.refresh_from_db()
        self.assertEqual(self.revision.status, self.revision.Status.IN_REVIEW)
        self.assertEqual(list(self.revision.reviewers.all()), [self.mai])
        self.assertEqual(self.revision.approver, self.minh)

    def test_the_mail_to_the_reviewer_writes_the_issue_with_two_digits(self):
        with self.captureOnCommitCallbacks(execute=True):
            flow.revision_submit(
                revision=self.revision, by=self.hung, reviewers=[self.mai], approver=self.minh
            )
        subject = mail.outbox[-1].subject
        self.assertRegex(subject, r"(issue|lần ban hành) 01\b")

    def test_a_first_submission_offers_nobody(self):
        other = make_document(self.agency, self.hung, "Quy trình tiếp công dân").revisions.get()
        response = self.client.get(reverse("documents:revision-submit", args=[other.pk]))
        form = response.context["form"]
        self.assertEqual((list(form["reviewers"].value()), form["approver"].value()), ([], None))

    def test_the_edit_page_of_a_returned_draft_keeps_a_flat_query_count(self):
        url = reverse("documents:revision-edit", args=[self.revision.pk])
        before = count_queries(lambda: self.client.get(url))
        flow.revision_update_content(
            revision=self.revision,
            by=self.hung,
            steps=[{"content": f"Bước {n}"} for n in range(1, 21)],
        )
        self.assertEqual(count_queries(lambda: self.client.get(url)), before)


class ChangeSummaryDiffTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        agency = make_agency("Sở Tư pháp")
        # Hùng drafts, Mai reviews, Minh approves; Hoa (staff) asks for the change.
        cls.hung = make_user("Trần Văn Hùng", agency, [Role.DRAFTER])
        mai = make_user("Lê Thị Mai", agency, [Role.REVIEWER])
        minh = make_user("Phạm Văn Minh", agency, [Role.APPROVER])
        hoa = make_user("Đỗ Thị Hoa", agency, [Role.STAFF])
        # Lan, ISO secretary, accepts the change request.
        lan = make_user("Nguyễn Thị Lan", agency, [Role.ISO_SECRETARY])
        document = make_effective_document(agency, drafter=cls.hung, reviewer=mai, approver=minh)
        first = document.effective_revision
        first.change_summary = "Ban hành lần đầu theo TCVN ISO 9001:2015."
        first.save(update_fields=["change_summary"])
        request = change_request_create(document=document, by=hoa, reason="Nghị định mới")
        cls.second = change_request_decide(
            change_request=request, by=lan, accept=True, drafter=cls.hung
        )
        flow.revision_update_content(
            revision=cls.second,
            by=cls.hung,
            purpose="Quy định thống nhất cách thức kiểm soát.",
            change_summary="Cập nhật thời hạn theo Nghị định 61/2018/NĐ-CP.",
        )

    def test_the_diff_shows_the_new_summary_as_text(self):
        self.client.force_login(self.hung)
        response = self.client.get(reverse("documents:revision-diff", args=[self.second.pk]))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("Cập nhật thời hạn theo Nghị định 61/2018/NĐ-CP.", html)
        # Neither summary is struck through nor marked as inserted word by word.
        self.assertNotIn("Ban hành lần đầu", html)
        self.assertNotRegex(html, r"<ins[^>]*>[^<]*Nghị định 61")


class IssueNumberTests(TestCase):
    def test_an_issue_is_written_with_two_digits(self):
        self.assertEqual([issue_number(3), issue_number(12), issue_number("1")], ["03", "12", "01"])
        self.assertEqual((issue_number(None), issue_number("—")), ("", "—"))
