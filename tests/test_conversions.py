"""Work on people's files runs in a child process that is killed at its time limit; its
results are kept by content hash."""

import multiprocessing
import os
import shutil
import tempfile
import time
from pathlib import Path

from django.test import SimpleTestCase, override_settings

from qms.lib.conversions import ConversionFailed, Refused, cached, content_hash, run_limited


def refuse(reason: str):
    raise Refused(reason, limit=3)


def fail():
    raise RuntimeError("hỏng")


class RunLimitedTests(SimpleTestCase):
    def test_the_result_comes_back_from_the_child(self):
        self.assertEqual(run_limited(sorted, [3, 1, 2], seconds=10), [1, 2, 3])
        self.assertEqual(run_limited(bytes.upper, b"abc", seconds=10), b"ABC")

    def test_work_past_the_limit_is_killed_and_reported(self):
        started = time.monotonic()
        with self.assertRaises(ConversionFailed) as raised:
            run_limited(time.sleep, 30, seconds=0.3)
        self.assertLess(time.monotonic() - started, 5)
        self.assertTrue(raised.exception.timed_out)
        self.assertEqual(multiprocessing.active_children(), [])

    def test_a_refusal_keeps_its_reason_and_parameters(self):
        with self.assertRaises(ConversionFailed) as raised:
            run_limited(refuse, "dtd", seconds=10)
        self.assertEqual(raised.exception.reason, "refused")
        self.assertEqual(raised.exception.params, {"reason": "dtd", "limit": 3})

    def test_an_error_in_the_child_is_reported_not_raised_as_is(self):
        with self.assertRaises(ConversionFailed) as raised:
            run_limited(fail, seconds=10)
        self.assertIn("RuntimeError: hỏng", raised.exception.messages[0])


class CacheTests(SimpleTestCase):
    def setUp(self):
        folder = tempfile.mkdtemp(prefix="qms-test-media-")
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        override = override_settings(MEDIA_ROOT=folder)
        override.enable()
        self.addCleanup(override.disable)
        self.folder = Path(folder)

    def test_the_same_content_is_made_once(self):
        made = []

        def make():
            made.append(1)
            return b"ket qua"

        key = content_hash("a", b"b")
        self.assertEqual(cached("test", key, make), b"ket qua")
        self.assertEqual(cached("test", key, make), b"ket qua")
        self.assertEqual(made, [1])
        self.assertTrue((self.folder / "cache" / "test" / key).is_file())

    def test_a_failure_is_not_kept(self):
        with self.assertRaises(RuntimeError):
            cached("test", content_hash("x"), fail)
        self.assertEqual(cached("test", content_hash("x"), lambda: b"ok"), b"ok")

    @override_settings(CONVERSION_CACHE_DAYS=1)
    def test_entries_unused_for_the_set_days_are_removed(self):
        cached("test", content_hash("old"), lambda: b"old")
        old = self.folder / "cache" / "test" / content_hash("old")
        two_days_ago = time.time() - 2 * 24 * 3600
        os.utime(old, (two_days_ago, two_days_ago))
        cached("test", content_hash("new"), lambda: b"new")
        self.assertFalse(old.exists())

    def test_parts_are_framed_so_that_no_two_lists_collide(self):
        self.assertNotEqual(content_hash("ab", "c"), content_hash("a", "bc"))
