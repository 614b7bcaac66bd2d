import csv
import io
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from documents.models import Revision
from documents.selectors.timeline import document_timeline
from documents.services import revisions as flow
from documents.services.changes import change_request_create, change_request_decide
from qms.agencies.roles import Role
from tests.helpers import (
    LadderMixin,
    count_queries,
    make_agency,
    make_effective_document,
    make_user,
)


class HistoryTests(LadderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        # Lan, ISO secretary of Sở Tư pháp: decides change requests.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY])
        # Hùng, drafter of Sở Tư pháp.
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER])
        # Mai, reviewer (Trưởng phòng) of Sở Tư pháp.
        cls.mai = make_user("Lê Thị Mai", cls.agency, [Role.REVIEWER])
        # Minh, approver (Phó Giám đốc) of Sở Tư pháp.
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])
        # Hoa, staff of Sở Tư pháp: reads the history, asks for changes.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
        cls.other_agency = make_agency("Sở Y tế")
        # Tuấn, approver of Sở Y tế, who must never see Sở Tư pháp's documents.
        cls.tuan = make_user("Trần Anh Tuấn", cls.other_agency, [Role.APPROVER])
        cls.document = make_effective_document(
            cls.agency, drafter=cls.hung, reviewer=cls.mai, approver=cls.minh
        )
        cls.second = cls.issue(
            reason="Nghị định mới rút ngắn thời hạn",
            review_comment="Đạt yêu cầu, đề nghị phê duyệt",
            approval_comment="Đồng ý ban hành",
        )

    @classmethod
    def issue(cls, *, reason, review_comment="", approval_comment="", effective_date=None):
        """One more issue through the services: request, acceptance, draft, review, approval."""
        request = change_request_create(document=cls.document, by=cls.hoa, reason=reason)
        revision = change_request_decide(
            change_request=request, by=cls.lan, accept=True, drafter=cls.hung
        )
        flow.revision_update_content(
            revision=revision,
            by=cls.hung,
            purpose="Quy định thống nhất cách thức kiểm soát.",
            change_summary="Rút ngắn thời hạn thẩm định.",
            steps=[{"content": "Tiếp nhận hồ sơ", "duration_days": 1}],
        )
        flow.revision_submit(revision=revision, by=cls.hung, reviewers=[cls.mai], approver=cls.minh)
        flow.revision_review_pass(revision=revision, by=cls.mai, comment=review_comment)
        flow.revision_approve(
            revision=revision, by=cls.minh, comment=approval_comment, effective_date=effective_date
        )
        cls.document.refresh_from_db()
        return Revision.objects.get(pk=revision.pk)

    def url(self, name="documents:document-history", document=None):
        return reverse(name, args=[(document or self.document).pk])

    def test_the_page_follows_the_ladder(self):
        self.assert_ladder(self.url(), outsider=self.tuan, wrong_role=None, right_role=self.hoa)

    def test_the_csv_follows_the_ladder(self):
        url = self.url("documents:document-history-csv")
        self.assert_ladder(url, outsider=self.tuan, wrong_role=None, right_role=self.hoa)

    def test_it_lists_the_decisions_with_their_comments_and_users(self):
        self.client.force_login(self.hoa)
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        decisions = [
            (e.user, e.revision_number, e.reason)
            for e in response.context["entries"]
            if e.is_decision
        ]
        self.assertIn(("Phạm Văn Minh", 2, "Đồng ý ban hành"), decisions)
        self.assertIn(("Lê Thị Mai", 2, "Đạt yêu cầu, đề nghị phê duyệt"), decisions)
        self.assertIn(("Trần Văn Hùng", 1, ""), decisions)
        self.assertContains(response, "Đồng ý ban hành")
        self.assertContains(response, "Phạm Văn Minh")
        times = [entry.at for entry in response.context["entries"]]
        self.assertEqual(times, sorted(times, reverse=True))

    def test_it_names_the_changed_fields_and_the_reasons(self):
        with translation.override("en"):
            entries = document_timeline(self.document, limit=100)
        took_effect = next(e for e in entries if e.reason == "Lần ban hành 02 có hiệu lực")
        self.assertEqual(took_effect.action, "Document changed")
        self.assertEqual(took_effect.user, "Phạm Văn Minh")
        self.assertIn("Effective revision", took_effect.fields)
        self.assertNotIn("Search text", took_effect.fields)
        approved = next(e for e in entries if e.reason == "Đã phê duyệt" and e.revision_number == 2)
        self.assertEqual(approved.action, "Issue changed")
        self.assertIn("Status", approved.fields)
        self.assertIn("Approved by", approved.fields)
        superseded = next(e for e in entries if e.reason == "Được thay thế bởi lần ban hành 02")
        self.assertEqual(superseded.revision_number, 1)
        self.assertEqual(superseded.fields, ["Status", "No longer effective since"])
        requested = next(e for e in entries if e.action == "Change request created")
        self.assertEqual(
            (requested.user, requested.reason), ("Đỗ Thị Hoa", "Nghị định mới rút ngắn thời hạn")
        )
        accepted = next(e for e in entries if e.action == "Change request accepted")
        self.assertEqual(accepted.user, "Nguyễn Thị Lan")

    def test_a_change_made_by_no_one_shows_system(self):
        tomorrow = timezone.localdate() + timedelta(days=1)
        third = self.issue(reason="Sắp xếp lại tổ chức", effective_date=tomorrow)
        flow.revisions_activate_due(on=tomorrow)
        with translation.override("en"):
            entries = document_timeline(self.document, limit=100)
        took_effect = next(
            e for e in entries if e.reason == "Có hiệu lực" and e.revision_number == third.number
        )
        self.assertEqual(took_effect.user, "System")

    def test_times_are_shown_in_vietnam(self):
        entry = document_timeline(self.document, limit=1)[0]
        self.assertRegex(entry.when, r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$")
        local = entry.at.astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
        self.assertEqual(entry.when, local.strftime("%d/%m/%Y %H:%M"))

    def test_the_timeline_keeps_the_newest_entries_of_every_source(self):
        everything = document_timeline(self.document, limit=1000)
        newest = document_timeline(self.document, limit=5)
        self.assertEqual(
            [(e.at, e.action) for e in newest], [(e.at, e.action) for e in everything[:5]]
        )

    def test_the_csv_has_a_bom_a_header_and_the_decisions(self):
        self.client.force_login(self.hoa)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = self.client.get(self.url("documents:document-history-csv"))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("text/csv"))
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertTrue(response.content.startswith("\ufeff".encode()))
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(rows[0], ["Time", "User", "Action", "Issue", "Fields changed", "Reason"])
        approval = next(row for row in rows if row[5] == "Đồng ý ban hành")
        self.assertEqual(approval[1:5], ["Phạm Văn Minh", "Approval: Approved", "02", ""])
        self.assertRegex(approval[0], r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$")

    def test_the_csv_defuses_formulas(self):
        self.issue(reason='=HYPERLINK("http://example.com")')
        self.client.force_login(self.hoa)
        response = self.client.get(self.url("documents:document-history-csv"))
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        reasons = [row[5] for row in rows]
        self.assertIn('\'=HYPERLINK("http://example.com")', reasons)
        self.assertNotIn('=HYPERLINK("http://example.com")', reasons)

    def test_the_query_count_does_not_grow_with_issues_and_decisions(self):
        self.client.force_login(self.hoa)
        page, export = self.url(), self.url("documents:document-history-csv")
        before = count_queries(lambda: self.client.get(page))
        before_csv = count_queries(lambda: self.client.get(export))
        self.issue(reason="Đánh giá nội bộ phát hiện sai sót", approval_comment="Đồng ý")
        self.issue(reason="Thay đổi người phụ trách", review_comment="Đạt")
        self.assertEqual(count_queries(lambda: self.client.get(page)), before)
        self.assertEqual(count_queries(lambda: self.client.get(export)), before_csv)

    def test_the_page_is_paginated(self):
        for n in range(4):
            self.issue(reason=f"Cập nhật lần {n}")
        total = len(document_timeline(self.document, limit=1000))
        self.assertGreater(total, 50)
        self.client.force_login(self.hoa)
        first = self.client.get(self.url())
        self.assertEqual(len(first.context["entries"]), 50)
        self.assertEqual(first.context["next_page"], 2)
        second = self.client.get(self.url() + "?page=2")
        self.assertEqual(len(second.context["entries"]), total - 50)
        self.assertIsNone(second.context["next_page"])
        self.assertEqual(second.context["previous_page"], 1)
