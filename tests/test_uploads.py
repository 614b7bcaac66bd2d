"""Uploads are judged by their content and size, never by their name."""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, override_settings

from qms.lib.uploads import checked_upload

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def office_file(main_part: str, extra: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<document>Quy trình kiểm soát tài liệu</document>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


class UploadCheckTests(SimpleTestCase):
    allowed = {"pdf", "docx", "xlsx"}

    def test_real_files_pass_with_their_kind(self):
        self.assertEqual(checked_upload(upload("a.pdf", PDF), allowed=self.allowed).kind, "pdf")
        docx = office_file("word/document.xml")
        self.assertEqual(checked_upload(upload("qt.docx", docx), allowed=self.allowed).kind, "docx")
        xlsx = office_file("xl/workbook.xml")
        self.assertEqual(checked_upload(upload("ds.xlsx", xlsx), allowed=self.allowed).kind, "xlsx")

    def test_a_file_is_judged_by_content_not_name(self):
        with self.assertRaises(ValidationError):
            checked_upload(
                upload("quy-trinh.docx", b"<html>not a document</html>"), allowed=self.allowed
            )
        # A real PDF named .docx is a PDF.
        self.assertEqual(checked_upload(upload("x.docx", PDF), allowed=self.allowed).kind, "pdf")

    def test_a_zip_that_is_not_an_office_file_is_refused(self):
        with self.assertRaises(ValidationError):
            checked_upload(upload("a.docx", office_file("random/other.xml")), allowed=self.allowed)

    def test_kinds_outside_the_allowed_set_are_refused(self):
        with self.assertRaises(ValidationError):
            checked_upload(upload("a.pdf", PDF), allowed={"docx"})

    @override_settings(UPLOAD_MAX_BYTES=1024)
    def test_a_file_over_the_limit_is_refused(self):
        with self.assertRaises(ValidationError) as raised:
            checked_upload(upload("big.pdf", PDF + b"0" * 2048), allowed=self.allowed)
        self.assertIn("KB", raised.exception.messages[0])

    def test_an_archive_bomb_is_refused(self):
        bomb = office_file(
            "word/document.xml", {"word/media/huge.bin": b"\0" * (210 * 1024 * 1024)}
        )
        self.assertLess(len(bomb), 2 * 1024 * 1024)
        with self.assertRaises(ValidationError):
            checked_upload(upload("bomb.docx", bomb), allowed=self.allowed)

    def test_old_or_encrypted_office_files_are_refused_with_a_reason(self):
        ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
        with self.assertRaises(ValidationError) as raised:
            checked_upload(upload("protected.docx", ole), allowed=self.allowed)
        self.assertTrue(raised.exception.messages)

    def test_empty_files_are_refused(self):
        with self.assertRaises(ValidationError):
            checked_upload(upload("empty.pdf", b""), allowed=self.allowed)

    def test_a_path_in_the_name_is_dropped(self):
        checked = checked_upload(upload("../../etc/passwd.pdf", PDF), allowed=self.allowed)
        self.assertEqual(checked.name, "passwd.pdf")
