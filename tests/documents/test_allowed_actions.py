"""A revision's page offers a step exactly when the service would accept it: for every status
and every kind of user, ``revision_allowed_actions`` agrees with the services and the page
shows the buttons it allows."""

from datetime import timedelta
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from documents.models import Revision
from documents.services import revisions as flow
from documents.services.changes import change_request_create, change_request_decide
from documents.workflow import REVISION_CHECKS, revision_allowed_actions
from qms.agencies.roles import Role
from tests.helpers import (
    make_agency,
    make_document,
    make_effective_document,
    make_province,
    make_user,
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
}


def succeeds(call) -> bool:
    """Whether ``call`` is accepted; whatever it wrote is rolled back."""
    try:
        with transaction.atomic():
            call()
            transaction.set_rollback(True)
    except (PermissionDenied, ValidationError):
        return False
    return True


class RevisionAllowedActionsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province()
        cls.agency = make_agency("Sở Tư pháp", province=cls.province)
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY])
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER])
        cls.mai = make_user("Lê Thị Mai", cls.agency, [Role.REVIEWER])
        cls.son = make_user("Trịnh Văn Sơn", cls.agency, [Role.REVIEWER])
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
        cls.tam = make_user("Đinh Văn Tâm", cls.province, [Role.SUPERVISOR])
        cls.other = make_agency("Sở Y tế", province=cls.province)
        cls.tuan = make_user("Ngô Anh Tuấn", cls.other, [Role.ISO_SECRETARY])
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
        withdrawn = cls._effective("Quy trình bị bãi bỏ")[1]
        flow.revision_withdraw(revision=withdrawn, by=cls.lan, reason="Không còn áp dụng")
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
        return {
            "ISO secretary": self.lan,
            "drafter": self.hung,
            "reviewer": self.mai,
            "second reviewer": self.son,
            "approver": self.minh,
            "plain staff": self.hoa,
            "province supervisor": self.tam,
            "another agency's secretary": self.tuan,
        }

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
            "withdraw": lambda revision, by: flow.revision_withdraw(
                revision=revision, by=by, reason="Không còn áp dụng"
            ),
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
        for role, user in self.users().items():
            for state in self.states:
                allowed = revision_allowed_actions(self.fresh(state), user)
                for name, call in self.calls().items():
                    with self.subTest(role=role, state=state, action=name):
                        accepted = succeeds(partial(call, self.fresh(state), user))
                        self.assertEqual(name in allowed, accepted)

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
        self.assertEqual(revision_allowed_actions(self.fresh("draft"), self.tam), frozenset())

    def test_the_page_shows_a_button_exactly_when_allowed(self):
        for role, user in self.users().items():
            self.client.force_login(user)
            for state in self.states:
                revision = self.fresh(state)
                allowed = revision_allowed_actions(revision, user)
                response = self.client.get(reverse("documents:revision-detail", args=[revision.pk]))
                html = response.content.decode() if response.status_code == 200 else ""
                if response.status_code != 200:
                    with self.subTest(role=role, state=state):
                        self.assertIn(response.status_code, (403, 404))
                        self.assertEqual(allowed, frozenset())
                for name, url_name in BUTTONS.items():
                    url = reverse(url_name, args=[revision.pk])
                    with self.subTest(role=role, state=state, action=name):
                        self.assertEqual(name in allowed, f'"{url}"' in html)

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
