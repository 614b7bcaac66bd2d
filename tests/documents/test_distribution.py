from datetime import timedelta

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from documents.models import Acknowledgement, Distribution, Revision
from documents.selectors.distribution import (
    LATE_AFTER_DAYS,
    coverage_by_unit,
    distributed_effective_revisions,
    late_recipients,
    recipients_of,
)
from documents.services import revisions as flow
from documents.services.changes import revision_new_from
from documents.services.distribution import (
    acknowledgement_record,
    distribution_add,
    distribution_copy_previous,
)
from qms.agencies.models import MemberUnit
from qms.agencies.roles import Role
from qms.agencies.services import agency_roles_assign
from tests.helpers import (
    LadderMixin,
    count_queries,
    make_agency,
    make_document,
    make_effective_document,
    make_unit,
    make_user,
)


class DistributionBase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        cls.office = make_unit(cls.agency, "Văn phòng")
        cls.admin_unit = make_unit(cls.agency, "Phòng Hành chính tư pháp")
        cls.inspection = make_unit(cls.agency, "Thanh tra")
        # Lan, ISO secretary of Sở Tư pháp, who distributes and follows coverage.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY], unit=cls.office)
        # Hùng drafts, Mai reviews, Minh approves: they issue the documents.
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER])
        cls.mai = make_user("Lê Thị Mai", cls.agency, [Role.REVIEWER])
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])
        # Hoa and Bình, staff of Phòng Hành chính tư pháp, who must read what their unit gets.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF], unit=cls.admin_unit)
        cls.binh = make_user("Vũ Văn Bình", cls.agency, [Role.STAFF], unit=cls.admin_unit)
        # Cường, of the same unit, whose account is locked: never expected.
        cls.cuong = make_user(
            "Lý Văn Cường", cls.agency, [Role.STAFF], unit=cls.admin_unit, is_active=False
        )
        # Dũng, listed in the same unit but without any role in the agency: never expected.
        cls.dung = make_user("Hồ Văn Dũng", None, unit=cls.admin_unit)
        # Yến, staff of Văn phòng, chosen by name.
        cls.yen = make_user("Phan Thị Yến", cls.agency, [Role.STAFF], unit=cls.office)
        cls.other_agency = make_agency("Sở Y tế")
        # Tuấn, ISO secretary of Sở Y tế, who must never see Sở Tư pháp's distributions.
        cls.tuan = make_user("Trần Anh Tuấn", cls.other_agency, [Role.ISO_SECRETARY])
        cls.foreign_unit = make_unit(cls.other_agency, "Văn phòng Sở Y tế")

    def effective(self, title="Quy trình tiếp nhận hồ sơ"):
        document = make_effective_document(
            self.agency, drafter=self.hung, reviewer=self.mai, approver=self.minh, title=title
        )
        return document.effective_revision

    def distributed(self, title="Quy trình tiếp nhận hồ sơ"):
        revision = self.effective(title)
        distribution_add(revision=revision, by=self.lan, units=[self.admin_unit], users=[self.yen])
        return revision

    def next_issue(self, revision):
        """Issue the next revision of the same document and return it, effective."""
        new = revision_new_from(document=revision.document, drafter=self.hung)
        flow.revision_update_content(
            revision=new, by=self.hung, purpose="Sửa đổi", change_summary="Cập nhật thời hạn"
        )
        flow.revision_submit(revision=new, by=self.hung, reviewers=[self.mai], approver=self.minh)
        flow.revision_review_pass(revision=new, by=self.mai)
        flow.revision_approve(revision=new, by=self.minh)
        return Revision.objects.get(pk=new.pk)

    def make_late(self, revision, days=LATE_AFTER_DAYS + 1):
        past = timezone.now() - timedelta(days=days)
        Distribution.objects.filter(revision=revision).update(distributed_at=past)
        Revision.objects.filter(pk=revision.pk).update(effective_date=past.date())
        return Revision.objects.get(pk=revision.pk)


