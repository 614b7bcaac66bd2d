"""Mail goes through the queue: one task per message, sent once by its key, retried when the
mail server fails, never sent twice."""

import datetime as dt
import smtplib
import zoneinfo

import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.test import TestCase, TransactionTestCase, override_settings
from django_tasks_db.models import DBTaskResult

from qms.lib.jobs.models import DoneKey
from qms.lib.mail import mail_send, send_after_commit
from tests.helpers import DATABASE_TASKS, KeepsCatalogue, make_user, run_worker

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
MORNING = dt.datetime(2027, 12, 31, 7, 10, tzinfo=VN)
TEMPLATE = "emails/action_reminder.txt"
CONTEXT = {"owner": "Nguyễn Thị Lan", "overdue": [], "due_soon": []}


class RefusingBackend(EmailBackend):
    """A mail server that refuses the next ``refusals`` messages, then accepts (into the
    test outbox)."""

    refusals = 0

    def send_messages(self, messages):
        if RefusingBackend.refusals > 0:
            RefusingBackend.refusals -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


class SendAfterCommitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.lan = make_user("Nguyễn Thị Lan")  # an ISO secretary with an address
        cls.hoa = make_user("Trần Thị Hoa")  # staff with an address

    def test_each_recipient_gets_one_message_once_the_transaction_commits(self):
        with self.captureOnCommitCallbacks(execute=True):
            send_after_commit(recipients=[self.lan, self.hoa], template=TEMPLATE, context=CONTEXT)
            self.assertEqual(mail.outbox, [])
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox), sorted([self.lan.email, self.hoa.email])
        )
        self.assertEqual(DoneKey.objects.filter(key__startswith="mail:").count(), 2)

    def test_nothing_is_sent_when_the_transaction_rolls_back(self):
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            try:
                with transaction.atomic():
                    send_after_commit(recipients=[self.lan], template=TEMPLATE, context=CONTEXT)
                    raise RuntimeError("the service failed")
            except RuntimeError:
                pass
        self.assertEqual(callbacks, [])
        self.assertEqual(mail.outbox, [])

    def test_a_message_whose_key_was_sent_is_not_sent_again(self):
        message = {"key": "mail:abc", "address": self.lan.email, "subject": "S", "body": "B\n"}
        self.assertTrue(mail_send.call(**message))
        self.assertFalse(mail_send.call(**message))
        self.assertEqual(len(mail.outbox), 1)

    @override_settings(EMAIL_BACKEND="tests.lib.test_mail.RefusingBackend")
    def test_without_a_worker_a_refused_message_is_logged_and_the_request_goes_on(self):
        RefusingBackend.refusals = 1
        with self.assertLogs("qms.lib.mail", "ERROR"), self.captureOnCommitCallbacks(execute=True):
            send_after_commit(recipients=[self.lan], template=TEMPLATE, context=CONTEXT)
        self.assertEqual(mail.outbox, [])
        self.assertFalse(DoneKey.objects.exists())


@override_settings(TASKS=DATABASE_TASKS, EMAIL_BACKEND="tests.lib.test_mail.RefusingBackend")
class QueuedMailTests(KeepsCatalogue, TransactionTestCase):
    def setUp(self):
        self.lan = make_user("Nguyễn Thị Lan")  # an ISO secretary with an address
        RefusingBackend.refusals = 0

    def test_the_request_only_queues_and_the_worker_sends(self):
        with transaction.atomic():
            send_after_commit(recipients=[self.lan], template=TEMPLATE, context=CONTEXT)
            self.assertFalse(DBTaskResult.objects.exists())  # queued at commit, not before
        self.assertEqual(DBTaskResult.objects.ready().count(), 1)
        self.assertEqual(mail.outbox, [])
        run_worker()
        self.assertEqual([m.to for m in mail.outbox], [[self.lan.email]])
        self.assertEqual(mail.outbox[0].subject, "[QMS] Nhắc việc: hành động sắp đến hạn")

    def test_a_refused_message_is_retried_and_sent_once(self):
        RefusingBackend.refusals = 2
        with time_machine.travel(MORNING, tick=False):
            send_after_commit(recipients=[self.lan], template=TEMPLATE, context=CONTEXT)
            run_worker()
        with time_machine.travel(MORNING + dt.timedelta(minutes=1), tick=False):
            run_worker()
        self.assertEqual(mail.outbox, [])
        with time_machine.travel(MORNING + dt.timedelta(minutes=3), tick=False):
            run_worker()
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(DBTaskResult.objects.failed().count(), 2)
        self.assertEqual(DBTaskResult.objects.successful().count(), 1)
        # Nothing is left to retry, and the same message queued again is not sent again.
        key = DoneKey.objects.get().key
        mail_send.enqueue(key=key, address=self.lan.email, subject="S", body="B\n", attempt=2)
        with time_machine.travel(MORNING + dt.timedelta(hours=1), tick=False):
            run_worker()
        self.assertEqual(len(mail.outbox), 1)

    def test_a_message_refused_five_times_stops_being_retried(self):
        RefusingBackend.refusals = 99
        with time_machine.travel(MORNING, tick=False):
            send_after_commit(recipients=[self.lan], template=TEMPLATE, context=CONTEXT)
        for hour in range(1, 7):  # each attempt is due within the hour after the last
            with time_machine.travel(MORNING + dt.timedelta(hours=hour), tick=False):
                run_worker()
        self.assertEqual(DBTaskResult.objects.failed().count(), 5)
        self.assertFalse(DBTaskResult.objects.ready().exists())
        self.assertEqual(mail.outbox, [])
