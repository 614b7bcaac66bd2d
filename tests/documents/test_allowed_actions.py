"""A revision's page, and a change request's, offer a step exactly when the service would
accept it: for every status and every kind of user, ``revision_allowed_actions`` and
``change_request_allowed_actions`` agree with the services and the pages show the buttons they
allow."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from documents.models import ChangeRequest, Revision
from documents.selectors.withdrawals import open_withdrawal
from documents.services import revisions as flow
from documents.services.changes import change_request_create, change_request_decide
from documents.services.withdrawals import withdrawal_decide, withdrawal_propose
from documents.workflow import (
    CHANGE_REQUEST_CHECKS,
    REVISION_CHECKS,
    change_request_allowed_actions,
    revision_allowed_actions,
)
from qms.agencies.roles import Role
from tests.helpers import (
    AllowedActionsMixin,
    button_to,
    make_document,
    make_effective_document,
    make_user,
    make_workflow_cast,
    withdraw_effective,
)

S = Revision.Status

# The button each action shows on the revision's page.
BUTTONS = {
    "edit": "documents:revision-edit",
    "submit": "documents:revision-submit",
    "review": "documents:revision-review",
    "return": "documents:revision-return",
    "approve": "documents:revision-approve",
    "withdraw": "documents:revision-withdraw",
    "decide_withdrawal": "documents:revision-withdrawal-decide",
}


def decide_open_withdrawal(revision: Revision, by):
    """The leader's decision on the revision's open withdrawal; refused when there is none."""
    withdrawal = open_withdrawal(revision)
    if withdrawal is None:
        raise ValidationError("No withdrawal awaits a decision.")
    return withdrawal_decide(withdrawal=withdrawal, by=by, approve=True)


class RevisionAllowedActionsTests(AllowedActionsMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast = make_workflow_cast()
        cls.agency = cls.cast.agency
        cls.lan, cls.hung, cls.mai = cls.cast.lan, cls.cast.hung, cls.cast.mai
        cls.minh, cls.hoa, cls.tam = cls.cast.minh, cls.cast.hoa, cls.cast.tam
        # Sơn, a second Trưởng phòng, reviews beside Mai.
        cls.son = make_user("Trịnh Văn Sơn", cls.agency, [Role.REVIEWER])
        cls.states = cls._build_states()

    @classmethod
    def _draft(cls, title: str) -> Revision:
        document = make_document(cls.agency, cls.hung, title)
        revision = document.revisions.get()
        flow.revision_update_content(
            revision=revision, by=cls.hung, purpose="Quy định thống nhất.", body="Nội dung."
        )
        return revision

    @classmethod
    def _submitted(cls, title: str) -> Revision:
        revision = cls._draft(title)
        flow.revision_submit(
            revision=revision, by=cls.hung, reviewers=[cls.mai, cls.son], approver=cls.minh
        )
        return revision

    @classmethod
    def _in_approval(cls, title: str) -> Revision:
        revision = cls._submitted(title)
        flow.revision_review_pass(revision=revision, by=cls.mai)
        flow.revision_review_pass(revision=revision, by=cls.son)
        return revision

    @classmethod
    def _effective(cls, title: str):
        document = make_effective_document(
            cls.agency, drafter=cls.hung, reviewer=cls.mai, approver=cls.minh, title=title
        )
        return document, document.revisions.get()

    @classmethod
    def _build_states(cls) -> dict[str, Revision]:
        """One revision per status (and per turn within a status), got there by the services."""
        states = {"draft": cls._draft("Quy trình nháp")}
        returned = cls._submitted("Quy trình bị trả lại")
        flow.revision_return(revision=returned, by=cls.mai, comment="Bổ sung căn cứ")
        states["draft_returned"] = returned
        states["in_review"] = cls._submitted("Quy trình đang xem xét")
        one_passed = cls._submitted("Quy trình một người đã đạt")
        flow.revision_review_pass(revision=one_passed, by=cls.mai)
        states["in_review_one_passed"] = one_passed
        states["in_approval"] = cls._in_approval("Quy trình chờ phê duyệt")
        approved = cls._in_approval("Quy trình hiệu lực sau")
        flow.revision_approve(
            revision=approved,
            by=cls.minh,
            effective_date=timezone.localdate() + timedelta(days=10),
        )
        states["approved"] = approved
        states["effective"] = cls._effective("Quy trình đang hiệu lực")[1]
        proposed = cls._effective("Quy trình đề nghị thu hồi")[1]
        withdrawal_propose(revision=proposed, by=cls.lan, reason="TTHC đã bị bãi bỏ")
        states["withdrawal_proposed"] = proposed
        refused = cls._effective("Quy trình giữ lại")[1]
        withdrawal_decide(
            withdrawal=withdrawal_propose(revision=refused, by=cls.lan, reason="Trùng lặp"),
            by=cls.minh,
            approve=False,
            note="Vẫn còn áp dụng",
        )
        states["withdrawal_refused"] = refused
        withdrawn = cls._effective("Quy trình bị bãi bỏ")[1]
        withdraw_effective(
            withdrawn, secretary=cls.lan, leader=cls.minh, reason="Không còn áp dụng"
        )
        states["obsolete"] = withdrawn
        document, first = cls._effective("Quy trình được sửa đổi")
        change_request = change_request_create(document=document, by=cls.hoa, reason="Sửa đổi")
        second = change_request_decide(
            change_request=change_request, by=cls.lan, accept=True, drafter=cls.hung
        )
        flow.revision_update_content(
            revision=second, by=cls.hung, purpose="Cập nhật.", change_summary="Sửa bước 2."
        )
        flow.revision_submit(revision=second, by=cls.hung, reviewers=[cls.mai], approver=cls.minh)
        flow.revision_review_pass(revision=second, by=cls.mai)
        flow.revision_approve(revision=second, by=cls.minh)
        states["superseded"] = first
        return states

    def users(self):
        return {**self.cast.roles, "second reviewer": self.son}

    def calls(self):
        """Each step's service, called with valid input, by action name."""
        return {
            "edit": lambda revision, by: flow.revision_update_content(
                revision=revision, by=by, purpose="Mục đích mới.", body="Nội dung mới."
            ),
            "submit": lambda revision, by: flow.revision_submit(
                revision=revision, by=by, reviewers=[self.mai], approver=self.minh
            ),
            "review": lambda revision, by: flow.revision_review_pass(revision=revision, by=by),
            "return": lambda revision, by: flow.revision_return(
                revision=revision, by=by, comment="Bổ sung căn cứ pháp lý"
            ),
            "approve": lambda revision, by: flow.revision_approve(revision=revision, by=by),
            "withdraw": lambda revision, by: withdrawal_propose(
                revision=revision, by=by, reason="Không còn áp dụng"
            ),
            "decide_withdrawal": decide_open_withdrawal,
        }

    def fresh(self, name: str) -> Revision:
        return Revision.objects.select_related("document__agency", "document__type").get(
            pk=self.states[name].pk
        )

    def test_every_status_is_reached(self):
        reached = {Revision.objects.get(pk=r.pk).status for r in self.states.values()}
        self.assertEqual(reached, set(S.values))

    def test_the_names_are_those_of_the_services(self):
        self.assertEqual(set(self.calls()), set(REVISION_CHECKS))
        self.assertEqual(set(BUTTONS), set(REVISION_CHECKS))

    def test_allowed_actions_agree_with_the_services(self):
        self.assert_allowed_agrees_with_services(
            users=self.users(),
            states=self.states,
            fresh=self.fresh,
            allowed_actions=revision_allowed_actions,
            calls=self.calls(),
        )

    def test_a_few_answers_spelled_out(self):
        """So that agreement is not reached by refusing everything."""
        self.assertEqual(
            revision_allowed_actions(self.fresh("draft"), self.hung), {"edit", "submit"}
        )
        self.assertEqual(
            revision_allowed_actions(self.fresh("in_review"), self.mai), {"review", "return"}
        )
        self.assertEqual(
            revision_allowed_actions(self.fresh("in_review_one_passed"), self.mai), {"return"}
        )
        self.assertEqual(
            revision_allowed_actions(self.fresh("in_approval"), self.minh), {"approve", "return"}
        )
        self.assertEqual(revision_allowed_actions(self.fresh("effective"), self.lan), {"withdraw"})
        self.assertEqual(revision_allowed_actions(self.fresh("effective"), self.minh), frozenset())
        proposed = self.fresh("withdrawal_proposed")
        self.assertEqual(revision_allowed_actions(proposed, self.lan), frozenset())
        self.assertEqual(revision_allowed_actions(proposed, self.minh), {"decide_withdrawal"})
        refused = self.fresh("withdrawal_refused")
        self.assertEqual(revision_allowed_actions(refused, self.lan), {"withdraw"})
        self.assertEqual(revision_allowed_actions(self.fresh("draft"), self.tam), frozenset())

    def test_the_page_shows_a_button_exactly_when_allowed(self):
        self.assert_page_shows_allowed_buttons(
            users=self.users(),
            states=self.states,
            fresh=self.fresh,
            allowed_actions=revision_allowed_actions,
            page_url=lambda revision: reverse("documents:revision-detail", args=[revision.pk]),
            buttons={name: button_to(url_name) for name, url_name in BUTTONS.items()},
        )

    def test_each_decision_has_its_own_address(self):
        self.client.force_login(self.mai)
        revision = self.fresh("in_review")
        url = reverse("documents:revision-return", args=[revision.pk])
        self.client.post(url, {"comment": ""})
        self.assertEqual(self.fresh("in_review").status, S.IN_REVIEW)
        self.client.post(url, {"comment": "Bổ sung căn cứ pháp lý"})
        returned = self.fresh("in_review")
        self.assertEqual(returned.status, S.DRAFT)
        self.assertTrue(returned.returned)

    def test_the_review_address_only_passes_and_the_approval_address_only_approves(self):
        self.client.force_login(self.mai)
        reviewed = self.fresh("in_review")
        self.client.post(reverse("documents:revision-review", args=[reviewed.pk]), {"comment": ""})
        self.assertEqual(self.fresh("in_review").status, S.IN_REVIEW)
        self.assertNotIn("review", revision_allowed_actions(self.fresh("in_review"), self.mai))
        self.client.force_login(self.minh)
        url = reverse("documents:revision-approve", args=[self.states["in_approval"].pk])
        self.client.post(url, {"comment": "Đồng ý", "effective_date": ""})
        self.assertEqual(self.fresh("in_approval").status, S.EFFECTIVE)


