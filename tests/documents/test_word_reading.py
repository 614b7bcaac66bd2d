"""A procedure's .docx read by meaning: each way agencies write one (tests/documents/
word_fixtures.py) gives the same structure, and whatever cannot be read is a warning."""

import tempfile
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase, override_settings
from django.utils import translation

from documents.word.reading import procedure_structure, read_procedure
from documents.word.structure import (
    Retention,
    SignedAs,
    structure_from_json,
    structure_to_json,
)
from qms.lib import conversions
from tests.documents import word_fixtures as fixtures

SECTION_FIELDS = ("purpose", "scope", "references", "definitions")


class WordTestCase(SimpleTestCase):
    def setUp(self):
        # Warnings are compared by their English text; the Vietnamese ones are in the .po.
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def read(self, **quirks):
        return read_procedure(fixtures.procedure_docx(**quirks))


class ControlHeaderTests(WordTestCase):
    def test_the_merged_capitalised_header_table_gives_the_metadata(self):
        structure = self.read()
        self.assertEqual(structure.agency, "SỞ TƯ PHÁP TỈNH LÂM ĐỒNG")
        self.assertEqual(structure.title, "QUY TRÌNH CẤP PHIẾU LÝ LỊCH TƯ PHÁP")
        self.assertEqual(structure.code, "QT-04")
        self.assertEqual(structure.issue_number, 3)
        self.assertEqual(structure.issued_on, date(2024, 3, 15))
        self.assertFalse(structure.is_draft)
        self.assertEqual(structure.warnings, [])

    def test_a_date_that_does_not_exist_is_a_warning(self):
        structure = self.read(issued_on="31/02/2024")
        self.assertIsNone(structure.issued_on)
        self.assertEqual(
            structure.warnings,
            ["The issue date “31/02/2024” is not a date that exists; check it."],
        )

    def test_a_draft_says_so(self):
        self.assertTrue(self.read(draft=True).is_draft)


class SignatureAndHistoryTests(WordTestCase):
    def test_the_signature_table_gives_names_and_positions_by_role(self):
        signatories = self.read().signatories
        self.assertEqual(
            [(s.role, s.name, s.position) for s in signatories],
            [
                (SignedAs.DRAFTED, "Nguyễn Thị Thu Hà", "Chuyên viên phòng Hành chính tư pháp"),
                (SignedAs.REVIEWED, "Trần Văn Bình", "Trưởng phòng Hành chính tư pháp"),
                (SignedAs.APPROVED, "Lê Minh Tuấn", "Giám đốc Sở Tư pháp"),
            ],
        )

    def test_the_history_under_a_merged_title_row_gives_one_entry_a_row(self):
        history = self.read().history
        self.assertEqual([entry.issue for entry in history], [1, 2, 3])
        self.assertEqual(history[1].on, date(2022, 6, 2))
        self.assertEqual(history[1].part, "Mục 5.5")
        self.assertEqual(history[1].summary, "Rút ngắn thời gian tra cứu còn 02 ngày làm việc")

    def test_the_history_under_a_title_paragraph_reads_the_same(self):
        self.assertEqual(self.read(history_title_row=False).history, self.read().history)

    def test_a_history_date_that_does_not_exist_is_a_warning(self):
        history = [*fixtures.PROCEDURE["history"][:2], ("3", "30/02/2024", "Mục 7", "Sửa", "03")]
        structure = self.read(history=history)
        self.assertIsNone(structure.history[2].on)
        self.assertIn("30/02/2024", structure.warnings[0])


