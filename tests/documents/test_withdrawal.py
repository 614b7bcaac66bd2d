"""Withdrawal is a decision: the ISO secretary proposes it with a reason, on a page that says
which document and which readers it affects; the leader approves or refuses it; only then the
issue becomes obsolete."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils.translation import gettext

from documents.models import ApprovalDecision, Document, Revision, WithdrawalRequest
from documents.selectors.withdrawals import open_withdrawal
from documents.services.distribution import distribution_add
from documents.services.withdrawals import withdrawal_decide, withdrawal_propose
from qms.agencies.roles import Role
from tests.helpers import (
    LadderMixin,
    count_queries,
    make_effective_document,
    make_unit,
    make_user,
    make_workflow_cast,
)

S = Revision.Status


class WithdrawalTestCase(LadderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast = make_workflow_cast()
        cast = cls.cast
        cls.agency = cast.agency
        # Lan, ISO secretary: proposes. Minh, approver (Giám đốc): decides. Hoa, staff: reads.
        cls.lan, cls.minh, cls.hoa = cast.lan, cast.minh, cast.hoa
        # Tuấn, ISO secretary of Sở Y tế: never sees Sở Tư pháp's withdrawals.
        cls.tuan = cast.tuan
        # Quang, Chánh Văn phòng who is both ISO secretary and approver: never decides alone.
        cls.quang = make_user(
            "Bùi Văn Quang", cls.agency, [Role.ISO_SECRETARY, Role.APPROVER, Role.STAFF]
        )
        cls.office = make_unit(cls.agency, "Văn phòng Sở")

    def setUp(self):
        self.document = make_effective_document(
            self.agency,
            drafter=self.cast.hung,
            reviewer=self.cast.mai,
            approver=self.minh,
            title="Quy trình cấp phiếu lý lịch tư pháp",
        )
        self.revision = self.document.effective_revision

    def propose(
        self, by=None, reason="Thủ tục hành chính đã bị bãi bỏ theo Quyết định 1234/QĐ-UBND"
    ):
        return withdrawal_propose(revision=self.revision, by=by or self.lan, reason=reason)

    def fresh(self) -> Revision:
        return Revision.objects.get(pk=self.revision.pk)


class WithdrawalServiceTests(WithdrawalTestCase):
    def test_a_proposal_changes_nothing_until_the_leader_approves(self):
        withdrawal = self.propose()
        self.assertEqual(self.fresh().status, S.EFFECTIVE)
        self.assertEqual(withdrawal.status, WithdrawalRequest.Status.PROPOSED)
        self.assertEqual(withdrawal.history.count(), 1)
        withdrawal_decide(withdrawal=withdrawal, by=self.minh, approve=True, note="Đồng ý")
        revision = self.fresh()
        self.assertEqual(revision.status, S.OBSOLETE)
        self.assertIn("1234/QĐ-UBND", revision.withdrawal_reason)
        self.assertEqual(revision.history.latest().history_user, self.minh)
        document = Document.objects.get(pk=self.document.pk)
        self.assertEqual((document.status, document.effective_revision), ("obsolete", None))
        decision = revision.decisions.last()
        self.assertEqual(
            (decision.decision, decision.by), (ApprovalDecision.Decision.WITHDRAWN, self.minh)
        )
        withdrawal.refresh_from_db()
        self.assertEqual(
            (withdrawal.status, withdrawal.decided_by, withdrawal.decision_note),
            (WithdrawalRequest.Status.APPROVED, self.minh, "Đồng ý"),
        )
        self.assertEqual(withdrawal.history.count(), 2)

    def test_a_refusal_needs_a_note_and_keeps_the_issue_effective(self):
        withdrawal = self.propose()
        with self.assertRaises(ValidationError):
            withdrawal_decide(withdrawal=withdrawal, by=self.minh, approve=False, note=" ")
        withdrawal_decide(
            withdrawal=withdrawal, by=self.minh, approve=False, note="Thủ tục vẫn còn hiệu lực"
        )
        self.assertEqual(self.fresh().status, S.EFFECTIVE)
        withdrawal.refresh_from_db()
        self.assertEqual(withdrawal.status, WithdrawalRequest.Status.REFUSED)
        # Refused, it may be proposed again later.
        self.assertEqual(self.propose().status, WithdrawalRequest.Status.PROPOSED)

    def test_who_may_propose_and_who_may_decide(self):
        for person in (self.minh, self.hoa, self.cast.hung, self.cast.tam, self.tuan):
            with self.subTest(person=person.full_name), self.assertRaises(PermissionDenied):
                self.propose(by=person)
        with self.assertRaises(ValidationError):
            self.propose(reason="  ")
        withdrawal = self.propose()
        with self.assertRaises(ValidationError):  # one open proposal at a time
            self.propose()
        for person in (self.lan, self.hoa, self.cast.tam, self.tuan):
            with self.subTest(person=person.full_name), self.assertRaises(PermissionDenied):
                withdrawal_decide(withdrawal=withdrawal, by=person, approve=True)
        self.assertEqual(self.fresh().status, S.EFFECTIVE)
        withdrawal_decide(withdrawal=withdrawal, by=self.minh, approve=True)
        with self.assertRaises(ValidationError):  # decided once
            withdrawal_decide(withdrawal=withdrawal, by=self.minh, approve=False, note="Không")
        with self.assertRaises(ValidationError):  # obsolete now: nothing to withdraw
            self.propose()

    def test_nobody_decides_their_own_proposal(self):
        withdrawal = self.propose(by=self.quang)
        with self.assertRaises(ValidationError):
            withdrawal_decide(withdrawal=withdrawal, by=self.quang, approve=True)
        withdrawal_decide(withdrawal=withdrawal, by=self.minh, approve=True)
        self.assertEqual(self.fresh().status, S.OBSOLETE)


class WithdrawalViewTests(WithdrawalTestCase):
    def propose_url(self):
        return reverse("documents:revision-withdraw", args=[self.revision.pk])

    def decide_url(self):
        return reverse("documents:revision-withdrawal-decide", args=[self.revision.pk])

    def test_the_proposal_page_follows_the_ladder(self):
        self.assert_ladder(
            self.propose_url(), outsider=self.tuan, wrong_role=self.hoa, right_role=self.lan
        )

    def test_the_proposal_page_says_which_document_and_readers_it_affects(self):
        self.hoa.unit = self.office
        self.hoa.save(update_fields=["unit"])
        distribution_add(revision=self.revision, by=self.lan, units=[self.office])
        self.client.force_login(self.lan)
        response = self.client.get(self.propose_url())
        self.assertContains(response, self.document.code)
        self.assertContains(response, "Văn phòng Sở")
        self.assertEqual(response.context["readers"]["total"], 1)

    def test_proposing_needs_the_confirmation_and_a_reason(self):
        self.client.force_login(self.lan)
        response = self.client.post(self.propose_url(), {"reason": "Bãi bỏ"})
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(open_withdrawal(self.revision))
        response = self.client.post(self.propose_url(), {"reason": "", "confirm": "on"})
        self.assertIsNone(open_withdrawal(self.revision))
        response = self.client.post(self.propose_url(), {"reason": "Bãi bỏ", "confirm": "on"})
        self.assertRedirects(
            response, reverse("documents:revision-detail", args=[self.revision.pk])
        )
        self.assertIsNotNone(open_withdrawal(self.revision))
        self.assertEqual(self.fresh().status, S.EFFECTIVE)
        # A second proposal is refused with a message, not a 500.
        response = self.client.get(self.propose_url(), follow=True)
        self.assertIn(
            gettext("A withdrawal of this issue already awaits the leader's decision."),
            [message.message for message in response.context["messages"]],
        )

    def test_the_leader_approves_on_the_decision_page(self):
        self.propose()
        self.client.force_login(self.lan)
        self.assertEqual(self.client.get(self.decide_url()).status_code, 403)
        self.client.force_login(self.tuan)
        self.assertEqual(self.client.get(self.decide_url()).status_code, 404)
        self.client.force_login(self.minh)
        response = self.client.get(self.decide_url())
        self.assertContains(response, "1234/QĐ-UBND")
        response = self.client.post(self.decide_url(), {"approve": "0", "note": ""})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.fresh().status, S.EFFECTIVE)
        response = self.client.post(self.decide_url(), {"approve": "1", "note": "Đồng ý"})
        self.assertRedirects(
            response, reverse("documents:document-detail", args=[self.document.pk])
        )
        self.assertEqual(self.fresh().status, S.OBSOLETE)
        # Decided: the page sends back to the issue with a message, never a 404.
        self.assertRedirects(
            self.client.get(self.decide_url()),
            reverse("documents:revision-detail", args=[self.revision.pk]),
        )

    def test_the_revision_page_offers_each_step_to_its_person(self):
        page = reverse("documents:revision-detail", args=[self.revision.pk])
        self.client.force_login(self.lan)
        self.assertContains(self.client.get(page), f'"{self.propose_url()}"')
        self.propose()
        self.assertNotContains(self.client.get(page), f'"{self.propose_url()}"')
        self.client.force_login(self.minh)
        self.assertContains(self.client.get(page), f'"{self.decide_url()}"')

    def test_the_pages_query_counts_do_not_grow_with_readers(self):
        self.propose()
        self.client.force_login(self.minh)
        few = count_queries(lambda: self.client.get(self.decide_url()))
        people = [make_user(f"Cán bộ số {index}", self.agency, [Role.STAFF]) for index in range(5)]
        for person in people:
            person.unit = self.office
            person.save(update_fields=["unit"])
        distribution_add(revision=self.revision, by=self.lan, units=[self.office])
        self.assertEqual(count_queries(lambda: self.client.get(self.decide_url())), few)


class LeaderDecidesChangesTests(WithdrawalTestCase):
    def test_the_agency_setting_leaves_change_requests_to_the_leader(self):
        from documents.services.changes import change_request_create
        from documents.workflow import change_request_allowed_actions

        request = change_request_create(
            document=self.document, by=self.hoa, reason="Thời hạn giải quyết thay đổi"
        )
        self.assertEqual(change_request_allowed_actions(request, self.lan), {"decide"})
        self.agency.leader_decides_changes = True
        self.agency.save(update_fields=["leader_decides_changes"])
        request = request.__class__.objects.select_related("document__agency").get(pk=request.pk)
        self.assertEqual(change_request_allowed_actions(request, self.lan), frozenset())
        self.assertEqual(change_request_allowed_actions(request, self.minh), {"decide"})
        self.client.force_login(self.lan)
        url = reverse("documents:changerequest-decide", args=[request.pk])
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_the_change_request_waits_in_the_tasks_of_whoever_decides_it(self):
        from documents.services.changes import change_request_create

        change_request_create(document=self.document, by=self.hoa, reason="Sửa biểu mẫu")
        group = gettext("Change requests to decide")
        self.client.force_login(self.lan)
        self.assertContains(self.client.get(reverse("home")), group)
        self.client.force_login(self.minh)
        self.assertNotContains(self.client.get(reverse("home")), group)
        self.agency.leader_decides_changes = True
        self.agency.save(update_fields=["leader_decides_changes"])
        self.assertContains(self.client.get(reverse("home")), group)
        self.client.force_login(self.lan)
        self.assertNotContains(self.client.get(reverse("home")), group)


class WithdrawalTaskTests(WithdrawalTestCase):
    def test_a_proposal_waits_in_the_leaders_tasks_until_decided(self):
        withdrawal = self.propose()
        decide_url = reverse("documents:revision-withdrawal-decide", args=[self.revision.pk])
        self.client.force_login(self.minh)
        self.assertContains(self.client.get(reverse("home")), decide_url)
        self.client.force_login(self.hoa)
        self.assertNotContains(self.client.get(reverse("home")), decide_url)
        withdrawal_decide(withdrawal=withdrawal, by=self.minh, approve=False, note="Chưa cần")
        self.client.force_login(self.minh)
        self.assertNotContains(self.client.get(reverse("home")), decide_url)
