"""A large export with a worker (TASKS_BACKEND=database): asking for the audit trail as a
workbook gives its page at once, "đang xử lý", and the file once the worker has written it."""

import datetime as dt
import io
import zoneinfo
from pathlib import Path

import openpyxl
import time_machine
from django.core.management import call_command
from django.test import TransactionTestCase, override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from qms.agencies.roles import Role
from qms.lib.jobs.exports import export_write
from qms.lib.jobs.models import Export
from tests.audits.satisfaction_builders import give, make_survey
from tests.helpers import (
    DATABASE_TASKS,
    KeepsCatalogue,
    make_agency,
    make_document,
    make_user,
    run_worker,
)

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
IMMEDIATE = "django_tasks.backends.immediate.ImmediateBackend"


@override_settings(TASKS=DATABASE_TASKS)
class QueuedTrailExportTests(KeepsCatalogue, TransactionTestCase):
    def setUp(self):
        self.agency = make_agency("Sở Tư pháp")
        # Lan, ISO secretary of Sở Tư pháp, who reads its trail.
        self.lan = make_user("Nguyễn Thị Lan", self.agency, [Role.ISO_SECRETARY])
        # Bình, ISO secretary too, who did not ask for Lan's export.
        self.binh = make_user("Lý Văn Bình", self.agency, [Role.ISO_SECRETARY])
        make_document(self.agency, self.lan, "Quy trình kiểm soát tài liệu")

    def test_the_export_page_says_in_progress_then_offers_the_file(self):
        self.client.force_login(self.lan)
        response = self.client.get(reverse("trail-xlsx"))
        export = Export.objects.get()
        detail = reverse("export-detail", args=[export.pk])
        self.assertRedirects(response, detail)
        page = self.client.get(detail)
        self.assertContains(page, "đang xử lý")
        self.assertContains(page, 'aria-live="polite"')
        status = reverse("export-status", args=[export.pk])
        self.assertContains(page, f'data-poll-url="{status}"')
        self.assertEqual(self.client.get(reverse("export-file", args=[export.pk])).status_code, 404)

        run_worker()
        fragment = self.client.get(status)
        self.assertNotContains(fragment, "data-poll-url")
        self.assertContains(fragment, reverse("export-file", args=[export.pk]))
        download = self.client.get(reverse("export-file", args=[export.pk]))
        self.assertEqual(download.status_code, 200)
        workbook = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
        rows = list(workbook.active.iter_rows(values_only=True))
        self.assertGreater(len(rows), 1)
        self.assertTrue(any("Quy trình kiểm soát tài liệu" in str(row) for row in rows[1:]))

        # A task run again (its worker died after writing) writes nothing more.
        name = Export.objects.get().file.name
        DBTaskResult.objects.update(status="READY")
        run_worker()
        self.assertEqual(Export.objects.get().file.name, name)

    def test_only_the_person_who_asked_sees_the_export(self):
        self.client.force_login(self.lan)
        self.client.get(reverse("trail-xlsx"))
        run_worker()
        export = Export.objects.get()
        self.client.force_login(self.binh)
        for name in ("export-detail", "export-status", "export-file"):
            with self.subTest(name):
                response = self.client.get(reverse(name, args=[export.pk]))
                self.assertEqual(response.status_code, 404)

    def test_staff_cannot_ask_for_the_trail(self):
        hoa = make_user("Đỗ Thị Hoa", self.agency, [Role.STAFF])  # staff: no trail
        self.client.force_login(hoa)
        self.assertEqual(self.client.get(reverse("trail-xlsx")).status_code, 403)
        self.assertFalse(Export.objects.exists())

    def test_an_export_that_fails_says_why(self):
        export = Export.objects.create(owner=self.lan, name="nhat-ky.xlsx")

        def write(_output):
            raise OSError("No space left on device")

        with self.assertRaises(OSError):
            export_write(export.pk, write)
        self.client.force_login(self.lan)
        page = self.client.get(reverse("export-detail", args=[export.pk]))
        self.assertContains(page, "Không tạo được tệp: No space left on device")
        self.assertNotContains(page, "data-poll-url")

    def test_old_exports_are_deleted_with_their_files(self):
        with time_machine.travel(dt.datetime(2028, 1, 1, 9, 0, tzinfo=VN), tick=False):
            self.client.force_login(self.lan)
            self.client.get(reverse("trail-xlsx"))
            run_worker()
        old = Export.objects.get()
        path = Path(old.file.path)
        self.assertTrue(path.exists())
        with time_machine.travel(dt.datetime(2028, 1, 31, 9, 0, tzinfo=VN), tick=False):
            call_command("prune_jobs", "--days", "30", verbosity=0)
            self.assertTrue(Export.objects.exists())  # 30 days old: kept
        with time_machine.travel(dt.datetime(2028, 2, 1, 9, 1, tzinfo=VN), tick=False):
            call_command("prune_jobs", "--days", "30", verbosity=0)
        self.assertFalse(Export.objects.exists())
        self.assertFalse(path.exists())


@override_settings(TASKS=DATABASE_TASKS)
class QueuedSatisfactionExportTests(KeepsCatalogue, TransactionTestCase):
    """A year of citizen answers is a large register too: with a worker it is written by the
    queue, the same workbook as without one."""

    def setUp(self):
        self.agency = make_agency("UBND phường Xuân Hương")
        # Yến, ISO secretary of the ward, who reads the answers.
        self.yen = make_user("Bùi Thị Hải Yến", self.agency, [Role.ISO_SECRETARY, Role.STAFF])
        self.survey = make_survey(self.agency, self.yen)
        give(self.survey, 5, comment="Rất nhanh")
        give(self.survey, 1, 2, 2, 1, 1, comment="Chờ cả buổi sáng không ai tiếp")

    def rows(self, data: bytes) -> list[tuple]:
        workbook = openpyxl.load_workbook(io.BytesIO(data))
        return [list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets]

    def test_with_a_worker_the_export_is_the_workbook_made_without_one(self):
        self.client.force_login(self.yen)
        url = reverse("audits:satisfaction-export")
        with override_settings(TASKS={"default": {"BACKEND": IMMEDIATE}}):
            direct = self.client.get(url)
        self.assertFalse(Export.objects.exists())
        response = self.client.get(url)
        export = Export.objects.get()
        self.assertRedirects(response, reverse("export-detail", args=[export.pk]))
        self.assertContains(
            self.client.get(reverse("export-detail", args=[export.pk])), "đang xử lý"
        )
        run_worker()
        export.refresh_from_db()
        self.assertEqual(export.status, Export.Status.READY)
        self.assertTrue(export.name.startswith(f"khao-sat-{self.agency.code}-"))
        download = self.client.get(reverse("export-file", args=[export.pk]))
        queued = self.rows(b"".join(download.streaming_content))
        self.assertEqual(queued, self.rows(direct.content))
        self.assertTrue(any("Chờ cả buổi sáng không ai tiếp" in row for row in queued[1]))
