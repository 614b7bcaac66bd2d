"""The import as agencies bring their documents in: types and file names as people write
them, the choices the preview offers, what it shows of each Word file, and what the
confirmation stores."""

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils.translation import gettext

from documents.imports import ImportRow
from documents.imports.checking import MAX_ARCHIVE_FILES
from documents.imports.matching import code_tokens
from documents.models import Document, ExternalDocument, Revision
from documents.services.imports import documents_import
from qms.agencies.roles import Role
from tests.documents.test_import import ImportBase, make_xlsx, upload
from tests.documents.word_fixtures import (
    damaged_docx,
    doc97_bytes,
    form_docx,
    procedure_docx,
    truncated_docx,
    workbook_bytes,
    zip_not_word,
)
from tests.helpers import count_queries, make_document_type, make_user

LIMIT_DATE = datetime(2024, 3, 15)


def zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(f"Quy trinh ISO/{name}", data)
    return out.getvalue()


class StructuredImportBase(ImportBase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.procedure.name = "Quy trình"
        cls.procedure.save()
        cls.form_type.name = "Biểu mẫu"
        cls.form_type.save()
        cls.manual = make_document_type(cls.agency, kind="manual", prefix="STCL")
        cls.manual.name = "Sổ tay chất lượng"
        cls.manual.save()
        cls.tthc = ExternalDocument.objects.create(
            agency=cls.agency,
            kind=ExternalDocument.Kind.PROCEDURE,
            number="1.001193",
            title="Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
            time_limit_days=Decimal("10"),
        )
        # Yến, approver of Sở Tư pháp: reads everything, imports nothing.
        cls.yen = make_user("Phạm Thị Yến", cls.agency, [Role.APPROVER])

    def stage(self, rows, files: dict[str, bytes] | None = None, *, archive=None) -> str:
        before = set(self.staged_batches())
        data = {"spreadsheet": upload("danh-muc.xlsx", make_xlsx(rows))}
        if files:
            data["documents"] = [upload(name, content) for name, content in files.items()]
        if archive is not None:
            data["archive"] = upload("tai-lieu.zip", archive)
        response = self.client.post(reverse("documents:import"), data)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        return (set(self.staged_batches()) - before).pop()

    def preview(self, batch: str):
        response = self.client.get(self.preview_url(batch))
        self.assertEqual(response.status_code, 200)
        return response.context["preview"]

    def rows_by_code(self, batch: str) -> dict:
        return {row.code: row for row in self.preview(batch).rows}

    def confirm(self, batch: str, **data):
        return self.client.post(reverse("documents:import-confirm"), {"batch": batch, **data})


def procedure_row(code="QT-04", title="Quy trình cấp phiếu lý lịch tư pháp", kind="Quy trình"):
    return [code, title, kind, "03", "15/03/2024"]


def form_row(code="BM-01-QT-04", title="Phiếu tiếp nhận hồ sơ và hẹn trả kết quả"):
    return [code, title, "Biểu mẫu", 1, LIMIT_DATE]


class MatchingAsPeopleWriteTests(StructuredImportBase):
    def test_the_type_is_read_from_its_name_or_prefix_without_case_or_diacritics(self):
        self.client.force_login(self.lan)
        rows = [
            ["QT-01", "Quy trình kiểm soát tài liệu", "Quy trình", 1, LIMIT_DATE],
            ["QT-02", "Quy trình kiểm soát hồ sơ", "quy trinh", 1, LIMIT_DATE],
            ["QT-03", "Quy trình đánh giá nội bộ", "qt", 1, LIMIT_DATE],
            ["BM-01", "Phiếu yêu cầu", "BIỂU MẪU", 1, LIMIT_DATE],
            ["STCL", "Sổ tay chất lượng", "Sổ tay chất lượng", 1, LIMIT_DATE],
            ["HD-01", "Hướng dẫn", "Hướng dẫn", 1, LIMIT_DATE],
        ]
        files = {f"{row[0]}.docx": form_docx(row[0], row[1]) for row in rows}
        rows_seen = self.rows_by_code(self.stage(rows, files))
        types = {code: row.document_type for code, row in rows_seen.items()}
        self.assertEqual(types["QT-01"], self.procedure)
        self.assertEqual(types["QT-02"], self.procedure)
        self.assertEqual(types["QT-03"], self.procedure)
        self.assertEqual(types["BM-01"], self.form_type)
        self.assertEqual(types["STCL"], self.manual)
        self.assertIsNone(types["HD-01"])
        self.assertEqual(len(rows_seen["HD-01"].errors), 1)

    def test_a_file_named_with_its_code_and_title_matches_its_row(self):
        self.client.force_login(self.lan)
        rows = [
            ["QT-1", "Quy trình kiểm soát tài liệu", "QT", 1, LIMIT_DATE],
            ["QT-10", "Quy trình xử lý khiếu nại", "QT", 1, LIMIT_DATE],
            procedure_row(),
            form_row(),
        ]
        files = {
            "QT-1 Kiem soat tai lieu.docx": form_docx("QT-1", "Kiểm soát tài liệu"),
            "qt_10-xu-ly-khieu-nai.docx": form_docx("QT-10", "Xử lý khiếu nại"),
            "QT-04 Cấp phiếu lý lịch tư pháp.docx": procedure_docx(),
            "bm 01 qt 04.DOCX": form_docx(),
        }
        preview = self.preview(self.stage(rows, files))
        names = {row.code: row.file_name for row in preview.rows}
        self.assertEqual(names["QT-1"], "QT-1 Kiem soat tai lieu.docx")
        self.assertEqual(names["QT-10"], "qt_10-xu-ly-khieu-nai.docx")
        self.assertEqual(names["QT-04"], "QT-04 Cấp phiếu lý lịch tư pháp.docx")
        # The longest code wins: the form's file holds QT-04 too.
        self.assertEqual(names["BM-01-QT-04"], "bm 01 qt 04.DOCX")
        self.assertEqual(preview.choices, [])
        self.assertEqual(len(preview.ok_rows), 4)

    def test_codes_match_word_by_word(self):
        self.assertEqual(code_tokens("QT-04 Kiem soat.docx")[:2], code_tokens("qt_4"))
        self.assertNotEqual(code_tokens("QT-1"), code_tokens("QT-10"))

    def test_a_file_without_a_row_or_with_a_rival_waits_for_a_choice_kept_with_the_batch(self):
        self.client.force_login(self.lan)
        rows = [procedure_row(), form_row()]
        files = {
            "QT-04.docx": procedure_docx(),
            "QT-04 (ban cu).docx": procedure_docx(issue="02"),
            "Phieu tiep nhan.docx": form_docx(),
        }
        batch = self.stage(rows, files)
        preview = self.preview(batch)
        by_name = {choice.entry["name"]: choice for choice in preview.choices}
        self.assertEqual(set(by_name), set(files))
        procedure, form = preview.rows
        self.assertFalse(procedure.ok)
        self.assertIn("QT-04.docx", procedure.errors[0])
        self.assertFalse(form.ok)
        self.assertIn(form.line, [line for line, _label in by_name["Phieu tiep nhan.docx"].options])
        page = self.client.get(self.preview_url(batch)).content.decode()
        self.assertIn(f'name="{by_name["QT-04.docx"].field_name}"', page)

        response = self.client.post(
            reverse("documents:import-choose"),
            {
                "batch": batch,
                by_name["QT-04.docx"].field_name: procedure.line,
                by_name["QT-04 (ban cu).docx"].field_name: 0,
                by_name["Phieu tiep nhan.docx"].field_name: form.line,
            },
        )
        self.assertRedirects(response, self.preview_url(batch))
        preview = self.preview(batch)
        self.assertEqual([row.errors for row in preview.rows], [[], []])
        self.assertEqual(preview.rows[0].file_name, "QT-04.docx")
        self.assertEqual(preview.unused_files, ["QT-04 (ban cu).docx"])

        self.confirm(batch)
        revision = Document.objects.get(code="QT-04").effective_revision
        self.assertEqual(revision.source_name, "QT-04.docx")
        self.assertEqual(Document.objects.get(code="BM-01-QT-04").parent.code, "QT-04")


class NewIssueTests(StructuredImportBase):
    def import_issue_two(self):
        documents_import(
            agency=self.agency,
            by=self.lan,
            rows=[
                ImportRow(
                    code="QT-04",
                    title="Quy trình cấp phiếu lý lịch tư pháp",
                    document_type=self.procedure,
                    issue_number=2,
                    issued_on=date(2022, 6, 2),
                    file_name="QT-04.docx",
                    file_data=procedure_docx(issue="02", issued_on="02/06/2022"),
                    body="Quy trình cấp phiếu lý lịch tư pháp",
                )
            ],
        )
        return Document.objects.get(code="QT-04")

    def test_a_later_issue_of_a_registered_document_supersedes_its_effective_issue(self):
        document = self.import_issue_two()
        old = document.effective_revision
        self.client.force_login(self.lan)
        batch = self.stage([procedure_row()], {"QT-04 Cap phieu LLTP.docx": procedure_docx()})
        row = self.preview(batch).rows[0]
        self.assertEqual((row.ok, row.action, row.existing["pk"]), (True, "new_issue", document.pk))
        self.confirm(batch)
        document.refresh_from_db()
        old.refresh_from_db()
        new = document.effective_revision
        self.assertEqual((new.number, new.status), (3, Revision.Status.EFFECTIVE))
        self.assertEqual(new.effective_date, date(2024, 3, 15))
        self.assertEqual(
            (old.status, old.ended_on), (Revision.Status.SUPERSEDED, date(2024, 3, 15))
        )
        self.assertEqual(
            old.history.latest().history_change_reason,
            gettext("Superseded by issue %(number)s") % {"number": "03"},
        )
        self.assertEqual(Document.objects.filter(code="QT-04").count(), 1)
        self.assertEqual(new.steps.count(), 8)

    def test_an_earlier_or_equal_issue_or_a_revision_in_progress_is_reported_not_applied(self):
        document = self.import_issue_two()
        self.client.force_login(self.lan)
        row = ["QT-04", "Quy trình cấp phiếu lý lịch tư pháp", "QT", 2, "02/06/2022"]
        batch = self.stage([row], {"QT-04.docx": procedure_docx(issue="02")})
        self.assertFalse(self.preview(batch).rows[0].ok)
        Revision.objects.create(document=document, number=3, drafted_by=self.lan)
        batch = self.stage([procedure_row()], {"QT-04.docx": procedure_docx()})
        self.assertFalse(self.preview(batch).rows[0].ok)
        self.confirm(batch)
        document.refresh_from_db()
        self.assertEqual(document.effective_revision.number, 2)


class PreviewFiguresTests(StructuredImportBase):
    def test_the_preview_shows_what_each_file_says(self):
        # BM-02-QT-04 is already in the register; BM-01-QT-04 comes in this import.
        documents_import(
            agency=self.agency,
            by=self.lan,
            rows=[
                ImportRow(
                    code="BM-02-QT-04",
                    title="Phiếu tra cứu",
                    document_type=self.form_type,
                    issue_number=1,
                    issued_on=date(2020, 1, 10),
                    file_name="BM-02-QT-04.docx",
                    file_data=form_docx("BM-02-QT-04", "PHIẾU TRA CỨU"),
                )
            ],
        )
        self.client.force_login(self.lan)
        rows = [
            ["QT-04", "Quy trình cấp phiếu lý lịch tư pháp", "QT", 2, "15/03/2024"],
            form_row(),
        ]
        files = {"QT-04.docx": procedure_docx(), "BM-01-QT-04.docx": form_docx()}
        batch = self.stage(rows, files)
        row = self.rows_by_code(batch)["QT-04"]
        found = row.understood
        self.assertEqual(found.structure.steps_total_days, Decimal("10"))
        self.assertEqual(found.structure.legal_limit_days, Decimal("10"))
        self.assertEqual(found.mismatches, [])
        self.assertTrue(found.tthc_registered)
        self.assertEqual(
            [(form.code, form.status) for form in found.forms],
            [("BM-01-QT-04", "batch"), ("BM-02-QT-04", "register"), ("BM-03-QT-04", "missing")],
        )
        self.assertEqual([rule for _record, rule in found.records][1], gettext("Permanent"))
        self.assertEqual(len(found.structure.history), 3)
        # The file says issue 03; the list says 2.
        self.assertEqual(len(found.disagreements), 1)
        self.assertIn("03", found.disagreements[0].replace(" 3;", " 03;"))
        page = self.client.get(self.preview_url(batch)).content.decode()
        self.assertIn("Tra cứu thông tin trong cơ sở dữ liệu lý lịch tư pháp", page)
        self.assertIn("Đến khi có bản thay thế", page)

    def test_steps_over_the_legal_limit_are_flagged(self):
        self.client.force_login(self.lan)
        steps = [
            ("Tiếp nhận hồ sơ", "Bộ phận Một cửa", "02 ngày làm việc", ""),
            ("Thẩm định hồ sơ", "Phòng HCTP", "10 ngày làm việc", ""),
        ]
        data = procedure_docx(steps=steps, total="Tổng cộng: 10 ngày làm việc")
        batch = self.stage([procedure_row()], {"QT-04.docx": data})
        found = self.rows_by_code(batch)["QT-04"].understood
        self.assertEqual(found.structure.steps_total_days, Decimal("12"))
        self.assertEqual(len(found.mismatches), 2)

    def test_confirm_stores_the_structure_links_forms_and_the_tthc(self):
        self.client.force_login(self.lan)
        original = procedure_docx()
        batch = self.stage(
            [procedure_row(), form_row()],
            {"QT-04.docx": original, "BM-01-QT-04.docx": form_docx()},
        )
        self.confirm(batch)
        procedure = Document.objects.get(code="QT-04")
        form = Document.objects.get(code="BM-01-QT-04")
        revision = procedure.effective_revision
        self.assertEqual(procedure.administrative_procedure, self.tthc)
        self.assertEqual(form.parent, procedure)
        self.assertEqual(list(revision.forms.all()), [form])
        self.assertEqual(revision.steps.count(), 8)
        self.assertEqual(revision.records.count(), 4)
        with revision.source_file.open("rb") as stored:
            self.assertEqual(stored.read(), original)

    def test_a_row_imported_as_its_file_only_has_no_steps(self):
        self.client.force_login(self.lan)
        batch = self.stage([procedure_row()], {"QT-04.docx": procedure_docx()})
        line = self.preview(batch).rows[0].line
        self.confirm(batch, choices="1", file_only=[line])
        revision = Document.objects.get(code="QT-04").effective_revision
        self.assertEqual(revision.steps.count(), 0)
        self.assertIn("Tra cứu thông tin", revision.body)
        self.assertEqual(revision.source_name, "QT-04.docx")

    def test_the_preview_query_count_does_not_grow_with_rows(self):
        self.client.force_login(self.lan)

        def batch_of(count: int) -> str:
            rows = [procedure_row(code=f"QT-{n:02}") for n in range(1, count + 1)]
            files = {
                f"QT-{n:02} Quy trinh.docx": procedure_docx(code=f"QT-{n:02}")
                for n in range(1, count + 1)
            }
            return self.stage(rows, files)

        few, many = batch_of(3), batch_of(30)
        self.client.get(self.preview_url(few))  # the structures are read and kept
        self.client.get(self.preview_url(many))
        self.assertEqual(
            count_queries(lambda: self.client.get(self.preview_url(few))),
            count_queries(lambda: self.client.get(self.preview_url(many))),
        )


class BadInputTests(StructuredImportBase):
    def test_files_that_are_not_word_documents_are_marked_on_their_rows(self):
        self.client.force_login(self.lan)
        bad = {
            "QT-11": damaged_docx(),
            "QT-12": doc97_bytes(),
            "QT-13": workbook_bytes(),
            "QT-14": zip_not_word(),
            "QT-15": truncated_docx(),
        }
        rows = [procedure_row(code=code) for code in bad] + [procedure_row()]
        files = {f"{code}.docx": data for code, data in bad.items()}
        files["QT-04.docx"] = procedure_docx()
        rows_seen = self.rows_by_code(self.stage(rows, files))
        for code in bad:
            self.assertEqual(len(rows_seen[code].errors), 1, code)
        self.assertTrue(rows_seen["QT-04"].ok)
        self.assertEqual(len(rows_seen["QT-04"].structure.steps), 8)

    def test_odd_tables_and_dates_are_warnings_never_errors(self):
        self.client.force_login(self.lan)
        quirks = {
            "QT-21": {"merged_step_cell": True},
            "QT-22": {"missing_step_cell": True},
            "QT-23": {"steps": [("Tiếp nhận hồ sơ", "Một cửa", "vài hôm", "")]},
            "QT-24": {"issued_on": "31/02/2024"},
        }
        rows = [procedure_row(code=code) for code in quirks]
        files = {
            f"{code}.docx": procedure_docx(code=code, **extra) for code, extra in quirks.items()
        }
        batch = self.stage(rows, files)
        response = self.client.get(self.preview_url(batch))
        self.assertEqual(response.status_code, 200)
        for row in response.context["preview"].rows:
            self.assertTrue(row.ok, row.errors)
            self.assertTrue(row.structure.warnings, row.code)

    def test_a_zip_brings_many_files_and_a_zip_bomb_is_refused_before_reading(self):
        self.client.force_login(self.lan)
        batch = self.stage(
            [procedure_row(), form_row()],
            archive=zipped({"QT-04.docx": procedure_docx(), "BM-01-QT-04.docx": form_docx()}),
        )
        self.assertEqual(len(self.preview(batch).ok_rows), 2)

        bomb = io.BytesIO()
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("QT-04.docx", b"\0" * (210 * 1024 * 1024))
        response = self.client.post(
            reverse("documents:import"),
            {
                "spreadsheet": upload("danh-muc.xlsx", make_xlsx([procedure_row()])),
                "archive": upload("bom.zip", bomb.getvalue()),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("archive", response.context["form"].errors)

    def test_more_files_than_the_limit_are_refused(self):
        self.client.force_login(self.lan)
        crowded = io.BytesIO()
        with zipfile.ZipFile(crowded, "w") as archive:
            for n in range(MAX_ARCHIVE_FILES + 1):
                archive.writestr(f"QT-{n}.docx", b"PK")
        response = self.client.post(
            reverse("documents:import"),
            {
                "spreadsheet": upload("danh-muc.xlsx", make_xlsx([procedure_row()])),
                "archive": upload("nhieu.zip", crowded.getvalue()),
            },
        )
        self.assertIn("archive", response.context["form"].errors)
        self.assertEqual(self.staged_batches(), [])

    @override_settings(UPLOAD_MAX_BYTES=20_000)
    def test_a_file_over_the_size_limit_in_a_zip_is_marked_on_its_row(self):
        self.client.force_login(self.lan)
        batch = self.stage([procedure_row()], archive=zipped({"QT-04.docx": procedure_docx()}))
        self.assertFalse(self.preview(batch).rows[0].ok)


class ImportPermissionTests(StructuredImportBase):
    def test_a_read_only_role_and_another_agency_change_nothing(self):
        self.client.force_login(self.lan)
        batch = self.stage([procedure_row()], {"QT-04.docx": procedure_docx()})
        for person in (self.yen, self.hoa):
            self.client.force_login(person)
            self.assertEqual(self.client.get(self.preview_url(batch)).status_code, 403)
            response = self.client.post(reverse("documents:import-choose"), {"batch": batch})
            self.assertEqual(response.status_code, 403)
            self.assertEqual(self.confirm(batch).status_code, 403)
        self.client.force_login(self.tuan)
        gone = reverse("documents:import")
        self.assertRedirects(self.client.get(self.preview_url(batch)), gone)
        self.assertRedirects(
            self.client.post(reverse("documents:import-choose"), {"batch": batch}), gone
        )
        self.assertRedirects(self.confirm(batch), gone)
        self.assertFalse(Document.objects.exists())
        self.assertEqual(self.staged_batches(), [batch])

    def test_the_import_is_all_or_nothing(self):
        self.client.force_login(self.lan)
        row = ImportRow(
            code="QT-04",
            title="Quy trình cấp phiếu lý lịch tư pháp",
            document_type=self.procedure,
            issue_number=3,
            issued_on=date(2024, 3, 15),
            file_name="QT-04.docx",
            file_data=procedure_docx(),
        )
        bad = ImportRow(**{**row.__dict__, "code": "QT-05", "file_data": b"%PDF-1.7"})
        with self.assertRaises(ValidationError) as raised:
            documents_import(agency=self.agency, by=self.lan, rows=[row, bad])
        self.assertIn("QT-05", raised.exception.messages[0])
        self.assertFalse(Document.objects.exists())
        self.assertFalse(Revision.objects.exists())
