"""The daily jobs run under a lease: two machines whose cron both start one run it once, and a
machine that dies during a job holds it up until its lease expires, no longer."""

import datetime as dt
import threading
import zoneinfo
from io import StringIO

import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.test import TestCase, TransactionTestCase, override_settings
from django_tasks_db.models import DBTaskResult

from documents.models import Revision
from documents.services import revisions as flow
from qms.agencies.roles import Role
from qms.lib.commands import DailyJobCommand
from qms.lib.jobs.leases import lease_take
from qms.lib.jobs.models import Lease
from tests.helpers import (
    DATABASE_TASKS,
    KeepsCatalogue,
    make_agency,
    make_document,
    make_user,
    run_worker,
)

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
DAILY_JOBS = [
    "activate_revisions",
    "remind_actions",
    "remind_audits",
    "remind_supervision",
    "remind_annual_reports",
    "rebuild_status",
]
# The eves of the year's edges, and the morning after each.
EVES = [
    dt.datetime(2027, 12, 31, 10, 0, tzinfo=VN),
    dt.datetime(2028, 2, 28, 10, 0, tzinfo=VN),
    dt.datetime(2028, 2, 29, 10, 0, tzinfo=VN),
]


def run(name: str) -> str:
    out = StringIO()
    call_command(name, stdout=out)
    return out.getvalue()


class ApprovedForTomorrow:
    """Personas of one agency, and an issue approved on an eve to take effect the next day."""

    @classmethod
    def setUpTestData(cls):
        cls.make_cast(cls)

    @staticmethod
    def make_cast(holder) -> None:
        """The personas, set on a test class (setUpTestData) or a test (setUp)."""
        holder.agency = make_agency("Sở Tư pháp")
        holder.hung = make_user("Trần Văn Hùng", holder.agency, [Role.DRAFTER])  # drafter
        holder.mai = make_user("Lê Thị Mai", holder.agency, [Role.REVIEWER])  # reviewer
        holder.minh = make_user("Phạm Văn Minh", holder.agency, [Role.APPROVER])  # approver

    def approved_for_tomorrow(self, eve: dt.datetime) -> Revision:
        with time_machine.travel(eve, tick=False):
            revision = make_document(self.agency, self.hung).revisions.get()
            flow.revision_update_content(revision=revision, by=self.hung, body="Nội dung")
            flow.revision_submit(
                revision=revision, by=self.hung, reviewers=[self.mai], approver=self.minh
            )
            flow.revision_review_pass(revision=revision, by=self.mai)
            return flow.revision_approve(
                revision=revision, by=self.minh, effective_date=eve.date() + dt.timedelta(days=1)
            )


class DailyJobLeaseTests(ApprovedForTomorrow, TestCase):
    def test_every_daily_job_is_a_daily_job_command(self):
        from django.core.management import get_commands, load_command_class

        for name in DAILY_JOBS:
            with self.subTest(name):
                self.assertIsInstance(
                    load_command_class(get_commands()[name], name), DailyJobCommand
                )

    def test_a_job_held_by_another_machine_does_nothing_here(self):
        for eve in EVES:
            revision = self.approved_for_tomorrow(eve)
            with (
                self.subTest(eve.date()),
                time_machine.travel(eve + dt.timedelta(hours=14, minutes=5), tick=False),
            ):
                lease_take(name="daily:activate_revisions", holder="may-2", seconds=3600)
                output = run("activate_revisions")
                self.assertIn("activate_revisions", output)
                revision.refresh_from_db()
                self.assertEqual(revision.status, Revision.Status.APPROVED)
                Lease.objects.all().delete()

    def test_a_finished_run_releases_the_lease(self):
        for eve in EVES:
            revision = self.approved_for_tomorrow(eve)
            with (
                self.subTest(eve.date()),
                time_machine.travel(eve + dt.timedelta(hours=14, minutes=5), tick=False),
            ):
                self.assertIn("1", run("activate_revisions"))
                revision.refresh_from_db()
                self.assertEqual(revision.status, Revision.Status.EFFECTIVE)
                self.assertFalse(Lease.objects.exists())

    def test_the_lease_of_a_machine_that_died_mid_job_expires_and_the_next_tick_runs(self):
        for eve in EVES:
            revision = self.approved_for_tomorrow(eve)
            morning = eve + dt.timedelta(hours=14, minutes=5)  # 00:05 the next day
            with self.subTest(eve.date()):
                with time_machine.travel(morning, tick=False):
                    # The machine died during its run: its lease stays behind.
                    lease_take(name="daily:activate_revisions", holder="dead", seconds=2 * 3600)
                    self.assertIn("máy khác", run("activate_revisions"))
                with time_machine.travel(morning + dt.timedelta(days=1), tick=False):
                    self.assertIn("1", run("activate_revisions"))
                revision.refresh_from_db()
                self.assertEqual(revision.status, Revision.Status.EFFECTIVE)
                self.assertFalse(Lease.objects.exists())

    def test_a_job_that_fails_releases_its_lease(self):
        with self.assertRaises(RuntimeError):
            call_command(FailingJob(), stdout=StringIO())
        self.assertFalse(Lease.objects.exists())


