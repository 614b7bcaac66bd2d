"""Controlled copies made by the queue (TASKS_BACKEND=database): the approval commits at
once, the page says "đang xử lý" until the worker has stored the copy, the revision takes
effect then, and whatever fails or stops on the way, the copy is rendered and stored once."""

import datetime as dt
import hashlib
import io
import zoneinfo

import time_machine
from django.core.management import call_command
from django.test import TransactionTestCase, override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from documents.models import CopyRendering, Revision
from documents.services import copies
from documents.services import revisions as flow
from qms.agencies.roles import Role
from qms.lib.jobs.models import DoneKey
from tests.documents.test_pdf import TempMediaMixin
from tests.documents.test_signing import PASSWORD, make_pkcs12
from tests.helpers import (
    DATABASE_TASKS,
    KeepsCatalogue,
    make_agency,
    make_document,
    make_user,
    run_worker,
)

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
S = Revision.Status
ISSUED = "Đã phát hành bản kiểm soát"  # the history reason, in Vietnamese


def copy_tasks():
    """The queued copy tasks (the approval's mails are queued beside them)."""
    return DBTaskResult.objects.filter(task_path__endswith=".controlled_copy_make")


@override_settings(TASKS=DATABASE_TASKS)
class QueuedCopyTests(KeepsCatalogue, TempMediaMixin, TransactionTestCase):
    def setUp(self):
        for stored in self.stored_files():  # each test counts its own copies
            stored.unlink()
        self.agency = make_agency("Sở Tư pháp")
        self.hung = make_user("Trần Văn Hùng", self.agency, [Role.DRAFTER])  # drafter
        self.mai = make_user("Lê Thị Mai", self.agency, [Role.REVIEWER])  # reviewer
        self.minh = make_user("Phạm Văn Minh", self.agency, [Role.APPROVER])  # approver
        self.lan = make_user("Nguyễn Thị Lan", self.agency, [Role.ISO_SECRETARY])  # secretary
        self.hoa = make_user("Đỗ Thị Hoa", self.agency, [Role.STAFF])  # staff
        self.quan = make_user("Vũ Minh Quân", self.agency, [Role.ADMIN])  # agency admin

    def approved(self, **approval) -> Revision:
        revision = make_document(self.agency, self.hung).revisions.get()
        flow.revision_update_content(
            revision=revision, by=self.hung, purpose="Mục đích", scope="Phạm vi", body="Nội dung"
        )
        flow.revision_submit(
            revision=revision, by=self.hung, reviewers=[self.mai], approver=self.minh
        )
        flow.revision_review_pass(revision=revision, by=self.mai)
        flow.revision_approve(revision=revision, by=self.minh, **approval)
        revision.refresh_from_db()
        return revision

    def assert_issued_once(self, revision: Revision) -> None:
        """One stored file, whose bytes are what the SHA-256 says, and one history row."""
        revision.refresh_from_db()
        self.assertEqual(len(self.stored_files()), 1)
        with revision.pdf_file.open("rb") as handle:
            self.assertEqual(hashlib.sha256(handle.read()).hexdigest(), revision.pdf_sha256)
        reasons = list(revision.history.values_list("history_change_reason", flat=True))
        self.assertEqual(reasons.count(ISSUED), 1, reasons)
        self.assertFalse(CopyRendering.objects.exists())

    def test_the_approval_commits_at_once_and_the_worker_makes_the_copy(self):
        revision = self.approved()
        self.assertEqual(revision.status, S.APPROVED)  # waits for its copy to take effect
        self.assertFalse(revision.pdf_file)
        self.assertEqual(CopyRendering.objects.get().status, CopyRendering.Status.QUEUED)
        self.assertEqual(copy_tasks().ready().count(), 1)

        self.client.force_login(self.hoa)
        page = self.client.get(reverse("documents:revision-detail", args=[revision.pk]))
        self.assertContains(page, "Bản kiểm soát đang được tạo (đang xử lý).")
        self.assertContains(page, 'aria-live="polite"')
        status_url = reverse("documents:revision-copy-status", args=[revision.pk])
        self.assertContains(page, f'data-poll-url="{status_url}"')
        self.assertContains(page, "qms/poll.js")
        self.assertNotContains(page, "Thử lại")

        run_worker()
        self.assert_issued_once(revision)
        revision.refresh_from_db()
        self.assertEqual(revision.status, S.EFFECTIVE)
        self.assertTrue(revision.verification_token)
        self.assertTrue(DoneKey.objects.filter(key=f"copy:{revision.pk}").exists())
        fragment = self.client.get(status_url)
        self.assertContains(fragment, "Bản kiểm soát đã được tạo xong.")
        self.assertNotContains(fragment, "data-poll-url")
        page = self.client.get(reverse("documents:revision-detail", args=[revision.pk]))
        self.assertNotContains(page, "đang xử lý")
        self.assertContains(page, revision.pdf_sha256)

    def test_the_daily_job_does_not_activate_an_issue_whose_copy_is_not_made(self):
        with time_machine.travel(dt.datetime(2027, 12, 31, 10, 0, tzinfo=VN), tick=False):
            revision = self.approved(effective_date=dt.date(2028, 1, 1))
        with time_machine.travel(dt.datetime(2028, 1, 1, 0, 5, tzinfo=VN), tick=False):
            call_command("activate_revisions", stdout=io.StringIO())
            revision.refresh_from_db()
            self.assertEqual(revision.status, S.APPROVED)
            run_worker()  # the copy made on its date: it takes effect with it
        revision.refresh_from_db()
        self.assertEqual(revision.status, S.EFFECTIVE)
        self.assert_issued_once(revision)

    def test_a_worker_killed_after_claiming_the_task_leaves_it_to_be_run_again_once(self):
        start = dt.datetime(2028, 2, 29, 9, 0, tzinfo=VN)
        with time_machine.travel(start, tick=False):
            revision = self.approved()
            # A worker claims the task and is killed before it renders anything.
            copy_tasks().get().claim("killed-worker")
            run_worker()
            self.assertFalse(Revision.objects.get(pk=revision.pk).pdf_file)
        with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
            call_command("requeue_stalled_tasks", stdout=io.StringIO())
            run_worker()
        self.assert_issued_once(revision)
        self.assertEqual(copy_tasks().get().worker_ids[0], "killed-worker")

    def test_a_task_run_again_after_its_copy_was_stored_renders_nothing(self):
        revision = self.approved()
        run_worker()
        self.assert_issued_once(revision)
        sha256 = Revision.objects.get(pk=revision.pk).pdf_sha256
        # The worker stored the copy and died before marking the task done.
        copy_tasks().update(status="READY")
        run_worker()
        self.assert_issued_once(revision)
        self.assertEqual(Revision.objects.get(pk=revision.pk).pdf_sha256, sha256)

    def test_a_render_that_fails_is_retried_and_the_copy_is_stored_once(self):
        start = dt.datetime(2028, 12, 31, 9, 0, tzinfo=VN)
        with time_machine.travel(start - dt.timedelta(days=2), tick=False):
            copies.certificate_upload(
                agency=self.agency,
                by=self.quan,
                pkcs12_file=io.BytesIO(make_pkcs12(days=1)),
                password=PASSWORD,
            )
        with time_machine.travel(start, tick=False):
            revision = self.approved()
            run_worker()  # signing fails: the certificate expired yesterday
        rendering = CopyRendering.objects.get()
        self.assertEqual((rendering.status, rendering.attempts), ("queued", 1))
        self.assertIn("30/12/2028", rendering.error)
        self.assertFalse(Revision.objects.get(pk=revision.pk).pdf_file)
        # The administrator turns signing off; the retry, a minute later, succeeds.
        copies.certificate_set_active(agency=self.agency, by=self.quan, active=False)
        with time_machine.travel(start + dt.timedelta(minutes=1), tick=False):
            run_worker()
        self.assert_issued_once(revision)
        revision.refresh_from_db()
        self.assertFalse(revision.pdf_signed)
        self.assertEqual(revision.status, S.EFFECTIVE)
        self.assertEqual(copy_tasks().failed().count(), 1)
        self.assertEqual(copy_tasks().successful().count(), 1)

    def test_after_the_last_attempt_the_page_says_why_and_the_secretary_tries_again(self):
        start = dt.datetime(2028, 6, 30, 9, 0, tzinfo=VN)
        with time_machine.travel(start - dt.timedelta(days=2), tick=False):
            copies.certificate_upload(
                agency=self.agency,
                by=self.quan,
                pkcs12_file=io.BytesIO(make_pkcs12(days=1)),
                password=PASSWORD,
            )
        with time_machine.travel(start, tick=False):
            revision = self.approved()
        for hour in range(0, 6):
            with time_machine.travel(start + dt.timedelta(hours=hour), tick=False):
                run_worker()
        rendering = CopyRendering.objects.get()
        self.assertEqual((rendering.status, rendering.attempts), ("failed", 5))
        detail = reverse("documents:revision-detail", args=[revision.pk])
        retry = reverse("documents:revision-copy-retry", args=[revision.pk])
        later = time_machine.travel(start + dt.timedelta(hours=7), tick=False)
        later.start()
        self.addCleanup(later.stop)

        self.client.force_login(self.hoa)  # staff read why, and cannot try again
        page = self.client.get(detail)
        self.assertContains(page, "Không tạo được bản kiểm soát sau 5 lần thử:")
        self.assertContains(page, "29/06/2028")
        self.assertNotContains(page, retry)
        self.assertEqual(self.client.post(retry).status_code, 403)

        self.client.force_login(self.lan)
        self.assertContains(self.client.get(detail), retry)
        copies.certificate_set_active(agency=self.agency, by=self.quan, active=False)
        response = self.client.post(retry)
        self.assertRedirects(response, detail)
        self.assertEqual(CopyRendering.objects.get().status, CopyRendering.Status.QUEUED)
        self.assertContains(self.client.get(detail), "đang xử lý")
        run_worker()
        self.assert_issued_once(revision)
        # Nothing is left to try again.
        response = self.client.post(retry, follow=True)
        self.assertContains(response, "không ở trạng thái chờ tạo")