class SectionTests(WordTestCase):
    def assertSectionsRead(self, structure):
        expected = self.read()
        for name in SECTION_FIELDS:
            self.assertEqual(getattr(structure, name), getattr(expected, name), name)
        self.assertTrue(structure.purpose.startswith("Quy định trình tự, thời hạn"))
        self.assertTrue(structure.legal_limit_text.startswith("Thời hạn giải quyết: 10 ngày"))
        self.assertNotIn("Thời hạn giải quyết", structure.body)  # kept once, not twice
        self.assertEqual(len(structure.steps), 8)
        self.assertEqual(len(structure.forms), 3)
        self.assertEqual(len(structure.records), 4)

    def test_word_headings(self):
        self.assertSectionsRead(self.read(headings="styles"))

    def test_bold_plain_paragraphs(self):
        self.assertSectionsRead(self.read(headings="bold", heading_case="sentence"))

    def test_an_unstyled_document_in_capitals(self):
        self.assertSectionsRead(self.read(unstyled=True))

    def test_sentence_case_headings_without_numbers(self):
        self.assertSectionsRead(self.read(heading_case="sentence", numbering=""))

    def test_plain_sentence_case_names_on_their_own_lines(self):
        self.assertSectionsRead(self.read(unstyled=True, heading_case="sentence", numbering=""))

    def test_roman_and_space_numbering(self):
        self.assertSectionsRead(self.read(numbering="I.", headings="bold"))
        self.assertSectionsRead(self.read(numbering="1", unstyled=True))

    def test_names_with_more_words_than_the_usual_ones(self):
        names = {
            "scope": "PHẠM VI ÁP DỤNG VÀ ĐỐI TƯỢNG THỰC HIỆN",
            "definitions": "Định nghĩa, từ viết tắt và thuật ngữ",
            "records": "Hồ sơ cần lưu trữ",
        }
        self.assertSectionsRead(self.read(section_names=names))

    def test_a_name_and_its_text_on_one_line(self):
        names = {"purpose": "MỤC ĐÍCH: Quy định trình tự, thời hạn giải quyết"}
        structure = self.read(section_names=names)
        self.assertTrue(structure.purpose.startswith("Quy định trình tự, thời hạn giải quyết\n"))

    def test_a_heading_style_alone_makes_a_long_sentence_case_name_a_section(self):
        names = {"scope": "Phạm vi áp dụng và đối tượng thực hiện"}
        structure = self.read(section_names=names, numbering="", headings="styles")
        self.assertEqual(structure.scope, self.read().scope)

    def test_a_policy_without_sections_keeps_its_text_whole(self):
        structure = read_procedure(fixtures.policy_docx())
        self.assertEqual(structure.code, "CS-01")
        self.assertEqual(structure.issue_number, 2)
        self.assertIn("cam kết", structure.body)
        self.assertFalse(structure.has_structure)