class ChangeRequestAllowedActionsTests(AllowedActionsMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast = make_workflow_cast()
        cast = cls.cast
        document = make_effective_document(
            cast.agency, drafter=cast.hung, reviewer=cast.mai, approver=cast.minh
        )
        cls.document = document
        accepted = change_request_create(document=document, by=cast.hoa, reason="Sửa bước 2")
        change_request_decide(change_request=accepted, by=cast.lan, accept=True, drafter=cast.hung)
        refused = change_request_create(document=document, by=cast.hoa, reason="Đổi biểu mẫu")
        change_request_decide(
            change_request=refused, by=cast.minh, accept=False, note="Biểu mẫu vẫn phù hợp"
        )
        # Still open: the call below refuses it, a decision needing nothing else.
        opened = change_request_create(document=document, by=cast.hoa, reason="Thêm căn cứ")
        cls.states = {"open": opened, "accepted": accepted, "refused": refused}

    def fresh(self, name: str) -> ChangeRequest:
        return ChangeRequest.objects.select_related("document__agency").get(pk=self.states[name].pk)

    def calls(self):
        return {
            "decide": lambda change_request, by: change_request_decide(
                change_request=change_request, by=by, accept=False, note="Chưa cần sửa đổi"
            )
        }

    def test_the_names_are_those_of_the_services(self):
        self.assertEqual(set(self.calls()), set(CHANGE_REQUEST_CHECKS))

    def test_every_status_is_reached(self):
        reached = {self.fresh(name).status for name in self.states}
        self.assertEqual(reached, set(ChangeRequest.Status.values))

    def test_allowed_actions_agree_with_the_services(self):
        self.assert_allowed_agrees_with_services(
            users=self.cast.roles,
            states=self.states,
            fresh=self.fresh,
            allowed_actions=change_request_allowed_actions,
            calls=self.calls(),
        )

    def test_the_leaders_decide_an_open_request(self):
        opened = self.fresh("open")
        self.assertEqual(change_request_allowed_actions(opened, self.cast.lan), {"decide"})
        self.assertEqual(change_request_allowed_actions(opened, self.cast.minh), {"decide"})
        self.assertEqual(change_request_allowed_actions(opened, self.cast.hoa), frozenset())
        self.assertEqual(
            change_request_allowed_actions(self.fresh("accepted"), self.cast.lan), frozenset()
        )

    def test_the_decision_page_shows_the_form_exactly_when_allowed(self):
        self.assert_page_shows_allowed_buttons(
            users=self.cast.roles,
            states=self.states,
            fresh=self.fresh,
            allowed_actions=change_request_allowed_actions,
            page_url=lambda change_request: reverse(
                "documents:changerequest-decide", args=[change_request.pk]
            ),
            buttons={"decide": lambda change_request: 'name="accept"'},
        )

    def test_the_document_page_links_to_the_decision_exactly_when_allowed(self):
        self.assert_page_shows_allowed_buttons(
            users=self.cast.roles,
            states=self.states,
            fresh=self.fresh,
            allowed_actions=change_request_allowed_actions,
            page_url=lambda change_request: reverse(
                "documents:document-detail", args=[change_request.document_id]
            ),
            buttons={"decide": button_to("documents:changerequest-decide")},
        )
