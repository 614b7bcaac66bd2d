from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from audits.models import Action, ActionReminder
from audits.services import actions as action_flow
from qms.agencies.roles import Role
from qms.tasks import tasks_for_user
from tests.helpers import make_agency, make_pdf, make_planned_nonconformity, make_user

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = make_pdf()


def due(action: Action, days: int) -> Action:
    """Move an action's due date (test set-up only; services never move it)."""
    Action.objects.filter(pk=action.pk).update(due_on=timezone.localdate() + timedelta(days=days))
    action.refresh_from_db()
    return action


@override_settings(MEDIA_ROOT="/tmp/qms-test-media-audits")
class ActionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        # Lan, ISO secretary.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY, Role.STAFF])
        # Hoa and Hùng, staff who own actions.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.STAFF])

    def test_reminders_go_to_owners_of_actions_due_soon_or_overdue_once_a_day(self):
        nonconformity, (soon, overdue, later) = make_planned_nonconformity(
            self.agency, self.lan, [self.hoa, self.hoa, self.hung]
        )
        due(soon, 3)
        due(overdue, -2)
        due(later, 4)
        with self.captureOnCommitCallbacks(execute=True):
            call_command("remind_actions", stdout=StringIO())
        self.assertEqual([m.to for m in mail.outbox], [[self.hoa.email]])
        body = mail.outbox[0].body
        self.assertIn(soon.title, body)
        self.assertIn(overdue.title, body)
        self.assertNotIn(later.title, body)
        self.assertEqual(
            set(ActionReminder.objects.values_list("action_id", "overdue")),
            {(soon.pk, False), (overdue.pk, True)},
        )
        # Idempotent per day: a second run sends nothing and records nothing.
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(action_flow.actions_remind(), 0)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(ActionReminder.objects.count(), 2)
        # The next day the overdue action is reminded again.
        with self.captureOnCommitCallbacks(execute=True):
            sent = action_flow.actions_remind(on=timezone.localdate() + timedelta(days=1))
        self.assertEqual(sent, 2)
        self.assertEqual(len(mail.outbox), 3)

    def test_done_and_cancelled_actions_are_not_reminded(self):
        nonconformity, (done, cancelled) = make_planned_nonconformity(
            self.agency, self.lan, [self.hoa, self.hung]
        )
        due(done, -1)
        due(cancelled, -1)
        action_flow.action_complete(action=done, by=self.hoa, evidence="Đã làm")
        action_flow.action_cancel(action=cancelled, by=self.lan, reason="Không cần")
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(action_flow.actions_remind(), 0)
        self.assertEqual(mail.outbox, [])

    def test_the_owner_hears_of_a_new_action(self):
        with self.captureOnCommitCallbacks(execute=True):
            make_planned_nonconformity(self.agency, self.lan, [self.hoa], start=False)
        self.assertIn([self.hoa.email], [m.to for m in mail.outbox])

    def test_evidence_files_are_checked_by_content(self):
        nonconformity, (action,) = make_planned_nonconformity(self.agency, self.lan, [self.hoa])
        fake = SimpleUploadedFile("anh.png", b"<html>not an image</html>")
        with self.assertRaises(ValidationError) as raised:
            action_flow.action_complete(action=action, by=self.hoa, evidence="Ảnh", upload=fake)
        self.assertIn("evidence_file", raised.exception.message_dict)
        self.assertEqual(Action.objects.get().status, Action.Status.OPEN)
        photo = SimpleUploadedFile("so-theo-doi.png", PNG)
        action_flow.action_complete(action=action, by=self.hoa, evidence="Ảnh sổ", upload=photo)
        action.refresh_from_db()
        self.assertEqual(action.evidence_name, "so-theo-doi.png")
        self.assertTrue(action.evidence_file.name.endswith(".png"))

    def test_overdue_actions_stand_out_in_my_tasks_for_owner_and_secretary(self):
        nonconformity, (action,) = make_planned_nonconformity(self.agency, self.lan, [self.hoa])
        due(action, -1)
        groups = {g.title: g.items for g in tasks_for_user(user=self.hoa, agency=self.agency)}
        mine = [item for items in groups.values() for item in items if item.title == action.title]
        self.assertEqual(len(mine), 1)
        self.assertTrue(mine[0].overdue)
        secretary = tasks_for_user(user=self.lan, agency=self.agency)
        overdue_items = [
            item for group in secretary for item in group.items if item.title == action.title
        ]
        self.assertEqual(len(overdue_items), 1)
        self.assertTrue(overdue_items[0].overdue)
        # Hùng owns nothing and sees nothing of it.
        hung = tasks_for_user(user=self.hung, agency=self.agency)
        self.assertFalse([item for group in hung for item in group.items])