class StepTests(WordTestCase):
    def test_the_steps_table_is_found_by_its_header_after_another_table(self):
        structure = self.read(dossier_table=True)
        self.assertEqual(
            structure.steps[0].content, "Tiếp nhận, kiểm tra hồ sơ; viết phiếu hẹn trả kết quả"
        )
        self.assertEqual(structure.steps[0].responsible, "Bộ phận Một cửa")
        self.assertEqual(structure.steps[0].output, "BM-01-QT-04")
        self.assertIn("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", structure.body)
        self.assertEqual(self.read(dossier_table=False).steps, structure.steps)

    def test_labels_in_every_form(self):
        for style, first in (("{n}", "1"), ("B{n}", "B1"), ("Bước {n}", "Bước 1")):
            with self.subTest(style=style):
                steps = self.read(step_label=style).steps
                self.assertEqual([step.label for step in steps][:1], [first])
                self.assertEqual(len(steps), 8)

    def test_labels_under_a_blank_header_cell(self):
        header = ("", "Nội dung công việc", "Trách nhiệm", "Thời gian", "Biểu mẫu/Kết quả")
        steps = self.read(steps_header=header, step_label="Bước {n}").steps
        self.assertEqual(steps[2].label, "Bước 3")
        self.assertEqual(steps[2].content, "Tra cứu thông tin trong cơ sở dữ liệu lý lịch tư pháp")

    def test_decimal_comma_and_hours_are_working_days(self):
        steps = self.read().steps
        self.assertEqual(
            (steps[0].time_text, steps[0].duration_days), ("0,5 ngày làm việc", Decimal("0.5"))
        )
        self.assertEqual((steps[1].time_text, steps[1].duration_days), ("4 giờ", Decimal("0.5")))
        self.assertEqual(steps[2].duration_days, Decimal(2))

    def test_a_time_that_is_not_fixed_has_no_duration(self):
        steps = self.read().steps
        self.assertEqual(steps[7].time_text, "Khi phát sinh")
        self.assertIsNone(steps[7].duration_days)

    def test_a_ceiling_is_not_a_duration(self):
        step = self.read().steps[3]
        self.assertEqual(step.time_text, "Theo thời hạn được giao (tối đa 20 ngày)")
        self.assertIsNone(step.duration_days)

    def test_the_total_row_is_not_a_step_and_is_compared_with_the_sum(self):
        structure = self.read()
        self.assertEqual(len(structure.steps), 8)
        self.assertEqual(structure.stated_total_text, "Tổng thời gian giải quyết: 10 ngày làm việc")
        self.assertEqual(structure.stated_total_days, Decimal(10))
        self.assertEqual(structure.steps_total_days, Decimal(10))

    def test_a_total_that_differs_from_the_sum_is_kept_as_written(self):
        structure = self.read(total="Tổng cộng: 12 ngày làm việc")
        self.assertEqual(structure.stated_total_days, Decimal(12))
        self.assertNotEqual(structure.stated_total_days, structure.steps_total_days)

    def test_the_legal_limit_and_the_tthc_code(self):
        structure = self.read()
        self.assertEqual(
            structure.legal_limit_text,
            "Thời hạn giải quyết: 10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
        )
        self.assertEqual(structure.legal_limit_days, Decimal(10))
        self.assertEqual(structure.tthc_code, "1.001193")

    def test_a_time_that_cannot_be_read_is_a_warning(self):
        steps = [*fixtures.PROCEDURE["steps"]]
        steps[2] = (*steps[2][:2], "vài hôm", steps[2][3])
        structure = self.read(steps=steps)
        self.assertEqual(structure.steps[2].time_text, "vài hôm")
        self.assertIsNone(structure.steps[2].duration_days)
        self.assertEqual(
            structure.warnings,
            ["Step B3: the time “vài hôm” cannot be read; it is kept as text without a duration."],
        )

    def test_a_merged_step_cell_is_a_warning(self):
        structure = self.read(merged_step_cell=True)
        self.assertEqual(len(structure.steps), 8)
        self.assertEqual(structure.steps[2].responsible, "")
        self.assertEqual(structure.steps[2].duration_days, Decimal(2))
        self.assertIn("Step B3: cells of its row are merged", structure.warnings[0])

    def test_a_missing_step_cell_is_a_warning(self):
        structure = self.read(missing_step_cell=True)
        self.assertEqual(structure.steps[2].output, "")
        self.assertEqual(structure.steps[2].duration_days, Decimal(2))
        self.assertIn("Step B3: its row has fewer cells", structure.warnings[0])

    def test_a_responsible_merged_down_two_rows_belongs_to_both(self):
        structure = self.read(vertical_merge=True)
        self.assertEqual([s.responsible for s in structure.steps[:2]], ["Bộ phận Một cửa"] * 2)
        self.assertEqual(structure.warnings, [])


