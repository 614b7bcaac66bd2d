"""The queue's own helpers: leases, side effects done once by key, and retries."""

import datetime as dt
import threading
import zoneinfo
from io import StringIO

import time_machine
from django.core.management import call_command
from django.db import connections
from django.test import TestCase, TransactionTestCase, override_settings
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from qms.lib.jobs.leases import lease_release, lease_take, leased
from qms.lib.jobs.models import DoneKey, Lease
from qms.lib.jobs.once import Busy, run_once
from qms.lib.jobs.queue import has_worker, retry_later
from tests.helpers import DATABASE_TASKS, KeepsCatalogue, run_worker

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
NOON = dt.datetime(2028, 2, 29, 12, 0, tzinfo=VN)

# What the flaky task did, attempt by attempt: the side effect must happen once.
EFFECTS: list[str] = []


@task()
def flaky_effect(*, key: str, failures: int, attempt: int = 1) -> str:
    """Fails its first ``failures`` attempts, before acting; then acts once by key."""
    try:
        if attempt <= failures:
            raise ConnectionError("the server did not answer")
        run_once(key, lambda: EFFECTS.append(key))
    except ConnectionError:
        retry_later(flaky_effect, attempt=attempt, key=key, failures=failures)
        raise
    return key


class LeaseTests(TestCase):
    def test_a_held_lease_is_not_taken_twice(self):
        self.assertTrue(lease_take(name="remind_actions", holder="may-1", seconds=60))
        self.assertFalse(lease_take(name="remind_actions", holder="may-2", seconds=60))
        self.assertEqual(Lease.objects.get().holder, "may-1")

    def test_a_released_lease_is_taken_again(self):
        lease_take(name="remind_actions", holder="may-1", seconds=60)
        lease_release(name="remind_actions", holder="may-1")
        self.assertFalse(Lease.objects.exists())
        self.assertTrue(lease_take(name="remind_actions", holder="may-2", seconds=60))

    def test_an_expired_lease_of_a_dead_holder_is_taken_over(self):
        with time_machine.travel(NOON, tick=False):
            lease_take(name="remind_actions", holder="dead", seconds=60)
        with time_machine.travel(NOON + dt.timedelta(seconds=59), tick=False):
            self.assertFalse(lease_take(name="remind_actions", holder="may-2", seconds=60))
        with time_machine.travel(NOON + dt.timedelta(seconds=60), tick=False):
            self.assertTrue(lease_take(name="remind_actions", holder="may-2", seconds=60))
        # The dead holder, back to life, cannot release what is no longer its own.
        lease_release(name="remind_actions", holder="dead")
        self.assertEqual(Lease.objects.get().holder, "may-2")

    def test_leased_runs_the_block_once_and_releases(self):
        with leased("rebuild_status", seconds=60) as held:
            self.assertTrue(held)
            with leased("rebuild_status", seconds=60) as second:
                self.assertFalse(second)
            self.assertTrue(Lease.objects.filter(name="rebuild_status").exists())
        self.assertFalse(Lease.objects.exists())

    def test_leased_releases_when_the_block_raises(self):
        with self.assertRaises(RuntimeError), leased("rebuild_status", seconds=60):
            raise RuntimeError("the job failed")
        self.assertFalse(Lease.objects.exists())