class DistributionServiceTests(DistributionBase):
    def test_unit_members_with_a_role_are_expected_and_inactive_or_roleless_people_are_not(self):
        revision = self.distributed()
        self.assertEqual(set(recipients_of(revision)), {self.hoa, self.binh, self.yen})

    def test_only_the_iso_secretary_distributes_and_only_issued_revisions(self):
        revision = self.effective()
        with self.assertRaises(PermissionDenied):
            distribution_add(revision=revision, by=self.hoa, users=[self.binh])
        draft = make_document(self.agency, self.hung, "Quy trình dự thảo").revisions.get()
        with self.assertRaises(ValidationError):
            distribution_add(revision=draft, by=self.lan, units=[self.admin_unit])
        self.assertFalse(Distribution.objects.exists())

    def test_recipients_must_belong_to_the_agency(self):
        revision = self.effective()
        with self.assertRaises(ValidationError):
            distribution_add(revision=revision, by=self.lan, units=[self.foreign_unit])
        with self.assertRaises(ValidationError):
            distribution_add(revision=revision, by=self.lan, users=[self.tuan])
        with self.assertRaises(ValidationError):
            distribution_add(revision=revision, by=self.lan, users=[self.dung])
        self.assertFalse(Distribution.objects.exists())

    def test_a_recipient_is_distributed_to_once(self):
        revision = self.distributed()
        with self.assertRaises(ValidationError):
            distribution_add(revision=revision, by=self.lan, units=[self.admin_unit])
        rows = distribution_add(
            revision=revision, by=self.lan, units=[self.admin_unit, self.inspection]
        )
        self.assertEqual([row.unit for row in rows], [self.inspection])
        self.assertEqual(revision.distributions.count(), 3)

    def test_only_recipients_acknowledge_only_an_effective_revision_and_only_once(self):
        revision = self.distributed()
        with self.assertRaises(PermissionDenied):
            acknowledgement_record(revision=revision, by=self.minh)
        with self.assertRaises(PermissionDenied):
            acknowledgement_record(revision=revision, by=self.cuong)
        acknowledgement = acknowledgement_record(revision=revision, by=self.hoa)
        self.assertEqual(acknowledgement.revision, revision)
        with self.assertRaises(ValidationError):
            acknowledgement_record(revision=revision, by=self.hoa)
        self.assertEqual(Acknowledgement.objects.filter(user=self.hoa).count(), 1)

    def test_an_approved_revision_is_distributed_before_it_takes_effect_but_not_acknowledged(self):
        document = make_document(self.agency, self.hung, "Quy trình mới")
        revision = document.revisions.get()
        flow.revision_update_content(revision=revision, by=self.hung, purpose="Mục đích")
        flow.revision_submit(
            revision=revision, by=self.hung, reviewers=[self.mai], approver=self.minh
        )
        flow.revision_review_pass(revision=revision, by=self.mai)
        flow.revision_approve(
            revision=revision,
            by=self.minh,
            effective_date=timezone.localdate() + timedelta(days=10),
        )
        revision.refresh_from_db()
        self.assertEqual(revision.status, Revision.Status.APPROVED)
        distribution_add(revision=revision, by=self.lan, users=[self.hoa])
        with self.assertRaises(ValidationError):
            acknowledgement_record(revision=revision, by=self.hoa)
        self.assertFalse(Acknowledgement.objects.exists())

    def test_an_acknowledgement_is_immutable(self):
        revision = self.distributed()
        acknowledgement = acknowledgement_record(revision=revision, by=self.hoa)
        with self.assertRaises(ValueError):
            acknowledgement.save()
        with self.assertRaises(ValueError):
            acknowledgement.delete()
        self.assertTrue(Acknowledgement.objects.filter(pk=acknowledgement.pk).exists())

    def test_a_new_revision_asks_again_and_copies_the_previous_recipients(self):
        first = self.distributed()
        acknowledgement_record(revision=first, by=self.hoa)
        second = self.next_issue(first)
        self.assertEqual(second.status, Revision.Status.EFFECTIVE)
        rows = distribution_copy_previous(revision=second, by=self.lan)
        self.assertEqual(
            {(row.unit_id, row.user_id) for row in rows},
            {(self.admin_unit.pk, None), (None, self.yen.pk)},
        )
        self.assertEqual(set(recipients_of(second)), {self.hoa, self.binh, self.yen})
        self.assertFalse(recipients_of(second).get(pk=self.hoa.pk).acknowledged)
        acknowledgement_record(revision=second, by=self.hoa)
        self.assertEqual(self.hoa.acknowledgements.count(), 2)
        with self.assertRaises(ValidationError):
            distribution_copy_previous(revision=second, by=self.lan)

    def test_coverage_counts_expected_and_acknowledged_per_unit(self):
        revision = self.distributed()
        acknowledgement_record(revision=revision, by=self.hoa)
        rows = {row["unit_name"]: row for row in coverage_by_unit(revision)}
        self.assertEqual(
            {name: (row["acknowledged"], row["expected"]) for name, row in rows.items()},
            {"Phòng Hành chính tư pháp": (1, 2), "Văn phòng": (0, 1)},
        )
        overview = distributed_effective_revisions(agency=self.agency).get()
        self.assertEqual((overview.acknowledged, overview.expected, overview.late), (1, 3, 0))

    def test_a_member_from_another_agency_counts_under_the_unit_held_here(self):
        # Thảo works in Sở Y tế (her home unit is there) and joined Phòng Hành chính tư pháp
        # of Sở Tư pháp too: the coverage shows her there, never her unit of the other agency.
        thao = make_user("Ngô Thị Thảo", self.other_agency, [Role.STAFF], unit=self.foreign_unit)
        agency_roles_assign(agency=self.agency, user=thao, roles=[Role.STAFF])
        MemberUnit.objects.create(user=thao, agency=self.agency, unit=self.admin_unit)
        revision = self.distributed()
        acknowledgement_record(revision=revision, by=thao)
        rows = {row["unit_name"]: row for row in coverage_by_unit(revision)}
        self.assertEqual(
            {name: (row["acknowledged"], row["expected"]) for name, row in rows.items()},
            {"Phòng Hành chính tư pháp": (1, 3), "Văn phòng": (0, 1)},
        )

    def test_people_who_have_not_acknowledged_after_the_delay_are_late(self):
        revision = self.distributed()
        acknowledgement_record(revision=revision, by=self.hoa)
        self.assertEqual(list(late_recipients(revision)), [])
        revision = self.make_late(revision)
        self.assertEqual(
            {person.pk for person in late_recipients(revision)}, {self.binh.pk, self.yen.pk}
        )
        overview = distributed_effective_revisions(agency=self.agency).get()
        self.assertEqual(overview.late, 2)

    def test_the_delay_runs_from_the_effective_date_when_it_is_later(self):
        revision = self.distributed()
        past = timezone.now() - timedelta(days=LATE_AFTER_DAYS + 3)
        Distribution.objects.filter(revision=revision).update(distributed_at=past)
        self.assertEqual(list(late_recipients(revision)), [])
        self.assertEqual(distributed_effective_revisions(agency=self.agency).get().late, 0)

    def test_mail_goes_to_the_people_newly_reached_after_commit(self):
        revision = self.effective()
        with self.captureOnCommitCallbacks(execute=True):
            distribution_add(
                revision=revision, by=self.lan, units=[self.admin_unit], users=[self.yen]
            )
        self.assertEqual(
            sorted(message.to[0] for message in mail.outbox),
            sorted([self.hoa.email, self.binh.email, self.yen.email]),
        )
        self.assertIn(revision.document.code, mail.outbox[0].subject)
        self.assertIn(reverse("documents:revision-detail", args=[revision.pk]), mail.outbox[0].body)
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            distribution_add(revision=revision, by=self.lan, users=[self.hoa, self.lan])
        self.assertEqual([message.to for message in mail.outbox], [[self.lan.email]])

    def test_nothing_is_mailed_when_the_distribution_fails(self):
        revision = self.effective()
        with self.captureOnCommitCallbacks(execute=True), self.assertRaises(ValidationError):
            distribution_add(revision=revision, by=self.lan, users=[self.dung])
        self.assertEqual(mail.outbox, [])


