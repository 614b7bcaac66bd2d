"""Copies issued together: a block of approvals renders its controlled copies at once, in
child processes side by side, and none of its approvals commits without its copy."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import TestCase, TransactionTestCase
from django.utils.translation import gettext as _

from documents import pdf
from documents.models import Revision
from documents.services import revisions as flow
from documents.services.copies import copies_issued_together
from qms.agencies.roles import Role
from qms.lib import conversions
from tests.documents.test_pdf import TempMediaMixin, next_issue, pdf_text
from tests.helpers import KeepsCatalogue, make_agency, make_document, make_province, make_user

S = Revision.Status


class People:
    @classmethod
    def cast(cls):
        province = make_province("Ủy ban nhân dân tỉnh Lâm Đồng")
        cls.agency = make_agency("Sở Tư pháp tỉnh Lâm Đồng", province=province)
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER], position="Chuyên viên")
        cls.mai = make_user("Lê Thị Mai", cls.agency, [Role.REVIEWER], position="Trưởng phòng")
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER], position="Phó Giám đốc")

    def in_approval(self, title: str) -> Revision:
        revision = make_document(self.agency, self.hung, title).revisions.get()
        flow.revision_update_content(
            revision=revision,
            by=self.hung,
            purpose=f"Quy định trình tự thực hiện: {title.lower()}.",
            steps=[
                {"content": "Tiếp nhận và kiểm tra hồ sơ", "duration_days": 1},
                {"content": "Thẩm định, trình ký", "duration_days": 2},
            ],
        )
        flow.revision_submit(
            revision=revision, by=self.hung, reviewers=[self.mai], approver=self.minh
        )
        flow.revision_review_pass(revision=revision, by=self.mai)
        return revision

    def stored(self, revision: Revision) -> bytes:
        with revision.pdf_file.open("rb") as handle:
            return handle.read()


TITLES = [
    "Quy trình đăng ký khai sinh",
    "Quy trình đăng ký kết hôn",
    "Quy trình chứng thực bản sao từ bản chính",
    "Quy trình cấp phiếu lý lịch tư pháp",
    "Quy trình đăng ký khai tử",
]


class CopiesIssuedTogetherTests(TempMediaMixin, People, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast()

    def test_every_approval_of_the_block_gets_its_own_stored_and_verifiable_copy(self):
        revisions = [self.in_approval(title) for title in TITLES]
        runs = conversions.runs
        with transaction.atomic(), copies_issued_together():
            for revision in revisions:
                flow.revision_approve(revision=revision, by=self.minh)
            # Nothing is rendered until the block ends.
            self.assertEqual(conversions.runs, runs)
        # One child per CPU at most, not one per copy.
        self.assertLessEqual(conversions.runs - runs, min(len(TITLES), conversions._cpus()))
        for revision, title in zip(revisions, TITLES, strict=True):
            revision.refresh_from_db()
            self.assertEqual(revision.status, S.EFFECTIVE)
            data = self.stored(revision)
            self.assertEqual(hashlib.sha256(data).hexdigest(), revision.pdf_sha256)
            self.assertIn(title.upper(), pdf_text(data, first=1, last=1).upper())
            self.assertTrue(revision.verification_token)
        tokens = {Revision.objects.get(pk=r.pk).verification_token for r in revisions}
        self.assertEqual(len(tokens), len(TITLES))

    def test_the_copy_shows_the_issue_as_approved_though_it_was_superseded_in_the_block(self):
        with transaction.atomic(), copies_issued_together():
            first = flow.revision_approve(
                revision=self.in_approval("Quy trình thẩm định hồ sơ"), by=self.minh
            )
            second = next_issue(
                first.document, drafter=self.hung, reviewer=self.mai, approver=self.minh
            )
        first.refresh_from_db()
        second.refresh_from_db()
        self.assertEqual((first.status, second.status), (S.SUPERSEDED, S.EFFECTIVE))
        self.assertTrue(first.pdf_file and second.pdf_file)
        # The history row of the copy records the revision as it is at the block's end.
        issued = first.history.filter(pdf_sha256=first.pdf_sha256).earliest("history_date")
        self.assertEqual(issued.status, S.SUPERSEDED)

    def test_an_empty_block_renders_nothing(self):
        renders = pdf.renders
        with transaction.atomic(), copies_issued_together():
            pass
        self.assertEqual(pdf.renders, renders)


class ACopyThatFailsUndoesTheBlock(KeepsCatalogue, TempMediaMixin, People, TransactionTestCase):
    """A real commit: the block's transaction is the one the approvals run in."""

    def setUp(self):
        self.cast()

    def test_outside_a_transaction_the_block_refuses_to_start(self):
        with self.assertRaises(RuntimeError), copies_issued_together():
            pass  # pragma: no cover

    def test_a_broken_source_undoes_every_approval_of_the_block(self):
        good = self.in_approval("Quy trình đăng ký khai sinh")
        broken = self.in_approval("Quy trình cấp bản sao trích lục")
        # A file that passed no check (stored as it was before checks existed).
        broken.source_file.save("hong.pdf", ContentFile(b"%PDF-1.4\nkhong phai pdf"), save=False)
        broken.save(update_fields=["source_file"])
        with (
            self.assertRaises(ValidationError) as raised,
            transaction.atomic(),
            copies_issued_together(),
        ):
            flow.revision_approve(revision=good, by=self.minh)
            flow.revision_approve(revision=broken, by=self.minh)
        said = _("The controlled PDF could not be made, so nothing was approved: %(error)s")
        self.assertIn(said.split("%")[0], " ".join(raised.exception.messages))
        for revision in (good, broken):
            revision.refresh_from_db()
            self.assertEqual(revision.status, S.IN_APPROVAL)
            self.assertFalse(revision.pdf_file)
