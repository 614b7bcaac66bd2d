"""The controlled copy: rendered once at approval, stored, served; drafts and old issues marked."""

import hashlib
import io
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from documents import pdf
from documents.models import ApprovalDecision, Document, Revision
from documents.services import revisions as flow
from documents.services.changes import revision_new_from
from qms.agencies.roles import Role
from qms.lib import conversions
from qms.lib.pdf import LocalOnlyFetcher, URLRefused, html_to_pdf, static_file_url
from tests.helpers import (
    LadderMixin,
    make_agency,
    make_document,
    make_effective_document,
    make_province,
    make_user,
)

S = Revision.Status


class TempMediaMixin:
    """Stored copies go to a throw-away MEDIA_ROOT, removed after the class."""

    @classmethod
    def setUpClass(cls):
        cls._media_root = tempfile.mkdtemp(prefix="qms-test-media-")
        cls._media_override = override_settings(MEDIA_ROOT=cls._media_root)
        cls._media_override.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls._media_override.disable()
        shutil.rmtree(cls._media_root, ignore_errors=True)

    def stored_files(self) -> list[Path]:
        """Every file stored, the conversion cache (MEDIA_ROOT/cache) aside."""
        root = Path(settings.MEDIA_ROOT)
        return sorted(
            p
            for p in root.rglob("*")
            if p.is_file() and p.relative_to(root).parts[0] != conversions.CACHE_FOLDER
        )


