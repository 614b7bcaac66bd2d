"""Release leads to reading: distribution offered at approval, and "approved, not yet
distributed" in the ISO secretary's Việc của tôi until it is done."""

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from documents.models import Distribution, Revision
from documents.selectors.distribution import approved_not_distributed, distribution_offer
from documents.services import revisions as flow
from documents.services.changes import revision_new_from
from documents.services.distribution import distribution_add, revision_approve_distributing
from qms.agencies.roles import Role
from tests.documents.test_distribution import DistributionBase
from tests.helpers import count_queries, make_unit, make_user


def vi(message: str) -> str:
    """``message`` as the Vietnamese pages show it (the msgid until it is translated)."""
    with translation.override("vi"):
        return gettext(message)


class ApprovalBase(DistributionBase):
    def in_approval(self, revision):
        """The next issue of ``revision``'s document, awaiting Minh's approval."""
        new = revision_new_from(document=revision.document, drafter=self.hung)
        flow.revision_update_content(
            revision=new, by=self.hung, purpose="Sửa đổi", change_summary="Rút ngắn thời hạn"
        )
        flow.revision_submit(revision=new, by=self.hung, reviewers=[self.mai], approver=self.minh)
        flow.revision_review_pass(revision=new, by=self.mai)
        return Revision.objects.get(pk=new.pk)

    def recipients(self, revision):
        return set(Distribution.objects.filter(revision=revision).values_list("unit_id", "user_id"))


class ApprovalDistributionServiceTests(ApprovalBase):
    def test_the_offer_ticks_the_units_and_people_of_the_previous_issue(self):
        new = self.in_approval(self.distributed())
        offer = distribution_offer(new)
        self.assertEqual(offer["unit_ids"], {self.admin_unit.pk})
        self.assertEqual(offer["user_ids"], {self.yen.pk})
        self.assertIn(self.office, offer["units"])
        self.assertNotIn(self.foreign_unit, offer["units"])
        self.assertNotIn(self.dung, offer["users"])  # no role in the agency
        self.assertNotIn(self.cuong, offer["users"])  # locked account

    def test_a_first_issue_is_offered_with_nothing_ticked(self):
        revision = self.in_approval(self.effective())
        offer = distribution_offer(revision)
        self.assertEqual((offer["unit_ids"], offer["user_ids"]), (set(), set()))

    def test_approval_distributes_to_those_chosen_in_the_same_transaction(self):
        new = self.in_approval(self.distributed())
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            revision, rows = revision_approve_distributing(
                revision=new, by=self.minh, units=[self.admin_unit, self.office], users=[]
            )
        self.assertEqual(revision.status, Revision.Status.EFFECTIVE)
        self.assertEqual(len(rows), 2)
        self.assertEqual(self.recipients(new), {(self.admin_unit.pk, None), (self.office.pk, None)})
        self.assertTrue(all(row.distributed_by == self.minh for row in rows))
        self.assertIn(self.hoa.email, {to for message in mail.outbox for to in message.to})

    def test_a_refused_distribution_approves_nothing(self):
        new = self.in_approval(self.distributed())
        with self.assertRaises(ValidationError):
            revision_approve_distributing(revision=new, by=self.minh, units=[self.foreign_unit])
        new.refresh_from_db()
        self.assertEqual(new.status, Revision.Status.IN_APPROVAL)
        self.assertFalse(new.distributions.exists())

    def test_only_the_assigned_approver_approves_and_distributes(self):
        new = self.in_approval(self.distributed())
        with self.assertRaises(PermissionDenied):
            revision_approve_distributing(revision=new, by=self.lan, units=[self.admin_unit])
        self.assertFalse(new.distributions.exists())

    def test_an_issue_approved_without_recipients_waits_until_it_is_distributed(self):
        new = self.in_approval(self.distributed())
        revision_approve_distributing(revision=new, by=self.minh)
        self.assertEqual(list(approved_not_distributed(agency=self.agency)), [new])
        distribution_add(revision=new, by=self.lan, units=[self.admin_unit])
        self.assertEqual(list(approved_not_distributed(agency=self.agency)), [])


