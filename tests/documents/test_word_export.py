"""Any issue as a Word file in the agency's layout: read back by python-docx, converted by
LibreOffice, read again by the importer into the same structure, and downloaded only by
those who may read the revision."""

import io
import shutil
import subprocess
import tempfile
import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from django.utils import translation
from docx.oxml.ns import qn
from pypdf import PdfReader

from documents.models import Revision
from documents.selectors.word import revision_structure
from documents.services import revisions as flow
from documents.services.changes import revision_new_from
from documents.views.word import DOCX_TYPE
from documents.word.structure import (
    FormRef,
    HistoryEntry,
    ProcedureStructure,
    RecordEntry,
    Retention,
    Signatory,
    SignedAs,
    Step,
)
from documents.word.writing import procedure_docx
from qms.agencies.roles import Role
from tests.helpers import (
    count_queries,
    make_agency,
    make_document,
    make_effective_document,
    make_province,
    make_user,
)

HEADINGS = [
    "1. MỤC ĐÍCH",
    "2. PHẠM VI ÁP DỤNG",
    "3. TÀI LIỆU VIỆN DẪN",
    "4. ĐỊNH NGHĨA, TỪ VIẾT TẮT",
    "5. NỘI DUNG QUY TRÌNH",
    "6. BIỂU MẪU",
    "7. HỒ SƠ CẦN LƯU",
]


def lltp_procedure(**changes) -> ProcedureStructure:
    """Sở Tư pháp's procedure for the criminal record certificate, issue 03, as stored."""
    structure = ProcedureStructure(
        agency="Sở Tư pháp tỉnh Lâm Đồng",
        title="Quy trình cấp phiếu lý lịch tư pháp",
        code="QT-04",
        issue_number=3,
        issued_on=date(2024, 3, 15),
        signatories=[
            Signatory(
                SignedAs.DRAFTED, "Nguyễn Thị Thu Hà", "Chuyên viên phòng Hành chính tư pháp"
            ),
            Signatory(SignedAs.REVIEWED, "Trần Văn Bình", "Trưởng phòng Hành chính tư pháp"),
            Signatory(SignedAs.APPROVED, "Lê Minh Tuấn", "Giám đốc Sở Tư pháp"),
        ],
        history=[
            HistoryEntry(1, date(2020, 1, 10), "Toàn bộ", "Ban hành lần đầu"),
            HistoryEntry(2, date(2022, 6, 2), "Mục 5", "Rút ngắn thời gian tra cứu"),
            HistoryEntry(3, date(2024, 3, 15), "Mục 5, Mục 7", "Cập nhật theo Luật Lưu trữ 2024"),
        ],
        purpose="Quy định trình tự, thời hạn và trách nhiệm giải quyết thủ tục cấp Phiếu lý "
        "lịch tư pháp cho công dân Việt Nam.",
        scope="Áp dụng đối với Phòng Hành chính tư pháp và Bộ phận Một cửa của Sở Tư pháp.",
        references="- Luật Lý lịch tư pháp số 28/2009/QH12;\n"
        "- Tiêu chuẩn quốc gia TCVN ISO 9001:2015.",
        definitions="- LLTP: Lý lịch tư pháp;\n- HCTP: Hành chính tư pháp.",
        body="Thành phần hồ sơ: Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp; bản chụp CCCD.",
        steps=[
            Step(
                "B1",
                "Tiếp nhận, kiểm tra hồ sơ",
                "Bộ phận Một cửa",
                "0,5 ngày làm việc",
                Decimal("0.5"),
                "BM-01-QT-04",
            ),  # fmt: skip
            Step(
                "B2",
                "Chuyển hồ sơ đến Phòng HCTP",
                "Bộ phận Một cửa",
                "4 giờ",
                Decimal("0.5"),
                "Sổ theo dõi",
            ),  # fmt: skip
            Step(
                "B3",
                "Tra cứu thông tin lý lịch tư pháp",
                "Chuyên viên phòng HCTP",
                "02 ngày làm việc",
                Decimal(2),
                "BM-02-QT-04",
            ),  # fmt: skip
            Step(
                "B4",
                "Đề nghị Công an tỉnh xác minh",
                "Chuyên viên phòng HCTP",
                "Theo thời hạn được giao (tối đa 20 ngày)",
                None,
                "Văn bản đề nghị",
            ),  # fmt: skip
            Step("B5", "Ký Phiếu lý lịch tư pháp", "Giám đốc Sở", "", Decimal(5), "Phiếu LLTP"),
            Step("B6", "Cập nhật thông tin bổ sung", "Chuyên viên phòng HCTP", "Khi phát sinh"),
        ],
        legal_limit_text="Thời hạn giải quyết: 10 ngày làm việc",
        legal_limit_days=Decimal(10),
        tthc_code="1.001193",
        forms=[
            FormRef("BM-01-QT-04", "Phiếu tiếp nhận hồ sơ và hẹn trả kết quả"),
            FormRef("BM-02-QT-04", "Phiếu tra cứu thông tin lý lịch tư pháp"),
        ],
        records=[
            RecordEntry("Phiếu tiếp nhận hồ sơ", "Bộ phận Một cửa", "03 năm", Retention.YEARS, 3),
            RecordEntry(
                "Tờ khai yêu cầu cấp Phiếu", "Phòng HCTP", "Vĩnh viễn", Retention.PERMANENT
            ),
            RecordEntry(
                "Quy trình này (bản gốc)",
                "Thư ký ISO",
                "Đến khi có bản thay thế",
                Retention.UNTIL_SUPERSEDED,
            ),  # fmt: skip
            RecordEntry(
                "Sổ theo dõi trả kết quả",
                "Phòng HCTP",
                "02 năm kể từ khi kết thúc sổ",
                Retention.YEARS_AFTER_EVENT,
                2,
                "kể từ khi kết thúc sổ",
            ),  # fmt: skip
        ],
    )
    for name, value in changes.items():
        setattr(structure, name, value)
    return structure


