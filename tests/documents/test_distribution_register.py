"""The "Sổ giao nhận tài liệu" of an issue: each reader by name, the unread filter, "Nhắc lại",
and the same list as .xlsx and PDF."""

import io
from datetime import timedelta

import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from documents.models import ReadingReminder
from documents.selectors.distribution import reading_register
from documents.services.distribution import (
    acknowledgement_record,
    acknowledgement_remind,
    distribution_add,
)
from qms.agencies.roles import Role
from tests.documents.test_distribution import DistributionBase
from tests.helpers import count_queries, make_user


class RegisterBase(DistributionBase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Thảo, internal auditor of Sở Tư pháp: reads the register, reminds nobody.
        cls.thao = make_user("Ngô Thị Thảo", cls.agency, [Role.AUDITOR])

    def read(self, revision):
        """Hoa has read the issue; Bình and Yến have not."""
        acknowledgement_record(revision=revision, by=self.hoa)
        return revision


class RegisterSelectorTests(RegisterBase):
    def test_each_reader_by_name_with_unit_received_on_and_read_at(self):
        revision = self.read(self.distributed())
        rows = {person.pk: person for person in reading_register(revision)}
        self.assertEqual(set(rows), {self.hoa.pk, self.binh.pk, self.yen.pk})
        self.assertEqual(rows[self.hoa.pk].unit_here, "Phòng Hành chính tư pháp")
        self.assertEqual(rows[self.yen.pk].unit_here, "Văn phòng")
        self.assertIsNotNone(rows[self.hoa.pk].read_at)
        self.assertIsNone(rows[self.binh.pk].read_at)
        self.assertTrue(all(person.reached_at for person in rows.values()))

    def test_the_unread_filter_leaves_those_who_have_not_read_it(self):
        revision = self.read(self.distributed())
        unread = set(reading_register(revision, unread_only=True))
        self.assertEqual(unread, {self.binh, self.yen})


class RemindServiceTests(RegisterBase):
    def test_the_secretary_reminds_everyone_who_has_not_read_it(self):
        revision = self.read(self.distributed())
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            count = acknowledgement_remind(revision=revision, by=self.lan)
        self.assertEqual(count, 2)
        reminded = {to for message in mail.outbox for to in message.to}
        self.assertEqual(reminded, {self.binh.email, self.yen.email})
        self.assertIn(revision.document.code, mail.outbox[0].subject)

    def test_a_read_only_role_reminds_nobody(self):
        revision = self.read(self.distributed())
        mail.outbox.clear()
        for person in (self.thao, self.minh, self.hoa, self.tuan):
            with (
                self.subTest(person=person.full_name),
                self.assertRaises(PermissionDenied),
                self.captureOnCommitCallbacks(execute=True),
            ):
                acknowledgement_remind(revision=revision, by=person)
        self.assertEqual(mail.outbox, [])

    def test_a_reminder_is_recorded_and_the_readers_rest_a_day_before_the_next(self):
        revision = self.read(self.distributed())
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            acknowledgement_remind(revision=revision, by=self.lan)
        reminder = ReadingReminder.objects.get(revision=revision)
        self.assertEqual((reminder.sent_by, reminder.recipients), (self.lan, 2))
        with time_machine.travel(start + timedelta(hours=23), tick=False):
            with self.assertRaises(ValidationError):
                acknowledgement_remind(revision=revision, by=self.lan)
            self.assertEqual(revision.reading_reminders.count(), 1)
        with time_machine.travel(start + timedelta(days=1, minutes=1), tick=False):
            acknowledgement_record(revision=revision, by=self.binh)
            self.assertEqual(acknowledgement_remind(revision=revision, by=self.lan), 1)
        self.assertEqual(
            list(revision.reading_reminders.values_list("recipients", flat=True)), [1, 2]
        )

    def test_nobody_to_remind_when_everyone_has_read_it(self):
        revision = self.effective()
        distribution_add(revision=revision, by=self.lan, users=[self.yen])
        acknowledgement_record(revision=revision, by=self.yen)
        with self.assertRaises(ValidationError):
            acknowledgement_remind(revision=revision, by=self.lan)


class RegisterPageTests(RegisterBase):
    def url(self, revision, name="documents:revision-readers"):
        return reverse(name, args=[revision.pk])

    def test_the_permission_ladder(self):
        revision = self.distributed()
        for name in (
            "documents:revision-readers",
            "documents:revision-readers-xlsx",
            "documents:revision-readers-pdf",
        ):
            with self.subTest(name=name):
                self.client.logout()
                self.assertEqual(self.client.get(self.url(revision, name)).status_code, 302)
                self.client.force_login(self.tuan)  # another agency
                self.assertEqual(self.client.get(self.url(revision, name)).status_code, 404)
                self.client.force_login(self.hoa)  # staff: a reader, not the register's keeper
                self.assertEqual(self.client.get(self.url(revision, name)).status_code, 403)
                for person in (self.lan, self.thao, self.minh):
                    self.client.force_login(person)
                    self.assertEqual(self.client.get(self.url(revision, name)).status_code, 200)

    def test_the_page_names_each_reader_and_filters_the_unread(self):
        revision = self.read(self.distributed())
        self.client.force_login(self.lan)
        response = self.client.get(self.url(revision))
        for person in (self.hoa, self.binh, self.yen):
            self.assertContains(response, person.full_name)
        self.assertContains(response, self.url(revision, "documents:revision-readers-remind"))
        response = self.client.get(self.url(revision) + "?unread=1")
        self.assertNotContains(response, self.hoa.full_name)
        self.assertContains(response, self.binh.full_name)

    def test_the_secretary_reminds_from_the_page(self):
        revision = self.read(self.distributed())
        self.client.force_login(self.lan)
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url(revision, "documents:revision-readers-remind"))
        self.assertRedirects(response, self.url(revision) + "?unread=1")
        self.assertEqual(len(mail.outbox), 2)

    def test_the_page_says_who_reminded_last_and_hides_the_button_for_a_day(self):
        revision = self.read(self.distributed())
        self.client.force_login(self.lan)
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            self.client.post(self.url(revision, "documents:revision-readers-remind"))
        with time_machine.travel(start + timedelta(hours=2), tick=False):
            response = self.client.get(self.url(revision))
            self.assertContains(response, 'id="last-reminder"')
            self.assertContains(response, self.lan.full_name)
            self.assertNotContains(
                response, self.url(revision, "documents:revision-readers-remind")
            )
            mail.outbox.clear()
            self.client.post(self.url(revision, "documents:revision-readers-remind"))
            self.assertEqual(mail.outbox, [])
        with time_machine.travel(start + timedelta(days=1, minutes=1), tick=False):
            self.client.force_login(self.lan)  # a new working day, a new session
            response = self.client.get(self.url(revision))
            self.assertContains(response, self.url(revision, "documents:revision-readers-remind"))

    def test_a_read_only_role_sees_no_remind_button_and_cannot_post_it(self):
        revision = self.read(self.distributed())
        self.client.force_login(self.thao)
        response = self.client.get(self.url(revision))
        self.assertNotContains(response, self.url(revision, "documents:revision-readers-remind"))
        mail.outbox.clear()
        response = self.client.post(self.url(revision, "documents:revision-readers-remind"))
        self.assertEqual(response.status_code, 403)
        self.client.force_login(self.tuan)
        response = self.client.post(self.url(revision, "documents:revision-readers-remind"))
        self.assertEqual(response.status_code, 404)
        self.assertEqual(mail.outbox, [])

    def test_the_workbook_lists_the_same_people_with_every_cell_neutralised(self):
        revision = self.read(self.distributed())
        # A name someone typed as a formula stays text.
        self.binh.full_name = '=HYPERLINK("http://x","Bình")'
        self.binh.save(update_fields=["full_name"])
        self.client.force_login(self.lan)
        response = self.client.get(self.url(revision, "documents:revision-readers-xlsx"))
        self.assertIn("attachment", response["Content-Disposition"])
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value]
        self.assertIn(self.hoa.full_name, values)
        self.assertIn("'" + self.binh.full_name, values)
        self.assertFalse(any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row))

    @time_machine.travel("2026-02-09 10:00 +07:00", tick=False)
    def test_the_pdf_is_a_pdf_with_the_letterhead_and_the_secretary_signature_line(self):
        revision = self.read(self.distributed())
        self.client.force_login(self.lan)
        response = self.client.get(
            self.url(revision, "documents:revision-readers-pdf") + "?unread=1"
        )
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))
        text = "".join(
            page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
        )
        self.assertIn("Thư ký ISO", text)
        # The Decree 30 heading: the motto and the date written with its leading zeros; a
        # register is kept, not issued, so it carries no "Số:" line.
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text)
        self.assertIn("ngày 09 tháng 02 năm 2026", text)
        self.assertNotIn("Số:", text)
        self.assertIn(self.binh.full_name, text)
        self.assertNotIn(self.hoa.full_name, text)

    def test_query_count_is_flat_from_3_to_30_readers(self):
        revision = self.distributed()
        self.client.force_login(self.lan)
        urls = [
            self.url(revision),
            self.url(revision) + "?unread=1",
            self.url(revision, "documents:revision-readers-xlsx"),
        ]
        few = [count_queries(lambda url=url: self.client.get(url)) for url in urls]
        for index in range(27):
            person = make_user(
                f"Nguyễn Văn Khánh {index}", self.agency, [Role.STAFF], unit=self.admin_unit
            )
            if index % 2:
                acknowledgement_record(revision=revision, by=person)
        self.assertEqual(reading_register(revision).count(), 30)
        many = [count_queries(lambda url=url: self.client.get(url)) for url in urls]
        self.assertEqual(many, few)
