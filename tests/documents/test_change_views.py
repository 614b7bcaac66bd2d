from django.test import TestCase
from django.urls import reverse

from documents.models import ChangeRequest, Document, DocumentReview, Revision
from documents.services.changes import change_request_create
from qms.agencies.roles import Role
from tests.helpers import (
    LadderMixin,
    count_queries,
    make_agency,
    make_document,
    make_effective_document,
    make_user,
)


class ChangeAndReviewViewTests(LadderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        # Lan, ISO secretary; Hùng drafts; Mai reviews; Minh approves; Hoa is staff.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY])
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER])
        cls.mai = make_user("Lê Thị Mai", cls.agency, [Role.REVIEWER])
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
        cls.document = make_effective_document(
            cls.agency, drafter=cls.hung, reviewer=cls.mai, approver=cls.minh
        )
        # Tuấn, ISO secretary of another agency.
        cls.tuan = make_user(
            "Trần Anh Tuấn", make_agency("Sở Y tế"), [Role.ISO_SECRETARY, Role.APPROVER]
        )

    def test_anyone_of_the_agency_requests_a_change(self):
        url = reverse("documents:changerequest-create", args=[self.document.pk])
        self.assert_ladder(url, outsider=self.tuan, wrong_role=None, right_role=self.hoa)
        response = self.client.post(url, {"reason": ""})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ChangeRequest.objects.exists())
        self.client.post(url, {"reason": "Thời hạn giải quyết rút ngắn", "description": "Bước 2"})
        self.assertEqual(ChangeRequest.objects.get().requested_by, self.hoa)

    def test_the_secretary_or_the_leader_decides(self):
        request = change_request_create(document=self.document, by=self.hoa, reason="Luật mới")
        url = reverse("documents:changerequest-decide", args=[request.pk])
        self.assert_ladder(url, outsider=self.tuan, wrong_role=self.hung, right_role=self.minh)
        response = self.client.post(url, {"accept": "1", "drafter": ""})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(ChangeRequest.objects.get().status, "open")
        self.client.post(url, {"accept": "1", "drafter": self.hung.pk})
        self.assertEqual(ChangeRequest.objects.get().status, "accepted")
        self.assertEqual(self.document.revisions.get(number=2).drafted_by, self.hung)

    def test_periodic_review_pages(self):
        url = reverse("documents:document-review", args=[self.document.pk])
        self.assert_ladder(url, outsider=self.tuan, wrong_role=self.hoa, right_role=self.lan)
        self.client.post(url, {"outcome": "no_change", "note": ""})
        self.assertEqual(DocumentReview.objects.get().outcome, "no_change")
        response = self.client.post(url, {"outcome": "change_needed", "note": ""})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(DocumentReview.objects.count(), 1)

    def test_the_due_list_and_its_query_count(self):
        url = reverse("documents:review-due")
        self.assert_ladder(url, outsider=None, wrong_role=self.hoa, right_role=self.lan)
        from datetime import timedelta

        from django.utils import timezone

        def make_due():
            document = make_effective_document(
                self.agency,
                drafter=self.hung,
                reviewer=self.mai,
                approver=self.minh,
                title="Quy trình đến hạn",
            )
            document.review_due = timezone.localdate() - timedelta(days=3)
            document.save(update_fields=["review_due"])

        make_due()
        few = count_queries(lambda: self.client.get(url))
        for _index in range(5):
            make_due()
        response = self.client.get(url)
        self.assertEqual(len(response.context["page"].object_list), 6)
        self.assertEqual(count_queries(lambda: self.client.get(url)), few)

    def test_workflow_buttons_follow_the_roles(self):
        draft = make_document(self.agency, self.hung, "Hướng dẫn lưu trữ")
        revision = draft.revisions.get()
        submit = reverse("documents:revision-submit", args=[revision.pk])
        self.assert_ladder(submit, outsider=self.tuan, wrong_role=self.hoa, right_role=self.hung)
        self.client.force_login(self.hung)
        response = self.client.post(submit, {"reviewers": [self.mai.pk], "approver": self.minh.pk})
        self.assertTrue(response.context["form"].errors)
        self.assertEqual(Revision.objects.get(pk=revision.pk).status, "draft")
        approve = reverse("documents:revision-approve", args=[self.document.effective_revision.pk])
        self.client.force_login(self.hoa)
        self.assertEqual(self.client.post(approve, {"decision": "approve"}).status_code, 403)
        withdraw = reverse(
            "documents:revision-withdraw", args=[self.document.effective_revision.pk]
        )
        self.assertEqual(self.client.post(withdraw, {"reason": "x"}).status_code, 403)
        self.client.force_login(self.tuan)
        self.assertEqual(self.client.post(withdraw, {"reason": "x"}).status_code, 404)
        self.client.force_login(self.lan)
        self.client.post(withdraw, {"reason": ""})
        self.assertEqual(Document.objects.get(pk=self.document.pk).status, "effective")
        self.client.post(withdraw, {"reason": "Thủ tục bị bãi bỏ", "confirm": "on"})
        # Proposed only: the leader decides.
        self.assertEqual(Document.objects.get(pk=self.document.pk).status, "effective")
        decide = reverse(
            "documents:revision-withdrawal-decide", args=[self.document.effective_revision.pk]
        )
        self.assertEqual(self.client.post(decide, {"approve": "1"}).status_code, 403)
        self.client.force_login(self.minh)
        self.client.post(decide, {"approve": "1"})
        self.assertEqual(Document.objects.get(pk=self.document.pk).status, "obsolete")