class DistributionPageTests(LadderMixin, DistributionBase):
    def test_the_distribution_page_follows_the_ladder(self):
        revision = self.distributed()
        url = reverse("documents:revision-distribution", args=[revision.pk])
        response = self.assert_ladder(
            url, outsider=self.tuan, wrong_role=self.minh, right_role=self.lan
        )
        self.assertContains(response, "Phòng Hành chính tư pháp")
        self.assertIsNotNone(response.context["form"])
        self.assertIsNotNone(response.context["late"])

    def test_a_recipient_sees_the_coverage_but_neither_the_form_nor_the_late_list(self):
        revision = self.distributed()
        self.client.force_login(self.hoa)
        response = self.client.get(reverse("documents:revision-distribution", args=[revision.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(response.context["form"])
        self.assertIsNone(response.context["late"])
        self.assertIn("acknowledge", response.context["allowed"])
        self.assertEqual(response.context["expected"], 3)

    def test_the_secretary_adds_recipients(self):
        revision = self.effective()
        self.client.force_login(self.lan)
        url = reverse("documents:revision-distribution", args=[revision.pk])
        response = self.client.post(url, {"units": [self.admin_unit.pk], "users": [self.yen.pk]})
        self.assertRedirects(response, url)
        self.assertEqual(
            set(revision.distributions.values_list("unit_id", "user_id")),
            {(self.admin_unit.pk, None), (None, self.yen.pk)},
        )

    def test_an_empty_or_foreign_choice_stores_nothing(self):
        revision = self.effective()
        self.client.force_login(self.lan)
        url = reverse("documents:revision-distribution", args=[revision.pk])
        response = self.client.post(url, {})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        response = self.client.post(url, {"units": [self.foreign_unit.pk]})
        self.assertEqual(response.status_code, 200)
        self.assertIn("units", response.context["form"].errors)
        self.assertFalse(Distribution.objects.exists())

    def test_a_recipient_cannot_add_recipients(self):
        revision = self.distributed()
        self.client.force_login(self.hoa)
        url = reverse("documents:revision-distribution", args=[revision.pk])
        self.assertEqual(self.client.post(url, {"units": [self.inspection.pk]}).status_code, 403)
        self.assertEqual(revision.distributions.count(), 2)

    def test_the_page_offers_the_previous_recipients_for_a_new_issue(self):
        first = self.distributed()
        second = self.next_issue(first)
        self.client.force_login(self.lan)
        response = self.client.get(reverse("documents:revision-distribution", args=[second.pk]))
        self.assertEqual(response.context["previous"], first)
        response = self.client.post(
            reverse("documents:revision-distribution-copy", args=[second.pk])
        )
        self.assertRedirects(response, reverse("documents:revision-distribution", args=[second.pk]))
        self.assertEqual(second.distributions.count(), 2)
        response = self.client.get(reverse("documents:revision-distribution", args=[second.pk]))
        self.assertIsNone(response.context["previous"])
        self.client.force_login(self.hoa)
        url = reverse("documents:revision-distribution-copy", args=[second.pk])
        self.assertEqual(self.client.post(url).status_code, 403)

    def test_the_late_list_shows_who_is_late(self):
        revision = self.make_late(self.distributed())
        self.client.force_login(self.lan)
        response = self.client.get(reverse("documents:revision-distribution", args=[revision.pk]))
        late = {person.full_name: person.days_late for person in response.context["late"]}
        self.assertEqual(late, {"Vũ Văn Bình": 1, "Phan Thị Yến": 1, "Đỗ Thị Hoa": 1})

    def test_the_distribution_page_query_count_does_not_grow_with_recipients(self):
        revision = self.effective()
        distribution_add(revision=revision, by=self.lan, users=[self.yen])
        # Late from the start, so that both counts include the late list.
        self.make_late(revision)
        url = reverse("documents:revision-distribution", args=[revision.pk])
        self.client.force_login(self.lan)
        few = count_queries(lambda: self.client.get(url))
        extra = make_unit(self.agency, "Phòng Bổ trợ tư pháp")
        people = [
            make_user(f"Cán bộ {index}", self.agency, [Role.STAFF], unit=extra)
            for index in range(6)
        ]
        distribution_add(revision=revision, by=self.lan, units=[extra, self.admin_unit])
        acknowledgement_record(revision=revision, by=people[0])
        self.make_late(revision)
        self.assertEqual(count_queries(lambda: self.client.get(url)), few)


class AcknowledgeViewTests(LadderMixin, DistributionBase):
    def test_a_recipient_acknowledges_from_the_revision_page(self):
        revision = self.distributed()
        detail = reverse("documents:revision-detail", args=[revision.pk])
        acknowledge = reverse("documents:revision-acknowledge", args=[revision.pk])
        self.client.force_login(self.hoa)
        self.assertContains(self.client.get(detail), acknowledge)
        self.assertRedirects(self.client.post(acknowledge), detail)
        self.assertTrue(Acknowledgement.objects.filter(revision=revision, user=self.hoa).exists())
        self.assertNotContains(self.client.get(detail), acknowledge)
        # A second click is refused with a message and changes nothing.
        self.assertRedirects(self.client.post(acknowledge), detail)
        self.assertEqual(Acknowledgement.objects.filter(user=self.hoa).count(), 1)

    def test_the_acknowledge_button_is_only_for_recipients(self):
        revision = self.distributed()
        acknowledge = reverse("documents:revision-acknowledge", args=[revision.pk])
        distribution = reverse("documents:revision-distribution", args=[revision.pk])
        detail = reverse("documents:revision-detail", args=[revision.pk])
        self.client.force_login(self.minh)
        response = self.client.get(detail)
        self.assertNotContains(response, acknowledge)
        self.assertNotContains(response, distribution)
        self.client.force_login(self.lan)
        response = self.client.get(detail)
        self.assertNotContains(response, acknowledge)
        self.assertContains(response, distribution)

    def test_the_acknowledge_post_follows_the_ladder(self):
        revision = self.distributed()
        url = reverse("documents:revision-acknowledge", args=[revision.pk])
        response = self.client.post(url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])
        self.client.force_login(self.tuan)
        self.assertEqual(self.client.post(url).status_code, 404)
        self.client.force_login(self.minh)
        self.assertEqual(self.client.post(url).status_code, 403)
        self.client.force_login(self.hoa)
        self.assertEqual(self.client.get(url).status_code, 405)
        self.assertFalse(Acknowledgement.objects.exists())


class AcknowledgementOverviewTests(LadderMixin, DistributionBase):
    def test_the_overview_follows_the_ladder_and_shows_coverage(self):
        revision = self.distributed()
        self.effective("Quy trình chưa phân phối")
        acknowledgement_record(revision=revision, by=self.hoa)
        url = reverse("documents:acknowledgement-overview")
        response = self.assert_ladder(url, outsider=None, wrong_role=self.hoa, right_role=self.lan)
        rows = list(response.context["page"])
        self.assertEqual([row.pk for row in rows], [revision.pk])
        self.assertEqual((rows[0].acknowledged, rows[0].expected, rows[0].percent), (1, 3, 33))
        self.client.force_login(self.tuan)
        self.assertNotContains(self.client.get(url), revision.document.code)

    def test_an_issue_distributed_before_it_takes_effect_joins_the_overview_when_it_does(self):
        document = make_document(self.agency, self.hung, "Quy trình mới")
        revision = document.revisions.get()
        flow.revision_update_content(revision=revision, by=self.hung, purpose="Mục đích")
        flow.revision_submit(
            revision=revision, by=self.hung, reviewers=[self.mai], approver=self.minh
        )
        flow.revision_review_pass(revision=revision, by=self.mai)
        starts = timezone.localdate() + timedelta(days=10)
        flow.revision_approve(revision=revision, by=self.minh, effective_date=starts)
        distribution_add(
            revision=Revision.objects.get(pk=revision.pk), by=self.lan, users=[self.hoa]
        )
        self.client.force_login(self.lan)
        url = reverse("documents:acknowledgement-overview")
        self.assertEqual(list(self.client.get(url).context["page"]), [])
        flow.revisions_activate_due(on=starts)
        self.assertEqual([row.pk for row in self.client.get(url).context["page"]], [revision.pk])

    def test_the_overview_query_count_does_not_grow_with_revisions_or_recipients(self):
        self.distributed("Quy trình số 0")
        url = reverse("documents:acknowledgement-overview")
        self.client.force_login(self.lan)
        few = count_queries(lambda: self.client.get(url))
        for index in range(1, 5):
            revision = self.distributed(f"Quy trình số {index}")
            distribution_add(revision=revision, by=self.lan, units=[self.office])
            acknowledgement_record(revision=revision, by=self.binh)
            self.make_late(revision)
        response = self.client.get(url)
        self.assertEqual(len(response.context["page"]), 5)
        self.assertEqual(count_queries(lambda: self.client.get(url)), few)


class AcknowledgementTaskTests(DistributionBase):
    def test_staff_see_what_they_have_to_read_in_my_tasks(self):
        revision = self.distributed()
        self.client.force_login(self.hoa)
        response = self.client.get(reverse("home"))
        self.assertContains(response, revision.document.code)
        self.assertEqual(response.context["task_count"], 1)
        acknowledgement_record(revision=revision, by=self.hoa)
        self.assertEqual(self.client.get(reverse("home")).context["task_count"], 0)

    def test_a_late_acknowledgement_is_overdue(self):
        revision = self.make_late(self.distributed())
        self.client.force_login(self.binh)
        groups = self.client.get(reverse("home")).context["task_groups"]
        items = [item for group in groups for item in group.items]
        self.assertEqual(len(items), 1)
        self.assertTrue(items[0].overdue)
        self.assertEqual(items[0].url, reverse("documents:revision-detail", args=[revision.pk]))

    def test_people_outside_the_distribution_have_nothing_to_read(self):
        self.distributed()
        self.client.force_login(self.minh)
        self.assertEqual(self.client.get(reverse("home")).context["task_count"], 0)

    def test_my_tasks_query_count_does_not_grow_with_revisions_to_read(self):
        self.distributed("Quy trình số 0")
        self.client.force_login(self.hoa)
        few = count_queries(lambda: self.client.get(reverse("home")))
        for index in range(1, 5):
            self.distributed(f"Quy trình số {index}")
        response = self.client.get(reverse("home"))
        self.assertEqual(response.context["task_count"], 5)
        self.assertEqual(count_queries(lambda: self.client.get(reverse("home"))), few)