class ApprovalPageTests(ApprovalBase):
    def approve(self, revision, data):
        self.client.force_login(self.minh)
        return self.client.post(
            reverse("documents:revision-approve", args=[revision.pk]), data, follow=True
        )

    def test_the_approval_form_lists_units_and_people_with_the_previous_ones_ticked(self):
        new = self.in_approval(self.distributed())
        self.client.force_login(self.minh)
        response = self.client.get(reverse("documents:revision-detail", args=[new.pk]))
        page = response.content.decode()
        self.assertContains(response, vi("Distribute at approval"))
        self.assertRegex(page, rf'value="{self.admin_unit.pk}"[^>]*checked')
        self.assertNotRegex(page, rf'name="units" value="{self.office.pk}"[^>]*checked')
        self.assertRegex(page, rf'name="users" value="{self.yen.pk}"[^>]*checked')
        self.assertNotContains(response, self.foreign_unit.name)

    def test_the_approver_untick_and_ticks_then_approves(self):
        new = self.in_approval(self.distributed())
        response = self.approve(new, {"offered": "on", "units": [self.office.pk], "comment": ""})
        with translation.override("vi"):
            added = translation.ngettext(
                "Added %(count)s entry to the distribution list.",
                "Added %(count)s entries to the distribution list.",
                1,
            ) % {"count": 1}
        self.assertContains(response, added)
        self.assertEqual(self.recipients(new), {(self.office.pk, None)})

    def test_nothing_ticked_approves_and_warns_that_it_is_not_distributed(self):
        new = self.in_approval(self.distributed())
        response = self.approve(new, {"offered": "on"})
        new.refresh_from_db()
        self.assertEqual(new.status, Revision.Status.EFFECTIVE)
        self.assertFalse(new.distributions.exists())
        self.assertContains(response, vi("It is not distributed yet: distribute it from its page."))

    def test_a_request_that_never_showed_the_list_distributes_as_the_previous_issue(self):
        new = self.in_approval(self.distributed())
        self.approve(new, {"comment": "Đồng ý ban hành."})
        self.assertEqual(self.recipients(new), {(self.admin_unit.pk, None), (None, self.yen.pk)})

    def test_a_unit_of_another_agency_is_refused_and_nothing_is_approved(self):
        new = self.in_approval(self.distributed())
        response = self.approve(new, {"offered": "on", "units": [self.foreign_unit.pk]})
        new.refresh_from_db()
        self.assertEqual(new.status, Revision.Status.IN_APPROVAL)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(new.distributions.exists())

    def test_the_revision_page_query_count_does_not_grow_with_the_offer(self):
        new = self.in_approval(self.distributed())
        self.client.force_login(self.minh)
        url = reverse("documents:revision-detail", args=[new.pk])
        few = count_queries(lambda: self.client.get(url))
        for index in range(8):
            unit = make_unit(self.agency, f"Phòng chuyên môn {index}")
            make_user(f"Nguyễn Văn Khoa {index}", self.agency, [Role.STAFF], unit=unit)
        self.assertEqual(count_queries(lambda: self.client.get(url)), few)


class NotYetDistributedTaskTests(ApprovalBase):
    def test_the_secretary_sees_approved_not_yet_distributed_until_done(self):
        revision = self.effective("Quy trình cấp phiếu lý lịch tư pháp")
        self.client.force_login(self.lan)
        response = self.client.get(reverse("home"))
        self.assertContains(response, vi("Approved, not yet distributed"))
        self.assertContains(
            response, reverse("documents:revision-distribution", args=[revision.pk])
        )
        distribution_add(revision=revision, by=self.lan, units=[self.admin_unit])
        response = self.client.get(reverse("home"))
        self.assertNotContains(
            response, reverse("documents:revision-distribution", args=[revision.pk])
        )

    def test_staff_do_not_see_the_group(self):
        self.effective()
        self.client.force_login(self.hoa)
        self.assertNotContains(
            self.client.get(reverse("home")), vi("Approved, not yet distributed")
        )

    def test_my_tasks_query_count_does_not_grow_with_undistributed_issues(self):
        self.effective("Quy trình số 0")
        self.client.force_login(self.lan)
        few = count_queries(lambda: self.client.get(reverse("home")))
        for index in range(1, 6):
            self.effective(f"Quy trình số {index}")
        self.assertEqual(count_queries(lambda: self.client.get(reverse("home"))), few)