def opened(data: bytes):
    return docx.Document(io.BytesIO(data))


def body_tables(document) -> dict[str, object]:
    """The tables of the body, each by the text of its first cell."""
    return {table.rows[0].cells[0].text: table for table in document.tables}


def table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def header_text(document) -> str:
    header = document.sections[0].header
    cells = [cell.text for table in header.tables for row in table.rows for cell in row.cells]
    return " ".join(cells + [p.text for p in header.paragraphs])


def fields_of(element) -> list[str]:
    """The field instructions (PAGE, NUMPAGES) inside an XML element."""
    return [text.text.strip() for text in element.iter(qn("w:instrText"))]


def assert_same_procedure(test, read: ProcedureStructure, written: ProcedureStructure):
    """Everything the round trip keeps, compared part by part for a readable failure."""
    # The file writes the agency and the title in capitals, as agencies do.
    test.assertEqual(read.agency, written.agency.upper())
    test.assertEqual(read.title, written.title.upper())
    test.assertEqual(
        (read.code, read.issue_number, read.issued_on),
        (written.code, written.issue_number, written.issued_on),
    )
    for name in ("purpose", "scope", "references", "definitions"):
        test.assertEqual(getattr(read, name), getattr(written, name), name)
    test.assertEqual(read.signatories, written.signatories)
    test.assertEqual(read.history, written.history)
    test.assertEqual(
        [(s.label, s.content, s.responsible, s.duration_days, s.output) for s in read.steps],
        [(s.label, s.content, s.responsible, s.duration_days, s.output) for s in written.steps],
    )
    test.assertEqual(
        [(f.code, f.name) for f in read.forms], [(f.code, f.name) for f in written.forms]
    )
    fields = ("name", "keeper", "retention", "retention_years", "retention_event")
    test.assertEqual(
        [tuple(getattr(r, f) for f in fields) for r in read.records],
        [tuple(getattr(r, f) for f in fields) for r in written.records],
    )
    test.assertEqual(
        (read.legal_limit_text, read.legal_limit_days, read.tthc_code),
        (written.legal_limit_text, written.legal_limit_days, written.tthc_code),
    )


