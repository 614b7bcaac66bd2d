"""A nonconformity's page offers a step exactly when the service would accept it: for every
status and every kind of user, ``nonconformity_allowed_actions`` agrees with the services and
the page shows the buttons it allows."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from audits.models import Action, Nonconformity
from audits.services import actions as action_flow
from audits.services import nonconformities, nonconformity_actions
from audits.workflow import (
    NONCONFORMITY_CHECKS,
    nonconformity_allowed_actions,
)
from qms.agencies.roles import Role
from tests.helpers import (
    AllowedActionsMixin,
    button_to,
    make_effective_document,
    make_nonconformity,
    make_planned_nonconformity,
    make_user,
    make_workflow_cast,
)

S = Nonconformity.Status
EFFECTIVE, NOT_EFFECTIVE = Nonconformity.Effectiveness.values


def _first_open_action(nonconformity: Nonconformity) -> Action:
    action = nonconformity.actions.filter(status=Action.Status.OPEN).first()
    if action is None:
        raise ValidationError("No open action to cancel.")
    return action


def _calls(owner):
    """Each step's service, called with valid input, by action name."""
    return {
        "edit": lambda nc, by: nonconformities.nonconformity_update(
            nonconformity=nc, by=by, reason="Sửa tiêu đề", title="Tiêu đề đã sửa"
        ),
        "analyse": lambda nc, by: nonconformities.nonconformity_analyse(
            nonconformity=nc, by=by, correction="Đã khắc phục ngay.", whys=["Thiếu sổ theo dõi"]
        ),
        "add_action": lambda nc, by: action_flow.action_create(
            parent=nc,
            by=by,
            kind="corrective",
            title="Bổ sung bước kiểm tra",
            owner=owner,
            due_on=timezone.localdate() + timedelta(days=20),
        ),
        "start": lambda nc, by: nonconformity_actions.nonconformity_start(nonconformity=nc, by=by),
        "verify": lambda nc, by: nonconformity_actions.nonconformity_verify(
            nonconformity=nc, by=by, result=EFFECTIVE, evidence="Kiểm tra 20 hồ sơ"
        ),
        "close": lambda nc, by: nonconformity_actions.nonconformity_close(nonconformity=nc, by=by),
        "cancel": lambda nc, by: nonconformities.nonconformity_cancel(
            nonconformity=nc, by=by, reason="Đăng ký trùng"
        ),
        "request_change": lambda nc, by: nonconformities.nonconformity_request_document_change(
            nonconformity=nc, by=by, reason="Bổ sung bước kiểm tra sổ"
        ),
        "cancel_actions": lambda nc, by: action_flow.action_cancel(
            action=_first_open_action(nc), by=by, reason="Không còn cần thiết"
        ),
    }


# The button each action shows on the nonconformity's page ("cancel_actions" lives on the
# action's own page).
BUTTONS = {
    "edit": "audits:nonconformity-edit",
    "analyse": "audits:nonconformity-analyse",
    "add_action": "audits:nonconformity-action-create",
    "start": "audits:nonconformity-start",
    "verify": "audits:nonconformity-verify",
    "close": "audits:nonconformity-close",
    "cancel": "audits:nonconformity-cancel",
    "request_change": "audits:nonconformity-change-request",
}