def pdf_text(data: bytes, *, first: int | None = None, last: int | None = None) -> str:
    """The text of a PDF (pdftotext), whitespace collapsed, so that wrapped lines join."""
    command = ["pdftotext"]
    if first:
        command += ["-f", str(first)]
    if last:
        command += ["-l", str(last)]
    out = subprocess.run([*command, "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def vi(message: str) -> str:
    """A fixed label as the PDF prints it: in the site's language, whatever the test's."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(message)


def make_docx(*paragraphs: str) -> bytes:
    """The smallest Word file mammoth reads: one paragraph per argument."""
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>"
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode())
    return out.getvalue()


def take_through_approval(revision: Revision, *, drafter, reviewer, approver, **approve):
    flow.revision_submit(revision=revision, by=drafter, reviewers=[reviewer], approver=approver)
    flow.revision_review_pass(revision=revision, by=reviewer)
    flow.revision_approve(revision=revision, by=approver, **approve)
    return Revision.objects.get(pk=revision.pk)


def next_issue(document: Document, *, drafter, reviewer, approver) -> Revision:
    """Issue N+1 of an effective document, approved today: issue N is superseded."""
    revision = revision_new_from(document=document, drafter=drafter)
    flow.revision_update_content(
        revision=revision,
        by=drafter,
        purpose="Mục đích mới",
        change_summary="Rút ngắn thời gian thẩm định",
        steps=[{"content": "Tiếp nhận hồ sơ", "duration_days": 1}],
    )
    return take_through_approval(revision, drafter=drafter, reviewer=reviewer, approver=approver)


class ControlledCopyTests(TempMediaMixin, LadderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        province = make_province("Ủy ban nhân dân tỉnh Lâm Đồng")
        cls.agency = make_agency("Sở Tư pháp tỉnh Lâm Đồng", province=province)
        # Hùng, drafter (Chuyên viên).
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER], position="Chuyên viên")
        # Mai, reviewer (Trưởng phòng).
        cls.mai = make_user("Lê Thị Mai", cls.agency, [Role.REVIEWER], position="Trưởng phòng")
        # Minh, approver (Phó Giám đốc).
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER], position="Phó Giám đốc")
        # Hoa, staff: reads effective documents and their copies.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
        # Tuấn, of Sở Y tế, who must never see Sở Tư pháp's copies.
        cls.tuan = make_user("Ngô Anh Tuấn", make_agency("Sở Y tế", province=province))
        cls.document = make_effective_document(
            cls.agency,
            drafter=cls.hung,
            reviewer=cls.mai,
            approver=cls.minh,
            title="Quy trình đăng ký khai sinh có yếu tố nước ngoài",
        )
        cls.revision = cls.document.effective_revision

    def stored(self, revision: Revision) -> bytes:
        with revision.pdf_file.open("rb") as handle:
            return handle.read()

    def approved_with_source(self, name: str, content: bytes) -> Revision:
        document = make_document(self.agency, self.hung, "Quy trình cấp bản sao trích lục")
        revision = document.revisions.get()
        flow.revision_attach_file(
            revision=revision, by=self.hung, upload=SimpleUploadedFile(name, content)
        )
        return take_through_approval(
            revision, drafter=self.hung, reviewer=self.mai, approver=self.minh
        )

    def test_the_stored_copy_holds_the_control_header_signatures_and_steps(self):
        data = self.stored(self.revision)
        self.assertEqual(hashlib.sha256(data).hexdigest(), self.revision.pdf_sha256)
        text = pdf_text(data)
        self.assertEqual(text, unicodedata.normalize("NFC", text))
        today = timezone.localdate().strftime("%d/%m/%Y")
        for expected in (
            "SỞ TƯ PHÁP TỈNH LÂM ĐỒNG",
            "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG",
            "QUY TRÌNH ĐĂNG KÝ KHAI SINH CÓ YẾU TỐ NƯỚC NGOÀI",
            f"{vi('Document code')}: {self.document.code}",
            f"{vi('Issue')}: 01",
            f"{vi('Issue date')}: {today}",
            f"{vi('Page')}: 1/1",
            "Trần Văn Hùng",
            "Lê Thị Mai",
            "Phạm Văn Minh",
            "Phó Giám đốc",
            "Tiếp nhận hồ sơ",
            "Thẩm định hồ sơ",
            "Sổ theo dõi hồ sơ",
            vi("Total time"),
            "3 ngày",
        ):
            self.assertIn(expected, text)
        self.assertIn(vi("Revision log").upper(), text)

    def test_the_qr_code_printed_on_the_copy_opens_the_verification_page(self):
        url = f"{settings.SITE_URL}/verify/{self.revision.verification_token}/"
        self.assertEqual(len(self.revision.verification_token), 43)
        with tempfile.TemporaryDirectory() as folder:
            subprocess.run(
                ["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", "-", f"{folder}/page"],
                input=self.stored(self.revision),
                check=True,
            )
            image = next(Path(folder).glob("page*.png"))
            decoded = subprocess.run(
                ["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True
            )
        self.assertEqual(decoded.stdout.strip(), url)

    def test_the_copy_is_served_from_storage_and_never_rendered_again(self):
        url = reverse("documents:revision-pdf", args=[self.revision.pk])
        self.client.force_login(self.hoa)
        before = pdf.renders
        first = b"".join(self.client.get(url).streaming_content)
        second = b"".join(self.client.get(url).streaming_content)
        self.assertEqual(pdf.renders, before)
        self.assertEqual(first, second)
        self.assertEqual(first, self.stored(self.revision))

    def test_the_download_follows_the_ladder(self):
        url = reverse("documents:revision-pdf", args=[self.revision.pk])
        response = self.assert_ladder(url, outsider=self.tuan, wrong_role=None, right_role=self.hoa)
        self.assertEqual(response["Content-Type"], "application/pdf")

    def test_a_draft_prints_marked_draft_and_nothing_is_stored(self):
        document = make_document(self.agency, self.hung, "Hướng dẫn lưu trữ hồ sơ")
        draft = document.revisions.get()
        flow.revision_update_content(revision=draft, by=self.hung, purpose="Lưu trữ đúng hạn")
        files = self.stored_files()
        self.client.force_login(self.hoa)
        response = self.client.get(reverse("documents:revision-pdf", args=[draft.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Cache-Control"], "no-store")
        text = pdf_text(response.content)
        self.assertIn(vi("DRAFT"), text)
        self.assertIn("Lưu trữ đúng hạn", text)
        draft.refresh_from_db()
        self.assertFalse(draft.pdf_file)
        self.assertIsNone(draft.verification_token)
        self.assertEqual(self.stored_files(), files)

    def test_a_superseded_copy_downloads_marked_and_the_stored_file_is_unchanged(self):
        next_issue(self.document, drafter=self.hung, reviewer=self.mai, approver=self.minh)
        old = Revision.objects.get(pk=self.revision.pk)
        self.assertEqual(old.status, S.SUPERSEDED)
        self.client.force_login(self.hoa)
        response = self.client.get(reverse("documents:revision-pdf", args=[old.pk]))
        self.assertIn(vi("NO LONGER IN FORCE"), pdf_text(response.content))
        self.assertNotIn(vi("NO LONGER IN FORCE"), pdf_text(self.stored(old)))
        self.assertEqual(hashlib.sha256(self.stored(old)).hexdigest(), old.pdf_sha256)
        self.assertEqual(old.pdf_sha256, self.revision.pdf_sha256)

    def test_the_next_issue_lists_both_issues_in_its_revision_log(self):
        new = next_issue(self.document, drafter=self.hung, reviewer=self.mai, approver=self.minh)
        text = pdf_text(self.stored(new))
        self.assertIn(vi("First issue"), text)
        self.assertIn("Rút ngắn thời gian thẩm định", text)
        self.assertIn(f"{vi('Issue')}: 02", text)

    def test_an_uploaded_pdf_gets_the_header_stamped_on_its_pages(self):
        source = html_to_pdf(
            "<p>Nội dung bản gốc đã ký</p><p style='break-before: page'>Trang hai của bản gốc</p>"
        )
        revision = self.approved_with_source("ban-goc.pdf", source)
        data = self.stored(revision)
        self.assertEqual(len(PdfReader(io.BytesIO(data)).pages), 3)  # two pages + control sheet
        first = pdf_text(data, first=1, last=1)
        self.assertIn(revision.document.code, first)
        self.assertIn("Nội dung bản gốc đã ký", first)
        self.assertIn(f"{vi('Page')}: 1/3", first)
        self.assertIn("Trang hai của bản gốc", pdf_text(data, first=2, last=2))
        self.assertIn("Phạm Văn Minh", pdf_text(data, first=3, last=3))

    def test_a_word_source_becomes_a_controlled_pdf_with_its_text(self):
        docx = make_docx("Điều 1. Phạm vi điều chỉnh", "Điều 2. Đối tượng áp dụng")
        revision = self.approved_with_source("quy-trinh.docx", docx)
        text = pdf_text(self.stored(revision))
        self.assertIn("Điều 1. Phạm vi điều chỉnh", text)
        self.assertIn("Điều 2. Đối tượng áp dụng", text)
        self.assertIn(revision.document.code, text)

    def test_a_spreadsheet_source_is_attached_to_the_pdf(self):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/workbook.xml", "<workbook/>")
        revision = self.approved_with_source("chi-tieu.xlsx", out.getvalue())
        attachments = PdfReader(io.BytesIO(self.stored(revision))).attachments
        self.assertEqual(list(attachments.values()), [[out.getvalue()]])
        self.assertIn("chi-tieu.xlsx", pdf_text(self.stored(revision)))

    def with_unchecked_source(self, name: str, data: bytes) -> Revision:
        """A draft whose source file was stored before uploads were read through on arrival."""
        document = make_document(self.agency, self.hung, "Quy trình hỏng tệp")
        revision = document.revisions.get()
        revision.source_file.save(name, ContentFile(data), save=False)
        revision.source_name = name
        revision.save(update_fields=["source_file", "source_name"])
        return revision

    def test_a_pdf_only_in_its_first_bytes_is_refused_when_attached(self):
        revision = make_document(self.agency, self.hung, "Quy trình hỏng tệp").revisions.get()
        with self.assertRaises(ValidationError) as raised:
            flow.revision_attach_file(
                revision=revision,
                by=self.hung,
                upload=SimpleUploadedFile("hong.pdf", b"%PDF-1.4\nkhong phai pdf"),
            )
        self.assertIn("source_file", raised.exception.message_dict)
        revision.refresh_from_db()
        self.assertFalse(revision.source_file)

    def test_a_broken_source_fails_the_approval_and_changes_nothing(self):
        revision = self.with_unchecked_source("hong.pdf", b"%PDF-1.4\nkhong phai pdf")
        document = revision.document
        flow.revision_submit(
            revision=revision, by=self.hung, reviewers=[self.mai], approver=self.minh
        )
        flow.revision_review_pass(revision=revision, by=self.mai)
        files = self.stored_files()
        with self.assertRaises(ValidationError):
            flow.revision_approve(revision=revision, by=self.minh)
        revision.refresh_from_db()
        document.refresh_from_db()
        self.assertEqual(revision.status, S.IN_APPROVAL)
        self.assertFalse(revision.pdf_file)
        self.assertIsNone(revision.verification_token)
        self.assertEqual(document.status, Document.Status.DRAFT)
        self.assertFalse(
            revision.decisions.filter(decision=ApprovalDecision.Decision.APPROVED).exists()
        )
        self.assertEqual(self.stored_files(), files)

    def test_a_failed_approval_says_why_on_the_page(self):
        revision = self.with_unchecked_source("x.pdf", b"%PDF-1.4\n")
        flow.revision_submit(
            revision=revision, by=self.hung, reviewers=[self.mai], approver=self.minh
        )
        flow.revision_review_pass(revision=revision, by=self.mai)
        self.client.force_login(self.minh)
        response = self.client.post(
            reverse("documents:revision-approve", args=[revision.pk]),
            {"decision": "approve", "comment": "", "effective_date": ""},
            follow=True,
        )
        self.assertEqual(len(list(response.context["messages"])), 1)
        self.assertEqual(Revision.objects.get(pk=revision.pk).status, S.IN_APPROVAL)

    def test_the_revision_page_shows_the_links_and_the_qr_code(self):
        self.client.force_login(self.hoa)
        response = self.client.get(reverse("documents:revision-detail", args=[self.revision.pk]))
        self.assertContains(response, reverse("documents:revision-pdf", args=[self.revision.pk]))
        self.assertContains(response, reverse("verify", args=[self.revision.verification_token]))
        qr = self.client.get(reverse("documents:revision-qr", args=[self.revision.pk]))
        self.assertEqual(qr["Content-Type"], "image/svg+xml")
        self.client.force_login(self.tuan)
        qr = self.client.get(reverse("documents:revision-qr", args=[self.revision.pk]))
        self.assertEqual(qr.status_code, 404)


class UrlFetcherTests(TestCase):
    def test_it_refuses_remote_urls_and_files_outside_the_static_files(self):
        fetcher = LocalOnlyFetcher()
        for url in (
            "https://example.com/logo.png",
            "http://127.0.0.1:9/secret",
            "ftp://example.com/a",
            "file:///etc/passwd",
            f"file://{settings.BASE_DIR}/pyproject.toml",
        ):
            with self.subTest(url=url), self.assertRaises(URLRefused):
                fetcher.fetch(url)

    def test_it_reads_data_uris_and_the_apps_static_files(self):
        fetcher = LocalOnlyFetcher()
        self.assertEqual(fetcher.fetch("data:text/plain;base64,eGlu").read(), b"xin")
        css = fetcher.fetch(static_file_url("qms/qms.css")).read()
        self.assertEqual(css, Path(settings.BASE_DIR, "qms/static/qms/qms.css").read_bytes())

    def test_a_template_naming_a_remote_image_still_renders_without_it(self):
        data = html_to_pdf('<p>Ảnh ngoài</p><img src="http://127.0.0.1:9/x.png">')
        self.assertIn("Ảnh ngoài", pdf_text(data))
