"""Imported issues are first-class: a review date counted from the import, a controlled PDF
rendered at import (or, without one, a page that says it is a paper issue instead of a broken
link), and a code in the file that differs from the list flagged in the preview."""

import hashlib
from datetime import date

import time_machine
from django.urls import reverse
from django.utils.translation import gettext

from documents.imports import ImportRow
from documents.models import Document
from documents.services.imports import documents_import
from tests.documents.test_import_structured import StructuredImportBase, procedure_row
from tests.documents.test_pdf import pdf_text
from tests.documents.word_fixtures import procedure_docx

# "Bản giấy – chưa có bản điện tử kiểm soát"
PAPER_LABEL = gettext("Paper issue – no controlled electronic copy yet")


class ImportedIssueTests(StructuredImportBase):
    def import_procedure(self, *, render_copies: bool = True, structured: bool = True):
        data = procedure_docx()
        row = ImportRow(
            code="QT-04",
            title="Quy trình cấp phiếu lý lịch tư pháp",
            document_type=self.procedure,
            issue_number=3,
            issued_on=date(2024, 3, 15),
            file_name="QT-04.docx",
            file_data=data,
            structure=self.structure_of(data) if structured else None,
            body="" if structured else "Quy trình cấp phiếu lý lịch tư pháp",
        )
        documents_import(agency=self.agency, by=self.lan, rows=[row], render_copies=render_copies)
        return Document.objects.select_related("effective_revision").get(code="QT-04")

    def structure_of(self, data: bytes):
        from documents.imports.structures import structures_read

        return structures_read([data])[0]

    def test_the_next_review_is_counted_from_the_import_day(self):
        for today, due in (
            (date(2027, 1, 1), date(2028, 1, 1)),
            (date(2026, 12, 31), date(2027, 12, 31)),
        ):
            with (
                self.subTest(today=today),
                time_machine.travel(f"{today} 09:00 +07:00", tick=False),
            ):
                document = self.import_procedure(render_copies=False)
                # Issued on paper in March 2024, yet not overdue on arrival.
                self.assertEqual(document.effective_revision.effective_date, date(2024, 3, 15))
                self.assertEqual(document.review_due, due)
                Document.objects.filter(pk=document.pk).update(effective_revision=None)
                document.revisions.all().delete()
                document.delete()

    def test_an_imported_issue_gets_a_controlled_pdf_that_verifies(self):
        document = self.import_procedure()
        revision = document.effective_revision
        self.assertTrue(revision.pdf_file)
        with revision.pdf_file.open("rb") as stored:
            data = stored.read()
        self.assertTrue(data.startswith(b"%PDF"))
        self.assertEqual(hashlib.sha256(data).hexdigest(), revision.pdf_sha256)
        verify = self.client.get(reverse("verify", args=[revision.verification_token]))
        self.assertEqual(verify.status_code, 200)
        self.assertContains(verify, "QT-04")
        self.client.force_login(self.lan)
        page = self.client.get(reverse("documents:revision-detail", args=[revision.pk]))
        self.assertContains(page, reverse("documents:revision-pdf", args=[revision.pk]))
        self.assertNotContains(page, PAPER_LABEL)
        pdf = self.client.get(reverse("documents:revision-pdf", args=[revision.pk]))
        self.assertEqual(pdf.status_code, 200)
        # The signature table is the paper's: who drafted and reviewed it before the system,
        # never the secretary who brought it in.
        text = " ".join(pdf_text(data).split())
        self.assertIn("Nguyễn Thị Thu Hà", text)
        self.assertIn("Trần Văn Bình", text)
        self.assertNotIn(self.lan.full_name, text)

    def test_a_file_only_issue_is_framed_from_its_word_file(self):
        revision = self.import_procedure(structured=False).effective_revision
        self.assertTrue(revision.pdf_file)
        self.assertEqual(len(revision.pdf_sha256), 64)

    def test_without_a_copy_the_pages_say_paper_issue_and_link_no_pdf(self):
        document = self.import_procedure(render_copies=False)
        revision = document.effective_revision
        self.assertFalse(revision.pdf_file)
        self.client.force_login(self.lan)
        page = self.client.get(reverse("documents:revision-detail", args=[revision.pk]))
        self.assertContains(page, PAPER_LABEL)
        self.assertNotContains(page, reverse("documents:revision-pdf", args=[revision.pk]))
        self.client.logout()
        # The portal publishes controlled copies only: a paper issue is not listed there, and
        # its copy address answers 404 rather than a broken file.
        copy_url = reverse("portal:copy", args=[self.agency.code, revision.pk])
        self.assertEqual(self.client.get(copy_url).status_code, 404)
        self.assertEqual(
            self.client.get(reverse("portal:agency", args=[self.agency.code])).status_code, 404
        )


class ImportPreviewCodeTests(StructuredImportBase):
    def test_a_code_in_the_file_that_differs_from_the_list_is_flagged(self):
        self.client.force_login(self.lan)
        batch = self.stage([procedure_row(code="QT-07")], {"QT-07.docx": procedure_docx()})
        row = self.rows_by_code(batch)["QT-07"]
        self.assertIn("QT-04", " ".join(row.understood.disagreements))
        page = self.client.get(self.preview_url(batch))
        self.assertContains(page, "QT-04")
        self.assertTrue(row.ok)  # the list wins: flagged, not refused