class ConcurrentLeaseTests(KeepsCatalogue, TransactionTestCase):
    """Two machines at the same moment, each with its own connection: one takes the lease."""

    def test_two_takers_at_once_one_wins(self):
        barrier = threading.Barrier(4)
        outcomes = [None] * 4

        def take(index):
            try:
                barrier.wait()
                outcomes[index] = lease_take(name="daily", holder=f"may-{index}", seconds=60)
            except Exception as error:  # the outcome under test
                outcomes[index] = error
            finally:
                connections.close_all()

        threads = [threading.Thread(target=take, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        self.assertEqual(sorted(outcomes, key=str), [False, False, False, True])
        self.assertEqual(Lease.objects.count(), 1)


class RunOnceTests(TestCase):
    def test_the_action_runs_once_by_key(self):
        done = []
        self.assertTrue(run_once("mail:1", lambda: done.append(1)))
        self.assertFalse(run_once("mail:1", lambda: done.append(2)))
        self.assertEqual(done, [1])
        self.assertTrue(DoneKey.objects.filter(key="mail:1").exists())
        self.assertFalse(Lease.objects.exists())

    def test_an_action_that_raises_leaves_the_key_undone(self):
        def fails():
            raise ConnectionError("refused")

        with self.assertRaises(ConnectionError):
            run_once("mail:1", fails)
        self.assertFalse(DoneKey.objects.exists())
        self.assertFalse(Lease.objects.exists())
        done = []
        self.assertTrue(run_once("mail:1", lambda: done.append(1)))
        self.assertEqual(done, [1])

    def test_a_key_held_by_a_running_attempt_is_busy(self):
        lease_take(name="once:mail:1", holder="other worker", seconds=60)
        with self.assertRaises(Busy):
            run_once("mail:1", lambda: None)

    def test_a_key_whose_worker_died_is_acted_on_after_its_lease_expires(self):
        with time_machine.travel(NOON, tick=False):
            lease_take(name="once:mail:1", holder="dead worker", seconds=600)
        done = []
        with time_machine.travel(NOON + dt.timedelta(minutes=10), tick=False):
            self.assertTrue(run_once("mail:1", lambda: done.append(1), seconds=600))
        self.assertEqual(done, [1])


class RetryTests(TestCase):
    def test_without_a_worker_a_failure_stands(self):
        self.assertFalse(has_worker())
        result = flaky_effect.enqueue(key="k", failures=1)
        self.assertEqual(result.status, TaskResultStatus.FAILED)
        self.assertEqual(EFFECTS.count("k"), 0)

    @override_settings(TASKS=DATABASE_TASKS)
    def test_a_retry_is_queued_later_with_the_next_attempt(self):
        self.assertTrue(has_worker())
        with time_machine.travel(NOON, tick=False):
            self.assertTrue(retry_later(flaky_effect, attempt=2, key="k", failures=0))
        queued = DBTaskResult.objects.get()
        self.assertEqual(queued.args_kwargs["kwargs"], {"attempt": 3, "key": "k", "failures": 0})
        self.assertEqual(queued.run_after, NOON + dt.timedelta(minutes=2))

    @override_settings(TASKS=DATABASE_TASKS)
    def test_spent_attempts_are_not_retried(self):
        self.assertFalse(retry_later(flaky_effect, attempt=5, key="k", failures=0))
        self.assertFalse(DBTaskResult.objects.exists())


@override_settings(TASKS=DATABASE_TASKS)
class WorkerRetryTests(KeepsCatalogue, TransactionTestCase):
    def test_a_failing_task_is_retried_by_the_worker_and_acts_once(self):
        EFFECTS.clear()
        with time_machine.travel(NOON, tick=False):
            flaky_effect.enqueue(key="twice-failed", failures=2)
            run_worker()
            self.assertEqual(DBTaskResult.objects.failed().count(), 1)
            run_worker()  # the retry is not due yet
            self.assertEqual(DBTaskResult.objects.count(), 2)
        for minutes in (1, 3):  # 1 minute after the first failure, 2 after the second
            with time_machine.travel(NOON + dt.timedelta(minutes=minutes), tick=False):
                run_worker()
        self.assertEqual(DBTaskResult.objects.failed().count(), 2)
        self.assertEqual(DBTaskResult.objects.successful().count(), 1)
        self.assertEqual(EFFECTS, ["twice-failed"])
        # A stray second run of the successful attempt acts no more.
        flaky_effect.enqueue(key="twice-failed", failures=0, attempt=9)
        with time_machine.travel(NOON + dt.timedelta(minutes=4), tick=False):
            run_worker()
        self.assertEqual(EFFECTS, ["twice-failed"])


class PruneTests(TestCase):
    def test_keys_done_long_ago_are_forgotten(self):
        with time_machine.travel(NOON - dt.timedelta(days=31), tick=False):
            run_once("mail:old", lambda: None)
        with time_machine.travel(NOON - dt.timedelta(days=29), tick=False):
            run_once("mail:recent", lambda: None)
        with time_machine.travel(NOON, tick=False):
            out = StringIO()
            call_command("prune_jobs", stdout=out)
        self.assertEqual(list(DoneKey.objects.values_list("key", flat=True)), ["mail:recent"])
        self.assertIn("1", out.getvalue())