class FormAndRecordTests(WordTestCase):
    def test_forms_as_a_dash_list(self):
        forms = self.read(forms_as="list").forms
        self.assertEqual(
            [(form.code, form.name) for form in forms],
            [
                ("BM-01-QT-04", "Phiếu tiếp nhận hồ sơ và hẹn trả kết quả"),
                ("BM-02-QT-04", "Phiếu tra cứu thông tin lý lịch tư pháp"),
                ("BM-03-QT-04", "Sổ theo dõi trả kết quả"),
            ],
        )

    def test_forms_as_a_table(self):
        self.assertEqual(self.read(forms_as="table").forms, self.read(forms_as="list").forms)

    def test_records_with_each_retention_rule(self):
        records = self.read().records
        self.assertEqual(
            [
                (r.name, r.keeper, r.retention, r.retention_years, r.retention_event)
                for r in records
            ],
            [
                (
                    "Phiếu tiếp nhận hồ sơ và hẹn trả kết quả",
                    "Bộ phận Một cửa",
                    Retention.YEARS,
                    3,
                    "",
                ),
                (
                    "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
                    "Phòng HCTP",
                    Retention.PERMANENT,
                    None,
                    "",
                ),
                ("Quy trình này (bản gốc)", "Thư ký ISO", Retention.UNTIL_SUPERSEDED, None, ""),
                (
                    "Sổ theo dõi trả kết quả",
                    "Phòng HCTP",
                    Retention.YEARS_AFTER_EVENT,
                    2,
                    "kể từ khi kết thúc sổ",
                ),
            ],
        )
        self.assertEqual(records[0].retention_text, "03 năm")

    def test_a_retention_that_cannot_be_read_is_a_warning(self):
        records = [*fixtures.PROCEDURE["records"][:1], ("Sổ giao nhận", "Văn thư", "Theo quy định")]
        structure = self.read(records=records)
        self.assertIsNone(structure.records[1].retention)
        self.assertEqual(
            structure.warnings,
            ["Record “Sổ giao nhận”: the retention “Theo quy định” cannot be read."],
        )


class NotBodyTests(WordTestCase):
    def test_the_running_header_page_fields_and_distribution_are_not_content(self):
        structure = self.read(running_header=True)
        self.assertEqual(structure, self.read(running_header=False))
        text = structure_to_json(structure)
        self.assertNotIn("Nơi nhận", text)
        self.assertNotIn("Số bản", text)
        self.assertNotIn('Giám đốc Sở", "keeper', text)
        self.assertEqual(len(structure.records), 4)

    def test_a_control_table_kept_in_the_running_header_gives_the_metadata(self):
        structure = read_procedure(fixtures.procedure_docx(control_in_header=True))
        self.assertEqual((structure.code, structure.issue_number), ("QT-04", 3))
        self.assertEqual(len(structure.steps), 8)


class TextTests(WordTestCase):
    def test_decomposed_text_and_doubled_spaces_read_as_the_clean_file(self):
        messy = self.read(nfd=True, double_spaces=True)
        self.assertEqual(structure_to_json(messy), structure_to_json(self.read()))

    def test_the_structure_survives_json(self):
        structure = self.read(vertical_merge=True, issued_on="31/02/2024")
        self.assertEqual(structure_from_json(structure_to_json(structure)), structure)


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="word-reading-"))
class BadFileTests(WordTestCase):
    def assertRefused(self, data: bytes, words: str):
        with self.assertRaises(ValidationError) as refused:
            procedure_structure(data)
        self.assertIn(words, refused.exception.messages[0])

    def test_a_damaged_docx(self):
        self.assertRefused(fixtures.damaged_docx(), "damaged")
        with self.assertRaises(ValidationError):
            read_procedure(fixtures.damaged_docx())

    def test_a_half_uploaded_docx(self):
        self.assertRefused(fixtures.truncated_docx(), "damaged")

    def test_a_word_97_document(self):
        self.assertRefused(fixtures.doc97_bytes(), "Word 97-2003")

    def test_a_zip_or_workbook_that_is_not_word(self):
        self.assertRefused(fixtures.zip_not_word(), "not a Word document")
        self.assertRefused(fixtures.workbook_bytes(), "not a Word document")
        self.assertRefused(b"<html>not a document</html>", "not a Word document")

    def test_a_good_file_is_read_in_a_child_once_and_then_from_the_cache(self):
        data = fixtures.procedure_docx(step_label="Bước {n}")
        runs = conversions.runs
        structure = procedure_structure(data)
        self.assertEqual(conversions.runs, runs + 1)
        self.assertEqual(structure, read_procedure(data))
        self.assertEqual(procedure_structure(data), structure)
        self.assertEqual(conversions.runs, runs + 1)
