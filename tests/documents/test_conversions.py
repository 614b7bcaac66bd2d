"""A draft's PDF and its .docx are converted in a child process with a time limit, once per
content; a hostile source file is refused on its field when it arrives, never a 500."""

import io
import shutil
import tempfile
import time
import zipfile

from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from documents import pdf
from documents.models import Revision
from documents.services import revisions as flow
from qms.agencies.roles import Role
from qms.lib import conversions
from tests.documents.test_pdf import make_docx
from tests.helpers import make_agency, make_document, make_user
from tests.test_uploads import ENTITY_BOMB, expanding_word_file, word_file

S = Revision.Status


def large_docx(paragraphs: int) -> bytes:
    """A real .docx (mammoth reads it) with many paragraphs: allowed, but slow to convert."""
    return make_docx(
        *(f"Đoạn {n}: Quy trình kiểm soát tài liệu và hồ sơ" for n in range(paragraphs))
    )


class DraftConversionTests(TestCase):
    @classmethod
    def setUpClass(cls):
        # A throw-away MEDIA_ROOT, so the conversion cache starts empty for this class.
        cls._media_root = tempfile.mkdtemp(prefix="qms-test-media-")
        cls._media_override = override_settings(MEDIA_ROOT=cls._media_root)
        cls._media_override.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls._media_override.disable()
        shutil.rmtree(cls._media_root, ignore_errors=True)

    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        # Hùng, drafter of Sở Tư pháp.
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER])
        # Mai, reviewer; Minh, approver.
        cls.mai = make_user("Lê Thị Mai", cls.agency, [Role.REVIEWER])
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])

    def draft(self, title: str = "Quy trình tiếp nhận hồ sơ") -> Revision:
        return make_document(self.agency, self.hung, title).revisions.get()

    def attach(self, revision: Revision, name: str, data: bytes) -> None:
        flow.revision_attach_file(
            revision=revision, by=self.hung, upload=SimpleUploadedFile(name, data)
        )

    def view(self, revision: Revision):
        self.client.force_login(self.hung)
        return self.client.get(reverse("documents:revision-pdf", args=[revision.pk]))

    def test_viewing_a_draft_twice_renders_it_once(self):
        revision = self.draft()
        self.attach(revision, "quy-trinh.docx", make_docx("Điều 1. Phạm vi"))
        renders, runs = pdf.renders, conversions.runs
        first = self.view(revision)
        self.assertEqual(first.status_code, 200)
        self.assertEqual(pdf.renders, renders + 1)
        self.assertEqual(conversions.runs, runs + 2)  # the .docx to HTML, the HTML to PDF
        second = self.view(revision)
        self.assertEqual(second.content, first.content)
        self.assertEqual(pdf.renders, renders + 1)
        self.assertEqual(conversions.runs, runs + 2)

    def test_a_changed_draft_is_rendered_again(self):
        revision = self.draft()
        self.view(revision)
        renders = pdf.renders
        flow.revision_update_content(revision=revision, by=self.hung, purpose="Mục đích mới")
        self.assertEqual(self.view(revision).status_code, 200)
        self.assertEqual(pdf.renders, renders + 1)

    @override_settings(CONVERSION_TIMEOUT_SECONDS=0.5)
    def test_a_conversion_past_the_time_limit_is_stopped_and_reported(self):
        revision = self.draft()
        self.attach(revision, "dai.docx", large_docx(40_000))
        started = time.monotonic()
        response = self.view(revision)
        self.assertLess(time.monotonic() - started, 10)
        self.assertRedirects(response, reverse("documents:revision-detail", args=[revision.pk]))
        (message,) = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertIn("0.5", message)

    @override_settings(CONVERSION_TIMEOUT_SECONDS=0.5)
    def test_the_api_answers_a_stopped_conversion_with_a_400(self):
        revision = self.draft()
        self.attach(revision, "dai.docx", large_docx(40_000))
        client = APIClient()
        client.force_login(self.hung)
        response = client.get(f"/api/v1/revisions/{revision.pk}/pdf/")
        self.assertEqual(response.status_code, 400)
        (message,) = response.json()["errors"]["non_field_errors"]
        self.assertIn("0.5", message)

    @override_settings(CONVERSION_TIMEOUT_SECONDS=0.5)
    def test_an_approval_whose_copy_takes_too_long_approves_nothing(self):
        revision = self.draft()
        flow.revision_update_content(revision=revision, by=self.hung, purpose="Mục đích")
        self.attach(revision, "dai.docx", large_docx(40_000))
        flow.revision_submit(
            revision=revision, by=self.hung, reviewers=[self.mai], approver=self.minh
        )
        flow.revision_review_pass(revision=revision, by=self.mai)
        with self.assertRaises(ValidationError) as raised:
            flow.revision_approve(revision=revision, by=self.minh)
        self.assertIn("0.5", raised.exception.messages[0])
        revision.refresh_from_db()
        self.assertEqual(revision.status, S.IN_APPROVAL)
        self.assertFalse(revision.pdf_file)


class HostileUploadTests(TestCase):
    """Each hostile file is refused on the edit form's file field; nothing is stored."""

    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        # Hùng, drafter of Sở Tư pháp.
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER])
        cls.revision = make_document(cls.agency, cls.hung, "Sổ tay chất lượng").revisions.get()

    def post_file(self, name: str, data: bytes):
        self.client.force_login(self.hung)
        return self.client.post(
            reverse("documents:revision-edit", args=[self.revision.pk]),
            {
                "body": "Sổ tay chất lượng",
                "source_file": SimpleUploadedFile(name, data),
                "steps-TOTAL_FORMS": 0,
                "steps-INITIAL_FORMS": 0,
                "records-TOTAL_FORMS": 0,
                "records-INITIAL_FORMS": 0,
            },
        )

    def assert_refused_on_the_field(self, name: str, data: bytes) -> str:
        response = self.post_file(name, data)
        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].errors
        self.assertEqual(list(errors), ["source_file"])
        self.revision.refresh_from_db()
        self.assertFalse(self.revision.source_file)
        self.assertEqual(self.revision.body, "")
        return errors["source_file"][0]

    def test_a_word_file_that_expands_to_150_mb_is_refused(self):
        self.assert_refused_on_the_field("bom.docx", expanding_word_file(150))

    def test_an_entity_bomb_is_refused(self):
        self.assert_refused_on_the_field("lol.docx", word_file(ENTITY_BOMB))

    def test_a_pdf_only_in_its_first_bytes_is_refused(self):
        self.assert_refused_on_the_field("gia.pdf", b"%PDF-1.4\n" + b"\x00rac" * 4000)

    def test_a_spreadsheet_whose_sheet_is_not_xml_is_refused(self):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/workbook.xml", "<workbook>")
        self.assert_refused_on_the_field("bang.xlsx", out.getvalue())
