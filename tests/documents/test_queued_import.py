"""A confirmed import with a worker (TASKS_BACKEND=database) runs in the queue: the import
page says "đang xử lý" until the worker is done, then shows the result."""

import shutil
import tempfile
from datetime import datetime

from django.core.management import call_command
from django.test import TransactionTestCase, override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from documents.models import Document
from qms.agencies.roles import Role
from tests.documents.test_import import make_docx, make_xlsx, upload
from tests.helpers import (
    DATABASE_TASKS,
    KeepsCatalogue,
    make_agency,
    make_document,
    make_document_type,
    make_user,
    run_worker,
)


@override_settings(TASKS=DATABASE_TASKS)
class QueuedImportTests(KeepsCatalogue, TransactionTestCase):
    def setUp(self):
        media = tempfile.mkdtemp(prefix="qms-queued-import-")
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        override = override_settings(MEDIA_ROOT=media)
        override.enable()
        self.addCleanup(override.disable)
        self.agency = make_agency("Sở Tư pháp")
        make_document_type(self.agency, prefix="QT")
        make_document_type(self.agency, kind="form", prefix="BM")
        # Lan, ISO secretary of Sở Tư pháp, who brings the paper procedures in.
        self.lan = make_user("Nguyễn Thị Lan", self.agency, [Role.ISO_SECRETARY])
        self.client.force_login(self.lan)

    def confirm(self, rows, files) -> str:
        response = self.client.post(
            reverse("documents:import"),
            {
                "spreadsheet": upload("danh-muc.xlsx", make_xlsx(rows)),
                "documents": [upload(name, data) for name, data in files.items()],
            },
        )
        batch = response.url.partition("batch=")[2]
        response = self.client.post(reverse("documents:import-confirm"), {"batch": batch})
        self.assertRedirects(response, reverse("documents:import"), fetch_redirect_response=False)
        return batch

    def test_the_page_says_in_progress_then_shows_the_result(self):
        self.confirm(
            [
                ["QT-01", "Quy trình kiểm soát tài liệu", "QT", 2, datetime(2019, 3, 15)],
                ["BM-01.02", "Phiếu yêu cầu sửa đổi", "BM", "01", "01/07/2020"],
            ],
            {
                "QT-01.docx": make_docx("Quy trình kiểm soát tài liệu", "1. Mục đích: thống nhất"),
                "bm 01.02.docx": make_docx("Phiếu yêu cầu sửa đổi tài liệu"),
            },
        )
        self.assertFalse(Document.objects.exists())  # nothing before the worker runs
        page = self.client.get(reverse("documents:import"))
        self.assertContains(page, "đang xử lý")
        self.assertContains(page, 'aria-live="polite"')
        status = reverse("documents:import-status")
        self.assertContains(page, f'data-poll-url="{status}"')
        self.assertContains(self.client.get(status), f'data-poll-url="{status}"')

        run_worker()
        fragment = self.client.get(status)
        self.assertNotContains(fragment, "data-poll-url")
        page = self.client.get(reverse("documents:import"))
        self.assertNotContains(page, "đang xử lý")
        codes = [code for _pk, code, _title in page.context["report"]["created"]]
        self.assertEqual(codes, ["QT-01", "BM-01.02"])
        document = Document.objects.get(code="QT-01")
        self.assertTrue(document.effective_revision.pdf_file)
        # The result is shown once; the staged files are gone.
        self.assertIsNone(self.client.get(reverse("documents:import")).context["report"])

    def test_an_import_refused_says_why_and_leads_back_to_its_preview(self):
        batch = self.confirm(
            [["QT-01", "Quy trình kiểm soát tài liệu", "QT", 2, datetime(2019, 3, 15)]],
            {"QT-01.docx": make_docx("Quy trình kiểm soát tài liệu")},
        )
        # Registered by someone else between the confirmation and the worker's run.
        make_document(self.agency, self.lan, "Quy trình đã có", code="QT-01")
        run_worker()
        page = self.client.get(reverse("documents:import"))
        self.assertContains(page, "QT-01")
        self.assertContains(page, f"?batch={batch}")
        self.assertEqual(Document.objects.count(), 1)

    def test_an_import_run_again_after_its_commit_imports_nothing_twice(self):
        self.confirm(
            [["QT-01", "Quy trình kiểm soát tài liệu", "QT", 2, datetime(2019, 3, 15)]],
            {"QT-01.docx": make_docx("Quy trình kiểm soát tài liệu")},
        )
        run_worker()
        # The worker died after the import committed, before marking its task done.
        DBTaskResult.objects.update(status="READY")
        call_command("requeue_stalled_tasks", verbosity=0)
        run_worker()
        self.assertEqual(Document.objects.filter(code="QT-01").count(), 1)
        page = self.client.get(reverse("documents:import"))
        self.assertContains(page, "không còn")  # the batch is gone: nothing to import