class FailingJob(DailyJobCommand):
    help = "A job that fails."

    def run_job(self, *args, **options):
        raise RuntimeError("the job failed")


# A job that waits, while it runs, until the test lets it finish.
running = threading.Event()
finish = threading.Event()
RUNS: list[int] = []


class HeldJob(DailyJobCommand):
    help = "A job that runs until told to finish."

    def run_job(self, *args, **options):
        RUNS.append(1)
        running.set()
        finish.wait(timeout=20)


class ConcurrentDailyJobTests(KeepsCatalogue, TransactionTestCase):
    """Two machines start the job at the same tick, each with its own connection."""

    def test_of_two_machines_starting_the_job_one_runs_it(self):
        RUNS.clear()
        running.clear()
        finish.clear()
        outputs: dict[str, str] = {}

        def machine(label):
            out = StringIO()
            try:
                call_command(HeldJob(), stdout=out)
            finally:
                outputs[label] = out.getvalue()
                connections.close_all()

        first = threading.Thread(target=machine, args=("first",))
        first.start()
        self.assertTrue(running.wait(timeout=20))
        second = threading.Thread(target=machine, args=("second",))
        second.start()
        second.join(timeout=20)
        finish.set()
        first.join(timeout=20)
        self.assertEqual(RUNS, [1])
        self.assertIn("máy khác", outputs["second"])
        self.assertEqual(outputs["first"], "")
        self.assertFalse(Lease.objects.exists())


class QueuedDailyJobTests(ApprovedForTomorrow, TestCase):
    """The daily jobs as tasks: queued from cron, run by the worker or, without one, at once."""

    def test_without_a_worker_the_queued_jobs_run_at_once(self):
        eve = EVES[0]
        revision = self.approved_for_tomorrow(eve)
        with time_machine.travel(eve + dt.timedelta(hours=14, minutes=5), tick=False):
            output = run_queue("activate_revisions", "rebuild_status")
        self.assertIn("2", output)
        revision.refresh_from_db()
        self.assertEqual(revision.status, Revision.Status.EFFECTIVE)
        self.assertFalse(Lease.objects.exists())

    def test_all_daily_jobs_are_queued_by_default(self):
        with override_settings(TASKS=DATABASE_TASKS):
            self.assertIn(str(len(DAILY_JOBS)), run_queue())
            queued = DBTaskResult.objects.values_list("args_kwargs", flat=True)
            self.assertEqual(sorted(k["kwargs"]["name"] for k in queued), sorted(DAILY_JOBS))

    def test_a_name_that_is_not_a_daily_job_is_refused(self):
        with self.assertRaises(CommandError) as raised:
            run_queue("load_demo")
        self.assertIn("activate_revisions", str(raised.exception))


def run_queue(*names: str) -> str:
    out = StringIO()
    call_command("queue_daily_jobs", *names, stdout=out)
    return out.getvalue()


@override_settings(TASKS=DATABASE_TASKS)
class WorkerDailyJobTests(ApprovedForTomorrow, KeepsCatalogue, TransactionTestCase):
    def setUp(self):
        self.make_cast(self)

    def test_the_worker_runs_a_queued_daily_job_and_releases_its_lease(self):
        eve = EVES[2]
        revision = self.approved_for_tomorrow(eve)
        with time_machine.travel(eve, tick=False):
            run_worker()  # the copy is made; the issue waits for its date
        revision.refresh_from_db()
        self.assertEqual(revision.status, Revision.Status.APPROVED)
        self.assertTrue(revision.pdf_file)
        with time_machine.travel(eve + dt.timedelta(hours=14, minutes=5), tick=False):
            run_queue("activate_revisions")
            run_worker()
        revision.refresh_from_db()
        self.assertEqual(revision.status, Revision.Status.EFFECTIVE)
        job = DBTaskResult.objects.filter(task_path__endswith=".daily_job_run").get()
        self.assertEqual(job.status, "SUCCESSFUL")
        self.assertIn("1", job.return_value)
        self.assertFalse(Lease.objects.exists())
