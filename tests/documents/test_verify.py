"""The public verification page a copy's QR code opens."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from documents.models import Revision
from documents.services import revisions as flow
from qms.agencies.roles import Role
from tests.documents.test_pdf import (
    TempMediaMixin,
    next_issue,
    take_through_approval,
    vi,
)
from tests.helpers import (
    count_queries,
    make_agency,
    make_document,
    make_effective_document,
    make_user,
    withdraw_effective,
)

S = Revision.Status


class VerifyPageTests(TempMediaMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp tỉnh Lâm Đồng")
        # Hùng, drafter: his name is not printed on the public page.
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER])
        # Mai, reviewer: neither is hers.
        cls.mai = make_user("Lê Thị Mai", cls.agency, [Role.REVIEWER])
        # Minh, approver (Phó Giám đốc): printed on the copy, so shown.
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER], position="Phó Giám đốc")
        # Lan, ISO secretary: withdraws documents.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY])
        people = {"drafter": cls.hung, "reviewer": cls.mai, "approver": cls.minh}
        cls.document = make_effective_document(
            cls.agency, title="Quy trình chứng thực bản sao", **people
        )
        cls.first = cls.document.effective_revision
        cls.second = next_issue(cls.document, **people)
        cls.first.refresh_from_db()
        withdrawn = make_effective_document(cls.agency, title="Hướng dẫn đã bãi bỏ", **people)
        cls.obsolete = withdraw_effective(
            withdrawn.effective_revision,
            secretary=cls.lan,
            leader=cls.minh,
            reason="Không còn áp dụng",
        )

    def url(self, revision: Revision) -> str:
        return reverse("verify", args=[revision.verification_token])

    def stored(self, revision: Revision) -> bytes:
        with revision.pdf_file.open("rb") as handle:
            return handle.read()

    def test_an_effective_copy_says_so_without_sign_in(self):
        response = self.client.get(self.url(self.second))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["status"]["tone"], "success")
        for shown in (
            self.agency.name,
            self.document.code,
            "Quy trình chứng thực bản sao",
            self.second.pdf_sha256,
            "Phạm Văn Minh",
            "Phó Giám đốc",
        ):
            self.assertContains(response, shown)
        for hidden in ("Trần Văn Hùng", "Lê Thị Mai", "@example.gov.vn", "Mục đích mới"):
            self.assertNotContains(response, hidden)

    def test_a_superseded_copy_names_the_issue_that_replaced_it_and_the_date(self):
        self.assertEqual(self.first.status, S.SUPERSEDED)
        response = self.client.get(self.url(self.first))
        status = response.context["status"]
        self.assertEqual(status["tone"], "warning")
        expected = vi(
            "This copy is no longer in force: it was superseded by issue %(number)s on %(date)s."
        ) % {"number": "02", "date": self.first.ended_on.strftime("%d/%m/%Y")}
        self.assertEqual(status["text"], expected)
        self.assertContains(response, self.first.pdf_sha256)

    def test_an_obsolete_copy_says_it_was_withdrawn(self):
        response = self.client.get(self.url(self.obsolete))
        self.assertEqual(response.context["status"]["tone"], "danger")
        self.assertContains(response, self.obsolete.ended_on.strftime("%d/%m/%Y"))
        self.assertNotContains(response, "Không còn áp dụng")

    def test_an_approved_issue_not_yet_effective_gives_its_date(self):
        document = make_document(self.agency, self.hung, "Quy trình sắp áp dụng")
        revision = document.revisions.get()
        flow.revision_update_content(revision=revision, by=self.hung, purpose="Sắp áp dụng")
        later = timezone.localdate() + timedelta(days=10)
        revision = take_through_approval(
            revision,
            drafter=self.hung,
            reviewer=self.mai,
            approver=self.minh,
            effective_date=later,
        )
        self.assertEqual(revision.status, S.APPROVED)
        self.assertTrue(revision.pdf_file)
        response = self.client.get(self.url(revision))
        self.assertEqual(response.context["status"]["tone"], "info")
        self.assertIn(later.strftime("%d/%m/%Y"), response.context["status"]["text"])

    def test_an_unknown_token_is_a_plain_404_that_reveals_nothing(self):
        response = self.client.get(reverse("verify", args=["khong-co-ma-nay"]))
        self.assertEqual(response.status_code, 404)
        for hidden in (self.document.code, "Quy trình chứng thực bản sao", self.agency.name):
            self.assertNotContains(response, hidden, status_code=404)

    def test_the_issued_file_uploaded_back_is_identical(self):
        upload = SimpleUploadedFile("ban-in.pdf", self.stored(self.second))
        response = self.client.post(self.url(self.second), {"file": upload})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["comparison"]["identical"])

    def test_a_changed_file_is_different(self):
        changed = self.stored(self.second) + b"\n% sua sau khi ban hanh\n"
        upload = SimpleUploadedFile("ban-sua.pdf", changed)
        response = self.client.post(self.url(self.second), {"file": upload})
        self.assertFalse(response.context["comparison"]["identical"])
        other = SimpleUploadedFile("ban-cu.pdf", self.stored(self.first))
        response = self.client.post(self.url(self.second), {"file": other})
        self.assertFalse(response.context["comparison"]["identical"])

    def test_a_file_that_is_not_a_pdf_is_refused_on_the_form(self):
        upload = SimpleUploadedFile("anh.pdf", b"GIF89a khong phai pdf")
        response = self.client.post(self.url(self.second), {"file": upload})
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(response.context["comparison"])
        self.assertTrue(response.context["form"].errors["file"])

    def test_the_page_costs_the_same_queries_however_many_issues_the_document_has(self):
        url = self.url(self.first)
        few = count_queries(lambda: self.client.get(url))
        next_issue(self.document, drafter=self.hung, reviewer=self.mai, approver=self.minh)
        next_issue(self.document, drafter=self.hung, reviewer=self.mai, approver=self.minh)
        many = count_queries(lambda: self.client.get(url))
        self.assertEqual(few, many)
        self.assertLessEqual(many, 4)
