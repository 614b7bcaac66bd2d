"""Uploads are judged by their content and size, never by their name, and read through once
when they arrive, within limits, so that a hostile file is refused before it is stored."""

import functools
import io
import time
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, override_settings

from qms.lib import conversions
from qms.lib.uploads import checked_upload
from tests.helpers import make_pdf

PDF = make_pdf()


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


def word_file(document_xml: bytes | str) -> bytes:
    """A .docx whose main part is ``document_xml``, deflated as Word does."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


def declaring(data: bytes, size: int) -> bytes:
    """The archive with every member's expanded size declared as ``size``: a lie."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = out.find(signature)
        while start != -1:
            out[start + offset : start + offset + 4] = size.to_bytes(4, "little")
            start = out.find(signature, start + 4)
    return bytes(out)


@functools.lru_cache
def expanding_word_file(megabytes: int) -> bytes:
    """A .docx whose document.xml expands to ``megabytes`` MB of repeated text."""
    paragraph = b"<w:p><w:r><w:t>Quy trinh kiem soat tai lieu</w:t></w:r></w:p>"
    body = paragraph * (megabytes * 1024 * 1024 // len(paragraph))
    xml = b'<?xml version="1.0"?><w:document xmlns:w="urn:w"><w:body>%s</w:body></w:document>'
    return word_file(xml % body)


# Billion laughs: ten levels of ten references expand to 10^9 "lol"s.
ENTITY_BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    + ']><w:document xmlns:w="urn:w"><w:body>&lol9;</w:body></w:document>'
)


class HostileFileTests(SimpleTestCase):
    """A hostile file is refused when it arrives, with a message, within the time limit."""

    allowed = {"pdf", "docx", "xlsx"}

    def refusal(self, name: str, data: bytes) -> str:
        with self.assertRaises(ValidationError) as raised:
            checked_upload(upload(name, data), allowed=self.allowed)
        return raised.exception.messages[0]

    def test_a_word_file_that_expands_to_150_mb_is_refused_at_upload(self):
        bomb = expanding_word_file(150)
        self.assertLess(len(bomb), 1024 * 1024)  # small enough to pass the size limit
        self.assertIn("10", self.refusal("bomb.docx", bomb))

    @override_settings(UPLOAD_PART_MAX_BYTES=1024 * 1024)
    def test_the_limit_of_a_part_is_a_setting(self):
        self.assertIn("1", self.refusal("lon.docx", expanding_word_file(2)))

    def test_an_archive_that_lies_about_its_expanded_size_is_refused(self):
        liar = declaring(expanding_word_file(150), 100)
        self.refusal("doi.docx", liar)

    def test_an_entity_bomb_is_refused_at_upload(self):
        message = self.refusal("lol.docx", word_file(ENTITY_BOMB))
        self.assertIn("DTD", message)

    def test_any_dtd_is_refused_even_a_harmless_one(self):
        xml = '<?xml version="1.0"?><!DOCTYPE w:document><w:document xmlns:w="urn:w"/>'
        self.assertIn("DTD", self.refusal("dtd.docx", word_file(xml)))

    def test_a_word_file_whose_xml_is_broken_is_refused_at_upload(self):
        self.refusal("hong.docx", word_file("<w:document><w:body>"))

    def test_a_spreadsheet_is_read_through_too(self):
        xlsx = office_file("xl/workbook.xml", {"xl/worksheets/sheet1.xml": ENTITY_BOMB})
        self.assertIn("DTD", self.refusal("bang.xlsx", xlsx))

    def test_a_pdf_only_in_its_first_bytes_is_refused_at_upload(self):
        self.refusal("gia.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 40)
        self.refusal("gia.pdf", b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

    @override_settings(UPLOAD_MAX_PAGES=3)
    def test_a_pdf_over_the_page_limit_is_refused(self):
        self.assertEqual(checked_upload(upload("ba.pdf", make_pdf(3)), allowed={"pdf"}).kind, "pdf")
        self.assertIn("3", self.refusal("bon.pdf", make_pdf(4)))

    def test_a_real_word_file_with_many_parts_passes(self):
        docx = office_file(
            "word/document.xml",
            {
                "_rels/.rels": "<Relationships/>",
                "word/styles.xml": "<w:styles xmlns:w='urn:w'/>",
                "word/media/image1.png": b"\x89PNG\r\n\x1a\n" + b"\0" * 100,
            },
        )
        self.assertEqual(checked_upload(upload("qt.docx", docx), allowed=self.allowed).kind, "docx")

    def test_a_check_that_takes_too_long_is_stopped_and_the_file_refused(self):
        slow = expanding_word_file(9)  # allowed, but parsing it takes a while
        started = time.monotonic()
        with override_settings(UPLOAD_CHECK_SECONDS=0.05):
            message = self.refusal("cham.docx", slow)
        self.assertLess(time.monotonic() - started, 5)
        self.assertIn("0.05", message)

    def test_the_check_runs_in_a_child_process(self):
        before = conversions.runs
        checked_upload(upload("a.pdf", PDF), allowed=self.allowed)
        self.assertEqual(conversions.runs, before + 1)