class WordFileTests(SimpleTestCase):
    """The file itself, as python-docx reads it back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.data = procedure_docx(lltp_procedure())
        cls.document = opened(cls.data)

    def test_the_page_is_a4_with_the_decree_30_margins_in_times_new_roman_13(self):
        section = self.document.sections[0]
        self.assertEqual((round(section.page_width.mm), round(section.page_height.mm)), (210, 297))
        margins = (section.top_margin, section.bottom_margin, section.left_margin)
        self.assertEqual([round(m.mm) for m in (*margins, section.right_margin)], [20, 20, 30, 15])
        normal = self.document.styles["Normal"]
        self.assertEqual(normal.font.name, "Times New Roman")
        self.assertEqual(normal.font.size.pt, 13)
        fonts = normal.element.rPr.rFonts
        self.assertIsNone(fonts.get(qn("w:asciiTheme")))  # the theme font would win
        self.assertEqual(self.document.styles["Heading 1"].font.name, "Times New Roman")

    def test_the_seven_sections_are_word_headings(self):
        headings = [p.text for p in self.document.paragraphs if p.style.name == "Heading 1"]
        self.assertEqual(headings, HEADINGS)

    def test_page_one_has_the_control_header_with_merged_agency_and_title_in_capitals(self):
        table = self.document.tables[0]
        rows = table_rows(table)
        self.assertEqual([row[0] for row in rows], ["SỞ TƯ PHÁP TỈNH LÂM ĐỒNG"] * 4)
        self.assertEqual([row[1] for row in rows], ["QUY TRÌNH CẤP PHIẾU LÝ LỊCH TƯ PHÁP"] * 4)
        self.assertEqual(
            [row[2] for row in rows[:3]],
            ["Mã hiệu: QT-04", "Lần ban hành: 03", "Ngày ban hành: 15/03/2024"],
        )
        first = table.rows[0]._tr.tc_lst[0]
        self.assertEqual((first.vMerge, first.bottom), ("restart", 4))
        self.assertEqual(fields_of(table._tbl.tr_lst[3]), ["PAGE", "NUMPAGES"])

    def test_the_signature_table_names_who_drafted_reviewed_and_approved(self):
        rows = table_rows(body_tables(self.document)[""])
        self.assertEqual(rows[0], ["", "Soạn thảo", "Xem xét", "Phê duyệt"])
        self.assertEqual(rows[1][0], "Chữ ký")
        self.assertEqual(
            rows[2], ["Họ và tên", "Nguyễn Thị Thu Hà", "Trần Văn Bình", "Lê Minh Tuấn"]
        )
        self.assertEqual(rows[3][3], "Giám đốc Sở Tư pháp")

    def test_the_revision_history_has_its_title_row_and_one_row_per_issue(self):
        title = "BẢNG THEO DÕI SỬA ĐỔI TÀI LIỆU"
        table = body_tables(self.document)[title]
        rows = table_rows(table)
        self.assertEqual(rows[0], [title] * 4)  # one cell merged across the table
        self.assertEqual(
            rows[1], ["Lần ban hành", "Ngày ban hành", "Vị trí sửa đổi", "Nội dung sửa đổi"]
        )
        self.assertEqual(len(rows), 5)
        self.assertEqual(rows[3], ["02", "02/06/2022", "Mục 5", "Rút ngắn thời gian tra cứu"])

    def test_the_steps_table_repeats_its_header_row_and_ends_with_the_total(self):
        table = body_tables(self.document)["Bước"]
        rows = table_rows(table)
        self.assertEqual(
            rows[0], ["Bước", "Nội dung công việc", "Trách nhiệm", "Thời gian", "Biểu mẫu/Kết quả"]
        )
        repeat = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
        self.assertEqual(repeat.get(qn("w:val")), "true")
        self.assertEqual([row[3] for row in rows[1:7]][3:], [
            "Theo thời hạn được giao (tối đa 20 ngày)", "05 ngày làm việc", "Khi phát sinh",
        ])  # fmt: skip
        self.assertEqual(rows[-1], ["Tổng thời gian: 08 ngày làm việc"] * 5)
        section_five = [p.text for p in self.document.paragraphs]
        self.assertIn("Thời hạn giải quyết: 10 ngày làm việc", section_five)
        self.assertIn("Mã thủ tục hành chính: 1.001193", section_five)

    def test_forms_and_records_are_tables_with_retention_written_as_people_write_it(self):
        tables = body_tables(self.document)
        self.assertEqual(
            table_rows(tables["Mã hiệu"])[1],
            ["BM-01-QT-04", "Phiếu tiếp nhận hồ sơ và hẹn trả kết quả"],
        )
        records = table_rows(tables["TT"])
        self.assertEqual(records[0], ["TT", "Tên hồ sơ", "Nơi lưu/Người lưu", "Thời gian lưu"])
        self.assertEqual(
            [row[3] for row in records[1:]],
            ["03 năm", "Vĩnh viễn", "Đến khi có bản thay thế", "02 năm kể từ khi kết thúc sổ"],
        )

    def test_every_page_has_the_running_header_with_page_fields(self):
        self.assertIn("SỞ TƯ PHÁP TỈNH LÂM ĐỒNG", header_text(self.document))
        self.assertIn("QT-04 – Lần ban hành: 03", header_text(self.document))
        self.assertEqual(fields_of(self.document.sections[0].header._element), ["PAGE", "NUMPAGES"])
        self.assertNotIn("BẢN DỰ THẢO", header_text(self.document))

    def test_a_draft_is_marked_in_the_running_header_and_on_page_one(self):
        document = opened(procedure_docx(lltp_procedure(), draft=True))
        self.assertIn("BẢN DỰ THẢO", header_text(document))
        self.assertEqual(document.paragraphs[0].text, "BẢN DỰ THẢO")
        self.assertEqual(document.core_properties.content_status, "BẢN DỰ THẢO")

    def test_a_policy_is_written_as_its_body_without_numbered_sections(self):
        policy = ProcedureStructure(
            agency="Sở Tư pháp tỉnh Lâm Đồng",
            title="Chính sách chất lượng",
            code="CS-01",
            issue_number=2,
            body="Sở Tư pháp tỉnh Lâm Đồng cam kết:\n"
            "- Giải quyết thủ tục hành chính đúng pháp luật, công khai, minh bạch.",
        )
        document = opened(procedure_docx(policy))
        texts = [p.text for p in document.paragraphs]
        self.assertFalse([p for p in document.paragraphs if p.style.name == "Heading 1"])
        self.assertIn("Sở Tư pháp tỉnh Lâm Đồng cam kết:", texts)
        self.assertEqual(table_rows(document.tables[0])[0][1], "CHÍNH SÁCH CHẤT LƯỢNG")

    def test_libreoffice_converts_it_to_a_pdf(self):
        if shutil.which("soffice") is None:
            self.skipTest("LibreOffice (soffice) is not installed on this machine")
        steps = [
            Step(str(n), f"Thẩm định hồ sơ đợt {n}", "Phòng HCTP", "01 ngày làm việc", Decimal(1))
            for n in range(1, 41)
        ]
        data = procedure_docx(lltp_procedure(steps=steps), draft=True)
        with tempfile.TemporaryDirectory(prefix="qms-word-") as folder:
            source = Path(folder, "QT-04-03.docx")
            source.write_bytes(data)
            command = [
                "soffice",
                f"-env:UserInstallation=file://{folder}/lo-profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                folder,
                str(source),
            ]
            done = subprocess.run(command, capture_output=True, timeout=180, check=False)
            self.assertEqual(done.returncode, 0, done.stderr)
            target = Path(folder, "QT-04-03.pdf")
            # soffice says 0 even when it could not load the file: the PDF is the proof.
            self.assertTrue(target.exists(), done.stdout + done.stderr)
            reader = PdfReader(io.BytesIO(target.read_bytes()))
        self.assertGreaterEqual(len(reader.pages), 2)
        box = reader.pages[0].mediabox
        self.assertEqual((round(float(box.width)), round(float(box.height))), (595, 842))  # A4
        first = unicodedata.normalize("NFC", reader.pages[0].extract_text())
        self.assertIn("BẢN DỰ THẢO", first)
        self.assertIn("Trang 1/", first)
        second = unicodedata.normalize("NFC", reader.pages[2].extract_text())
        self.assertIn("Nội dung công việc", second)  # the header row, repeated on page 3


class RoundTripTests(SimpleTestCase):
    """Written out, then read in by the importer: the same procedure."""

    def read_back(self, structure: ProcedureStructure, *, draft: bool = False):
        from documents.word.reading import read_procedure

        return read_procedure(procedure_docx(structure, draft=draft))

    def assert_same_procedure(self, read, written):
        assert_same_procedure(self, read, written)

    def test_a_procedure_comes_back_with_the_same_structure(self):
        written = lltp_procedure()
        read = self.read_back(written)
        self.assert_same_procedure(read, written)
        # The time limit and TTHC lines come back in their own fields, not in the body.
        self.assertEqual(read.body, written.body)
        self.assertEqual(
            [s.time_text for s in read.steps],
            [
                "0,5 ngày làm việc",
                "4 giờ",
                "02 ngày làm việc",
                "Theo thời hạn được giao (tối đa 20 ngày)",
                "05 ngày làm việc",  # the stored number of days, written as people write it
                "Khi phát sinh",
            ],
        )
        self.assertEqual(
            [r.retention_text for r in read.records],
            ["03 năm", "Vĩnh viễn", "Đến khi có bản thay thế", "02 năm kể từ khi kết thúc sổ"],
        )
        self.assertEqual(read.stated_total_text, "Tổng thời gian: 08 ngày làm việc")
        self.assertEqual(read.stated_total_days, written.steps_total_days)
        self.assertFalse(read.is_draft)
        self.assertEqual(read.warnings, [])

    def test_a_procedure_read_from_its_file_is_written_back_unchanged(self):
        once = self.read_back(lltp_procedure())
        twice = self.read_back(once)
        self.assertEqual(twice, once)  # the time limit is not written a second time

    def test_a_draft_comes_back_as_a_draft(self):
        read = self.read_back(lltp_procedure(), draft=True)
        self.assertTrue(read.is_draft)
        self.assert_same_procedure(read, lltp_procedure())

    def test_a_policy_comes_back_as_its_body(self):
        policy = ProcedureStructure(
            agency="Sở Tư pháp tỉnh Lâm Đồng",
            title="Chính sách chất lượng",
            code="CS-01",
            issue_number=2,
            issued_on=date(2025, 1, 2),
            body="Sở Tư pháp tỉnh Lâm Đồng cam kết:\n"
            "- Giải quyết thủ tục hành chính đúng pháp luật, công khai, minh bạch.",
        )
        read = self.read_back(policy)
        self.assertEqual(
            (read.code, read.issue_number, read.issued_on), ("CS-01", 2, date(2025, 1, 2))
        )
        self.assertEqual(read.body, policy.body)
        self.assertEqual((read.steps, read.records, read.forms), ([], [], []))


class WordDownloadTests(TestCase):
    """The download on the revision page: who gets the file, and what it says."""

    @classmethod
    def setUpTestData(cls):
        cls.province = make_province()
        cls.agency = make_agency("Sở Tư pháp", province=cls.province)
        # Lan, ISO secretary of Sở Tư pháp: drafts procedures.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY])
        # Mai, reviewer, and Minh, the director who approves.
        cls.mai = make_user("Lê Thị Mai", cls.agency, [Role.REVIEWER], position="Phó Giám đốc")
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER], position="Giám đốc")
        # Hoa, staff of Sở Tư pháp: reads the procedures.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
        # Tuấn, ISO secretary of Sở Y tế, who must never see Sở Tư pháp's documents.
        cls.other = make_agency("Sở Y tế", province=cls.province)
        cls.tuan = make_user("Trần Anh Tuấn", cls.other, [Role.ISO_SECRETARY])
        # Thảo, supervisor at the Sở KH&CN: reads the province, never restricted documents.
        cls.thao = make_user("Vũ Thu Thảo", cls.province, [Role.SUPERVISOR])

        cls.people = {"drafter": cls.lan, "reviewer": cls.mai, "approver": cls.minh}
        cls.effective = make_effective_document(
            cls.agency, title="Quy trình cấp phiếu lý lịch tư pháp", **cls.people
        ).effective_revision
        cls.draft = make_document(
            cls.agency, cls.lan, "Quy trình chứng thực bản sao"
        ).revisions.get()

    def url(self, revision: Revision) -> str:
        return reverse("documents:revision-docx", args=[revision.pk])

    def procedure_with(self, steps: int) -> Revision:
        rows = [
            {"content": f"Xử lý hồ sơ bước {n}", "responsible": "Phòng HCTP", "duration_days": 1}
            for n in range(1, steps + 1)
        ]
        document = make_effective_document(
            self.agency, title=f"Quy trình {steps} bước", steps=rows, **self.people
        )
        return document.effective_revision

    def test_a_member_downloads_the_issue_as_a_word_file(self):
        self.client.force_login(self.hoa)
        response = self.client.get(self.url(self.effective))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], DOCX_TYPE)
        code = self.effective.document.code
        self.assertEqual(response["Content-Disposition"], f'attachment; filename="{code}-01.docx"')
        document = opened(response.content)
        rows = table_rows(document.tables[0])
        self.assertEqual(rows[0][1], "QUY TRÌNH CẤP PHIẾU LÝ LỊCH TƯ PHÁP")
        self.assertEqual(rows[0][2], f"Mã hiệu: {code}")
        self.assertEqual(rows[1][2], "Lần ban hành: 01")
        signatures = table_rows(body_tables(document)[""])
        self.assertEqual(signatures[2][1:], ["Nguyễn Thị Lan", "Lê Thị Mai", "Phạm Văn Minh"])
        self.assertEqual(signatures[3][3], "Giám đốc")
        steps = table_rows(body_tables(document)["Bước"])
        self.assertEqual(steps[1][1:3], ["Tiếp nhận hồ sơ", "Bộ phận một cửa"])
        self.assertNotIn("BẢN DỰ THẢO", header_text(document))

    def test_the_downloaded_file_reads_back_as_the_stored_revision(self):
        from documents.word.reading import read_procedure

        self.client.force_login(self.hoa)
        read = read_procedure(self.client.get(self.url(self.effective)).content)
        with translation.override("vi"):
            stored = revision_structure(self.effective)
        assert_same_procedure(self, read, stored)
        self.assertEqual(read.history[0].summary, "Ban hành lần đầu")
        self.assertEqual(
            [(s.name, s.position) for s in read.signatories],
            [("Nguyễn Thị Lan", ""), ("Lê Thị Mai", "Phó Giám đốc"), ("Phạm Văn Minh", "Giám đốc")],
        )
        self.assertEqual([r.retention_text for r in read.records], ["05 năm"])
        self.assertEqual([s.time_text for s in read.steps], [s.time_text for s in stored.steps])

    def test_the_revision_page_offers_the_download(self):
        self.client.force_login(self.hoa)
        response = self.client.get(reverse("documents:revision-detail", args=[self.effective.pk]))
        self.assertContains(response, self.url(self.effective))

    def test_a_draft_is_downloaded_marked_as_a_draft(self):
        self.client.force_login(self.lan)
        response = self.client.get(self.url(self.draft))
        self.assertEqual(response.status_code, 200)
        self.assertIn("-01-du-thao.docx", response["Content-Disposition"])
        self.assertEqual(response["Cache-Control"], "no-store")
        document = opened(response.content)
        self.assertIn("BẢN DỰ THẢO", header_text(document))
        self.assertEqual(document.paragraphs[0].text, "BẢN DỰ THẢO")

    def test_anonymous_is_sent_to_log_in(self):
        response = self.client.get(self.url(self.effective))
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])

    def test_another_agency_gets_a_404(self):
        self.client.force_login(self.tuan)
        self.assertEqual(self.client.get(self.url(self.effective)).status_code, 404)
        self.assertEqual(self.client.get(self.url(self.draft)).status_code, 404)

    def test_a_restricted_document_stays_hidden_from_the_province_supervisor(self):
        secret = make_effective_document(
            self.agency, title="Quy trình niêm phong kho lưu trữ", restricted=True, **self.people
        ).effective_revision
        self.client.force_login(self.thao)
        self.assertEqual(self.client.get(self.url(self.effective)).status_code, 200)
        self.assertEqual(self.client.get(self.url(secret)).status_code, 404)
        self.client.force_login(self.hoa)
        self.assertEqual(self.client.get(self.url(secret)).status_code, 200)

    def test_the_query_count_is_pinned_and_does_not_grow_with_the_steps(self):
        few, many = self.procedure_with(3), self.procedure_with(30)
        self.client.force_login(self.hoa)
        self.client.get(self.url(few))  # the session and permission caches warm up
        with self.assertNumQueries(QUERIES):
            self.client.get(self.url(few))
        self.assertEqual(count_queries(lambda: self.client.get(self.url(many))), QUERIES)
        self.assertEqual(len(opened(self.client.get(self.url(many)).content).tables[3].rows), 32)

    def test_the_query_count_does_not_grow_with_the_issues_in_the_revision_log(self):
        document = self.effective.document
        for summary in ("Rút ngắn thời gian thẩm định", "Bổ sung hồ sơ cần lưu"):
            revision = revision_new_from(document=document, drafter=self.lan)
            flow.revision_update_content(
                revision=revision,
                by=self.lan,
                purpose="Quy định thống nhất cách thức kiểm soát.",
                change_summary=summary,
            )
            flow.revision_submit(
                revision=revision, by=self.lan, reviewers=[self.mai], approver=self.minh
            )
            flow.revision_review_pass(revision=revision, by=self.mai)
            flow.revision_approve(revision=revision, by=self.minh)
        third = Revision.objects.get(document=document, number=3)
        self.client.force_login(self.hoa)
        self.client.get(self.url(third))
        self.assertEqual(count_queries(lambda: self.client.get(self.url(third))), QUERIES)
        history = table_rows(
            body_tables(opened(self.client.get(self.url(third)).content))[
                "BẢNG THEO DÕI SỬA ĐỔI TÀI LIỆU"
            ]
        )
        self.assertEqual([row[0] for row in history[2:]], ["01", "02", "03"])
        self.assertEqual(history[4][3], "Bổ sung hồ sơ cần lưu")


# What one download reads: the session, the user and their agencies; the revision and the
# reader's permissions on its agency; then the revision with its document, agency and TTHC,
# its steps, records, paper signatures, forms and review passes, the paper history and the
# issued revisions of the log.
QUERIES = 14