class NonconformityAllowedActionsTests(AllowedActionsMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast = cast = make_workflow_cast()
        cls.agency, cls.lan, cls.hoa, cls.tam = cast.agency, cast.lan, cast.hoa, cast.tam
        # Thảo, internal auditor, verifies what others did.
        cls.thao = make_user("Võ Thị Thảo", cls.agency, [Role.AUDITOR, Role.STAFF])
        # Bình, staff, owns none of the actions.
        cls.binh = make_user("Lý Văn Bình", cls.agency, [Role.STAFF])
        document = make_effective_document(
            cls.agency, drafter=cast.hung, reviewer=cast.mai, approver=cast.minh
        )
        cls.states = cls._build_states(document)

    @classmethod
    def _build_states(cls, document) -> dict[str, Nonconformity]:
        """One nonconformity per status (and per turn within a status), got there by the
        services."""
        lan, hoa, thao = cls.lan, cls.hoa, cls.thao

        def planned(start=True):
            return make_planned_nonconformity(
                cls.agency, lan, [hoa], start=start, document=document
            )

        def awaiting():
            nonconformity, (action,) = planned()
            action_flow.action_complete(action=action, by=hoa, evidence="Đã lập sổ.")
            return nonconformity

        def verified(result):
            nonconformity = awaiting()
            nonconformity_actions.nonconformity_verify(
                nonconformity=nonconformity, by=thao, result=result, evidence="Kiểm tra hồ sơ"
            )
            return nonconformity

        states = {"open": make_nonconformity(cls.agency, lan, document=document)}
        analysed = make_nonconformity(cls.agency, lan, document=document)
        nonconformities.nonconformity_analyse(
            nonconformity=analysed, by=lan, correction="Đã trả ngay.", whys=["Chuyển nhầm"]
        )
        states["analysed"] = analysed
        states["action_plan"] = planned(start=False)[0]
        states["in_progress"] = planned()[0]
        changed = planned()[0]
        nonconformities.nonconformity_request_document_change(
            nonconformity=changed, by=lan, reason="Bổ sung bước kiểm tra sổ"
        )
        states["in_progress_change_requested"] = changed
        states["awaiting_verification"] = awaiting()
        states["verified_effective"] = verified(EFFECTIVE)
        states["reopened_not_effective"] = verified(NOT_EFFECTIVE)
        closed = verified(EFFECTIVE)
        nonconformity_actions.nonconformity_close(nonconformity=closed, by=lan)
        states["closed"] = closed
        cancelled = planned()[0]
        nonconformities.nonconformity_cancel(nonconformity=cancelled, by=lan, reason="Trùng")
        states["cancelled"] = cancelled
        return states

    def users(self):
        return {
            **self.cast.roles,
            "internal auditor": self.thao,
            "action owner": self.hoa,
            "plain staff": self.binh,
        }

    def fresh(self, name: str) -> Nonconformity:
        return Nonconformity.objects.select_related("agency", "document").get(
            pk=self.states[name].pk
        )

    def test_every_status_is_reached(self):
        reached = {Nonconformity.objects.get(pk=nc.pk).status for nc in self.states.values()}
        self.assertEqual(reached, set(S.values))

    def test_the_names_are_those_of_the_services(self):
        calls = _calls(self.hoa)
        self.assertEqual(set(calls), {*NONCONFORMITY_CHECKS, "cancel_actions"})

    def test_allowed_actions_agree_with_the_services(self):
        self.assert_allowed_agrees_with_services(
            users=self.users(),
            states=self.states,
            fresh=self.fresh,
            allowed_actions=nonconformity_allowed_actions,
            calls=_calls(self.hoa),
        )

    def test_the_secretary_moves_a_nonconformity_along(self):
        """A few answers spelled out, so that agreement is not reached by refusing everything."""
        lan, thao, hoa = self.lan, self.thao, self.hoa
        self.assertIn("analyse", nonconformity_allowed_actions(self.fresh("open"), lan))
        self.assertIn("start", nonconformity_allowed_actions(self.fresh("action_plan"), lan))
        self.assertNotIn(
            "start", nonconformity_allowed_actions(self.fresh("reopened_not_effective"), lan)
        )
        awaiting = self.fresh("awaiting_verification")
        self.assertIn("verify", nonconformity_allowed_actions(awaiting, thao))
        self.assertNotIn("verify", nonconformity_allowed_actions(awaiting, hoa))
        self.assertIn("close", nonconformity_allowed_actions(self.fresh("verified_effective"), lan))
        self.assertIn("request_change", nonconformity_allowed_actions(self.fresh("open"), lan))
        self.assertNotIn(
            "request_change",
            nonconformity_allowed_actions(self.fresh("in_progress_change_requested"), lan),
        )
        self.assertEqual(nonconformity_allowed_actions(self.fresh("closed"), lan), frozenset())
        self.assertEqual(nonconformity_allowed_actions(self.fresh("open"), self.tam), frozenset())

    def test_the_page_shows_a_button_exactly_when_allowed(self):
        self.assert_page_shows_allowed_buttons(
            users=self.users(),
            states=self.states,
            fresh=self.fresh,
            allowed_actions=nonconformity_allowed_actions,
            page_url=lambda nc: reverse("audits:nonconformity-detail", args=[nc.pk]),
            buttons={name: button_to(url_name) for name, url_name in BUTTONS.items()},
        )
