import io
import secrets
import shutil
import tempfile
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from documents.imports import ImportRow, code_key, docx_text, read_sheet
from documents.models import Document, Revision
from documents.services.imports import documents_import
from qms.agencies.roles import Role
from qms.lib.dates import add_months
from tests.helpers import (
    LadderMixin,
    count_queries,
    make_agency,
    make_document,
    make_document_type,
    make_user,
)

HEADERS = ["STT", "Mã hiệu", "Tên tài liệu", "Loại", "Lần ban hành", "Ngày ban hành"]

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    "</Relationships>"
)


def make_docx(*paragraphs: str, document_xml: str | None = None) -> bytes:
    """A minimal valid .docx built by hand: content types, package and document relations,
    and word/document.xml with one paragraph per argument."""
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    if document_xml is None:
        document_xml = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"
        )
    buffer = io.BytesIO()
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _RELS,
        "word/document.xml": document_xml,
        "word/_rels/document.xml.rels": _DOCUMENT_RELS,
    }
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            # A fixed date, so that the same content always gives the same bytes.
            member = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            archive.writestr(member, text, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def make_xlsx(
    rows: list[list], *, headers=HEADERS, title: str | None = "DANH MỤC TÀI LIỆU"
) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    sheet.append(headers)
    for index, row in enumerate(rows, start=1):
        sheet.append([index, *row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


class ImportBase(TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.media = tempfile.mkdtemp(prefix="qms-import-test-")
        cls.media_override = override_settings(MEDIA_ROOT=cls.media)
        cls.media_override.enable()

    @classmethod
    def tearDownClass(cls):
        cls.media_override.disable()
        shutil.rmtree(cls.media, ignore_errors=True)
        super().tearDownClass()

    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        cls.procedure = make_document_type(cls.agency, prefix="QT")
        cls.form_type = make_document_type(cls.agency, kind="form", prefix="BM")
        # Lan, ISO secretary of Sở Tư pháp, who brings the paper procedures in.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY])
        # Hoa, staff of Sở Tư pháp: no import.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
        cls.other_agency = make_agency("Sở Y tế")
        # Tuấn, ISO secretary of Sở Y tế, who must never reach Sở Tư pháp's staged files.
        cls.tuan = make_user("Trần Anh Tuấn", cls.other_agency, [Role.ISO_SECRETARY])

    def setUp(self):
        # Each test starts without staged batches (the media folder is shared by the class).
        shutil.rmtree(self.staging(), ignore_errors=True)

    def staging(self) -> Path:
        return Path(self.media) / "imports"

    def staged_batches(self) -> list[str]:
        root = self.staging()
        return sorted(path.name for path in root.iterdir()) if root.is_dir() else []

    def preview_url(self, batch: str) -> str:
        return f"{reverse('documents:import-preview')}?batch={batch}"

    def post_upload(self, rows, files: dict[str, bytes], **sheet):
        return self.client.post(
            reverse("documents:import"),
            {
                "spreadsheet": upload("danh-muc.xlsx", make_xlsx(rows, **sheet)),
                "documents": [upload(name, data) for name, data in files.items()],
            },
        )


class ImportParsingTests(ImportBase):
    def test_mammoth_reads_the_hand_built_docx(self):
        text = docx_text(make_docx("Quy trình kiểm soát tài liệu", "1. Mục đích"))
        self.assertEqual(text, "Quy trình kiểm soát tài liệu\n\n1. Mục đích")

    def test_a_damaged_docx_is_refused_with_a_reason(self):
        with self.assertRaises(ValidationError):
            docx_text(make_docx(document_xml="<w:document"))

    def test_the_sheet_is_read_under_its_header_row_with_dates_and_numbers(self):
        rows = read_sheet(
            make_xlsx(
                [
                    ["QT-01", "Quy trình kiểm soát tài liệu", "QT", 2, datetime(2019, 3, 15)],
                    [None, None, None, None, None],
                    ["BM-01.02", "Phiếu yêu cầu sửa đổi", "bm", "01", "01/07/2020"],
                ]
            )
        )
        self.assertEqual([(row.line, row.code) for row in rows], [(3, "QT-01"), (5, "BM-01.02")])
        self.assertEqual(rows[1].issued_on, "01/07/2020")

    def test_a_sheet_without_the_required_columns_is_refused(self):
        data = make_xlsx(
            [["QT-01", "Quy trình", 1]], headers=["Mã hiệu", "Tên tài liệu", "Ghi chú"]
        )
        with self.assertRaises(ValidationError):
            read_sheet(data)
        with self.assertRaises(ValidationError):
            read_sheet(b"PK\x03\x04 not a workbook")

    def test_codes_and_file_names_match_after_normalising(self):
        self.assertEqual(code_key("QT-01/STP"), code_key("qt 01 stp.DOCX"))
        self.assertEqual(code_key("BM-01.02"), code_key("BM_01_02.docx"))
        self.assertNotEqual(code_key("QT-01"), code_key("QT-10"))


class ImportViewTests(LadderMixin, ImportBase):
    def good_files(self):
        return {
            "QT-01.docx": make_docx("Quy trình kiểm soát tài liệu", "1. Mục đích: thống nhất"),
            "bm 01.02.docx": make_docx("Phiếu yêu cầu sửa đổi tài liệu"),
        }

    def good_rows(self):
        return [
            ["QT-01", "Quy trình kiểm soát tài liệu", "QT", 2, datetime(2019, 3, 15)],
            ["BM-01.02", "Phiếu yêu cầu sửa đổi", "BM", "01", "01/07/2020"],
        ]

    def test_the_import_page_follows_the_ladder(self):
        self.assert_ladder(
            reverse("documents:import"), outsider=None, wrong_role=self.hoa, right_role=self.lan
        )
        self.client.force_login(self.hoa)
        response = self.post_upload(self.good_rows(), self.good_files())
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.staged_batches(), [])

    def test_preview_then_confirm_imports_effective_documents(self):
        self.client.force_login(self.lan)
        response = self.post_upload(self.good_rows(), self.good_files())
        batch = self.staged_batches()[0]
        preview_url = self.preview_url(batch)
        self.assertRedirects(response, preview_url)
        # Nothing is saved before the confirmation.
        self.assertFalse(Document.objects.exists())
        preview = self.client.get(preview_url).context["preview"]
        self.assertEqual([row.errors for row in preview.rows], [[], []])
        self.assertFalse(Document.objects.exists())

        response = self.client.post(reverse("documents:import-confirm"), {"batch": batch})
        self.assertRedirects(response, reverse("documents:import"), fetch_redirect_response=False)
        document = Document.objects.get(agency=self.agency, code="QT-01")
        revision = document.effective_revision
        self.assertEqual(document.status, Document.Status.EFFECTIVE)
        self.assertEqual(document.type, self.procedure)
        self.assertEqual(document.title, "Quy trình kiểm soát tài liệu")
        self.assertEqual((revision.number, revision.status), (2, Revision.Status.EFFECTIVE))
        self.assertEqual(revision.effective_date, date(2019, 3, 15))
        # The next review runs from the import, not from the paper date.
        self.assertEqual(document.review_due, add_months(timezone.localdate(), 12))
        # Read by meaning: "1. Mục đích: …" is the purpose section.
        self.assertEqual(revision.purpose, "thống nhất")
        self.assertEqual(revision.source_name, "QT-01.docx")
        with revision.source_file.open("rb") as stored:
            self.assertEqual(stored.read(), self.good_files()["QT-01.docx"])
        # The import, then the controlled copy rendered at import.
        reasons = list(
            revision.history.order_by("-history_date", "-history_id").values_list(
                "history_change_reason", "history_user"
            )[:2]
        )
        self.assertEqual(
            reasons,
            [
                (gettext("Controlled copy issued"), self.lan.pk),
                (gettext("Imported from existing documents"), self.lan.pk),
            ],
        )
        self.assertTrue(revision.pdf_file)
        form = Document.objects.get(code="BM-01.02")
        self.assertEqual(form.effective_revision.number, 1)
        self.assertEqual(form.effective_revision.effective_date, date(2020, 7, 1))
        # The staged files are gone and the report lists what was imported.
        self.assertEqual(self.staged_batches(), [])
        report = self.client.get(reverse("documents:import")).context["report"]
        self.assertEqual([code for _pk, code, _title in report["created"]], ["QT-01", "BM-01.02"])
        self.assertEqual(report["failed"], [])
        self.assertRedirects(self.client.get(preview_url), reverse("documents:import"))

    def test_each_bad_row_says_why_and_only_good_rows_are_imported(self):
        existing = make_document(self.agency, self.lan, "Quy trình đã có", code="QT-05")
        self.client.force_login(self.lan)
        rows = [
            ["QT-01", "Quy trình kiểm soát tài liệu", "QT", 1, datetime(2019, 3, 15)],
            ["XX-01", "Loại không có", "XX", 1, datetime(2019, 3, 15)],
            ["QT-02", "Trùng mã lần một", "QT", 1, datetime(2019, 3, 15)],
            ["QT-02", "Trùng mã lần hai", "QT", 1, datetime(2019, 3, 15)],
            ["QT-05", "Đã có trong danh mục", "QT", 1, datetime(2019, 3, 15)],
            ["QT-06", "Thiếu tệp", "QT", 1, datetime(2019, 3, 15)],
            ["QT-07", "Tệp giả", "QT", 1, datetime(2019, 3, 15)],
            ["QT-08", "Ngày sai", "QT", 1, "31/02/2020"],
            ["QT-09", "Tệp hỏng", "QT", 1, datetime(2019, 3, 15)],
            ["QT-10", "Tệp có mật khẩu", "QT", 1, datetime(2019, 3, 15)],
        ]
        files = {
            "QT-01.docx": make_docx("Quy trình kiểm soát tài liệu"),
            "XX-01.docx": make_docx("Loại không có"),
            "QT-02.docx": make_docx("Trùng mã"),
            "QT-05.docx": make_docx("Đã có"),
            "QT-07.docx": b"<html>not a document</html>",
            "QT-08.docx": make_docx("Ngày sai"),
            "QT-09.docx": make_docx(document_xml="<w:document"),
            "QT-10.docx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
            "HD-99.docx": make_docx("Không thuộc danh mục"),
        }
        self.post_upload(rows, files)
        batch = self.staged_batches()[0]
        preview = self.client.get(self.preview_url(batch)).context["preview"]
        errors = {row.title: row.errors for row in preview.rows}
        self.assertEqual(errors["Quy trình kiểm soát tài liệu"], [])
        duplicate = gettext("The code appears more than once in the list.")
        self.assertEqual(errors["Trùng mã lần một"], [duplicate])
        self.assertEqual(errors["Trùng mã lần hai"], [duplicate])
        self.assertEqual(
            errors["Đã có trong danh mục"],
            [gettext("The agency already has a document with this code.")],
        )
        self.assertEqual(
            errors["Thiếu tệp"], [gettext("No .docx file matches this code; choose one below.")]
        )
        self.assertEqual(
            errors["Ngày sai"], [gettext("The issue date is not a date; write it as 25/11/2026.")]
        )
        self.assertEqual(len(errors["Loại không có"]), 1)
        for title in ("Tệp giả", "Tệp hỏng", "Tệp có mật khẩu"):
            self.assertEqual(len(errors[title]), 1, title)
        self.assertEqual(len(preview.ok_rows), 1)
        self.assertEqual(preview.unused_files, ["HD-99.docx"])

        self.client.post(reverse("documents:import-confirm"), {"batch": batch})
        self.assertEqual(
            sorted(Document.objects.filter(agency=self.agency).values_list("code", flat=True)),
            ["QT-01", "QT-05"],
        )
        existing.refresh_from_db()
        self.assertEqual((existing.title, existing.status), ("Quy trình đã có", "draft"))
        report = self.client.get(reverse("documents:import")).context["report"]
        self.assertEqual(len(report["failed"]), 9)

    def test_failures_alone_import_nothing(self):
        self.client.force_login(self.lan)
        rows = [
            ["XX-01", "Loại không có", "XX", 1, datetime(2019, 3, 15)],
            ["QT-06", "Thiếu tệp", "QT", 1, datetime(2019, 3, 15)],
            ["QT-07", "Tệp giả", "QT", 1, datetime(2019, 3, 15)],
        ]
        files = {"XX-01.docx": make_docx("Loại không có"), "QT-07.docx": b"%PDF-1.7\n%%EOF\n"}
        self.post_upload(rows, files)
        batch = self.staged_batches()[0]
        response = self.client.post(reverse("documents:import-confirm"), {"batch": batch})
        self.assertRedirects(response, self.preview_url(batch))
        self.assertEqual(self.staged_batches(), [batch])
        self.assertFalse(Document.objects.exists())
        self.assertFalse(Revision.objects.exists())

    def test_a_bad_spreadsheet_is_refused_before_anything_is_staged(self):
        self.client.force_login(self.lan)
        response = self.client.post(
            reverse("documents:import"),
            {
                "spreadsheet": upload("danh-muc.xlsx", make_docx("Không phải bảng tính")),
                "documents": [upload("QT-01.docx", make_docx("Quy trình"))],
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheet", response.context["form"].errors)
        response = self.post_upload(
            [["QT-01", "Quy trình", 1]],
            {"QT-01.docx": make_docx("Quy trình")},
            headers=["Mã hiệu", "Tên tài liệu", "Lần ban hành"],
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheet", response.context["form"].errors)
        self.assertEqual(self.staged_batches(), [])
        self.assertFalse(Document.objects.exists())

    @override_settings(UPLOAD_MAX_BYTES=12_000)
    def test_a_file_over_the_size_limit_is_marked_on_its_row(self):
        self.client.force_login(self.lan)
        big = make_docx(secrets.token_hex(20_000))
        self.assertGreater(len(big), 12_000)
        self.post_upload(
            [["QT-01", "Quy trình", "QT", 1, datetime(2019, 3, 15)]], {"QT-01.docx": big}
        )
        batch = self.staged_batches()[0]
        preview = self.client.get(self.preview_url(batch)).context["preview"]
        self.assertFalse(preview.rows[0].ok)

    def test_a_batch_belongs_to_the_session_and_agency_that_staged_it(self):
        self.client.force_login(self.lan)
        self.post_upload(self.good_rows(), self.good_files())
        batch = self.staged_batches()[0]
        # Tuấn, in another agency and another session, finds no such import.
        self.client.force_login(self.tuan)
        gone = reverse("documents:import")
        self.assertRedirects(self.client.get(self.preview_url(batch)), gone)
        response = self.client.post(reverse("documents:import-confirm"), {"batch": batch})
        self.assertRedirects(response, gone)
        response = self.client.post(reverse("documents:import-cancel"), {"batch": batch})
        self.assertRedirects(response, gone)
        self.assertFalse(Document.objects.exists())
        self.assertEqual(self.staged_batches(), [batch])
        # Nor does Lan for an id she did not stage, or a path in disguise.
        self.client.force_login(self.lan)
        for bogus in ("0" * 32, "../" + batch, ""):
            self.assertRedirects(self.client.get(self.preview_url(bogus)), gone)
            response = self.client.post(reverse("documents:import-confirm"), {"batch": bogus})
            self.assertRedirects(response, gone)
        self.assertFalse(Document.objects.exists())

    def test_cancel_deletes_the_staged_files(self):
        self.client.force_login(self.lan)
        self.post_upload(self.good_rows(), self.good_files())
        batch = self.staged_batches()[0]
        response = self.client.post(reverse("documents:import-cancel"), {"batch": batch})
        self.assertRedirects(response, reverse("documents:import"))
        self.assertEqual(self.staged_batches(), [])
        self.assertFalse(Document.objects.exists())

    def test_the_preview_query_count_does_not_grow_with_rows(self):
        self.client.force_login(self.lan)
        self.post_upload(self.good_rows()[:1], self.good_files())
        few_batch = self.staged_batches()[0]
        rows = [
            [f"QT-{index:02}", f"Quy trình {index}", "QT", 1, datetime(2019, 3, 15)]
            for index in range(1, 8)
        ]
        files = {f"QT-{index:02}.docx": make_docx(f"Quy trình {index}") for index in range(1, 8)}
        self.post_upload(rows, files)
        many_batch = next(b for b in self.staged_batches() if b != few_batch)
        few = count_queries(lambda: self.client.get(self.preview_url(few_batch)))
        many = count_queries(lambda: self.client.get(self.preview_url(many_batch)))
        self.assertEqual(many, few)


class ImportServiceTests(ImportBase):
    def row(self, code, **extra):
        values = {
            "code": code,
            "title": "Quy trình kiểm soát tài liệu",
            "document_type": self.procedure,
            "issue_number": 1,
            "issued_on": date(2019, 3, 15),
            "body": "Nội dung",
            "file_name": f"{code}.docx",
            "file_data": make_docx("Nội dung"),
        }
        return ImportRow(**{**values, **extra})

    def test_only_the_iso_secretary_imports(self):
        with self.assertRaises(PermissionDenied):
            documents_import(agency=self.agency, by=self.hoa, rows=[self.row("QT-01")])
        self.assertFalse(Document.objects.exists())

    def test_the_import_is_all_or_nothing(self):
        make_document(self.agency, self.lan, "Quy trình đã có", code="QT-05")
        with self.assertRaises(ValidationError) as raised:
            documents_import(
                agency=self.agency, by=self.lan, rows=[self.row("QT-01"), self.row("QT-05")]
            )
        self.assertIn("QT-05", raised.exception.messages[0])
        self.assertEqual(list(Document.objects.values_list("code", flat=True)), ["QT-05"])
        with self.assertRaises(ValidationError):
            documents_import(
                agency=self.agency, by=self.lan, rows=[self.row("QT-01"), self.row("QT-01")]
            )
        with self.assertRaises(ValidationError):
            documents_import(
                agency=self.agency,
                by=self.lan,
                rows=[self.row("QT-02", file_data=b"<html>not a document</html>")],
            )
        with self.assertRaises(ValidationError):
            documents_import(
                agency=self.agency,
                by=self.lan,
                rows=[self.row("QT-03", issued_on=date(2999, 1, 1))],
            )
        other_type = make_document_type(self.other_agency, prefix="QT")
        with self.assertRaises(ValidationError):
            documents_import(
                agency=self.agency, by=self.lan, rows=[self.row("QT-04", document_type=other_type)]
            )
        with self.assertRaises(ValidationError):
            documents_import(agency=self.agency, by=self.lan, rows=[])
        self.assertEqual(Document.objects.count(), 1)
