"""A management review's, a quality objective's and an action's pages offer a step exactly when
the service would accept it: for every status and every kind of user, ``review_allowed_actions``,
``objective_allowed_actions`` and ``action_allowed_actions`` agree with the services and the
pages show the buttons they allow. The clock stands on 30 June 2026."""

from datetime import date, timedelta
from decimal import Decimal

import time_machine
from django.test import TestCase
from django.urls import reverse

from audits.models import Action, ManagementReview, QualityObjective
from audits.selectors.review_inputs import INPUTS
from audits.services import actions as action_flow
from audits.services import objectives, reviews
from audits.workflow import (
    ACTION_CHECKS,
    OBJECTIVE_CHECKS,
    REVIEW_CHECKS,
    action_allowed_actions,
    objective_allowed_actions,
    review_allowed_actions,
)
from qms.agencies.roles import Role
from tests.helpers import (
    AllowedActionsMixin,
    button_to,
    make_planned_nonconformity,
    make_unit,
    make_user,
    make_workflow_cast,
)

TODAY = date(2026, 6, 30)
CLOCK = time_machine.travel("2026-06-30 09:00 +07:00", tick=False)
R = ManagementReview.Status


def _minutes(review: ManagementReview) -> dict[str, str]:
    return {item.key: f"Ý kiến về {item.key}" for item in INPUTS[review.iso_version]}


@CLOCK
class ReviewAllowedActionsTests(AllowedActionsMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast = cast = make_workflow_cast()
        # Vinh, ISO secretary who is also a leader: he never approves what he prepared.
        cls.vinh = make_user("Quang Vinh", cast.agency, [Role.ISO_SECRETARY, Role.APPROVER])
        cls.states = cls._build_states()

    @classmethod
    def _review(cls, title: str, *, by=None, compiled=False, written=False, submitted=False):
        by = by or cls.cast.lan
        review = reviews.review_create(
            agency=cls.cast.agency,
            by=by,
            title=title,
            held_on=TODAY - timedelta(days=2),
            chair=cls.cast.minh,
            participants=[cls.cast.lan, cls.cast.hoa],
        )
        if compiled:
            reviews.review_compile(review=review, by=by)
        if written:
            reviews.review_minutes_save(
                review=review, by=by, minutes=_minutes(review), conclusion="Hệ thống phù hợp."
            )
        if submitted:
            reviews.review_submit(review=review, by=by)
        return review

    @classmethod
    def _build_states(cls) -> dict[str, ManagementReview]:
        """One review per status (and per turn within a status), got there by the services."""
        minh = cls.cast.minh
        states = {
            "draft": cls._review("Chuẩn bị họp"),
            "draft_compiled": cls._review("Đã tổng hợp đầu vào", compiled=True),
            "draft_written": cls._review("Đã ghi biên bản", compiled=True, written=True),
            "awaiting_approval": cls._review(
                "Chờ phê duyệt", compiled=True, written=True, submitted=True
            ),
            "awaiting_own": cls._review(
                "Vinh tự chuẩn bị", by=cls.vinh, compiled=True, written=True, submitted=True
            ),
        }
        returned = cls._review("Bị trả lại", compiled=True, written=True, submitted=True)
        reviews.review_return(review=returned, by=minh, comment="Bổ sung số liệu quý II")
        states["returned"] = returned
        approved = cls._review("Đã phê duyệt", compiled=True, written=True, submitted=True)
        reviews.review_approve(review=approved, by=minh)
        states["approved"] = approved
        return states

    def users(self):
        return {**self.cast.roles, "secretary and leader": self.vinh}

    def fresh(self, name: str) -> ManagementReview:
        return ManagementReview.objects.select_related("agency").get(pk=self.states[name].pk)

    def calls(self):
        cast = self.cast
        return {
            "edit": lambda review, by: reviews.review_update(
                review=review,
                by=by,
                title="Xem xét của lãnh đạo 6 tháng",
                held_on=review.held_on,
                chair=cast.minh,
                participants=[cast.lan],
            ),
            "compile": lambda review, by: reviews.review_compile(review=review, by=by),
            "minutes": lambda review, by: reviews.review_minutes_save(
                review=review, by=by, minutes=_minutes(review), conclusion="Phù hợp."
            ),
            "add_decision": lambda review, by: action_flow.action_create(
                parent=review,
                by=by,
                kind="improvement",
                title="Đầu tư phần mềm một cửa",
                owner=cast.hoa,
                due_on=TODAY + timedelta(days=90),
            ),
            "submit": lambda review, by: reviews.review_submit(review=review, by=by),
            "approve": lambda review, by: reviews.review_approve(review=review, by=by),
            "return": lambda review, by: reviews.review_return(
                review=review, by=by, comment="Bổ sung số liệu"
            ),
        }

    def test_every_status_is_reached(self):
        self.assertEqual({self.fresh(name).status for name in self.states}, set(R.values))

    def test_the_names_are_those_of_the_services(self):
        self.assertEqual(set(self.calls()), set(REVIEW_CHECKS))

    def test_allowed_actions_agree_with_the_services(self):
        self.assert_allowed_agrees_with_services(
            users=self.users(),
            states=self.states,
            fresh=self.fresh,
            allowed_actions=review_allowed_actions,
            calls=self.calls(),
        )

    def test_a_few_answers_spelled_out(self):
        lan, minh = self.cast.lan, self.cast.minh
        self.assertNotIn("submit", review_allowed_actions(self.fresh("draft_compiled"), lan))
        self.assertIn("submit", review_allowed_actions(self.fresh("draft_written"), lan))
        self.assertEqual(
            review_allowed_actions(self.fresh("awaiting_approval"), minh), {"approve", "return"}
        )
        self.assertEqual(review_allowed_actions(self.fresh("awaiting_own"), self.vinh), set())
        self.assertEqual(review_allowed_actions(self.fresh("approved"), lan), set())

    def test_the_page_shows_a_button_exactly_when_allowed(self):
        buttons = {
            "edit": "audits:review-edit",
            "compile": "audits:review-compile",
            "minutes": "audits:review-minutes",
            "add_decision": "audits:review-decision-create",
            "submit": "audits:review-submit",
            "approve": "audits:review-decide",
            "return": "audits:review-return",
        }
        self.assert_page_shows_allowed_buttons(
            users=self.users(),
            states=self.states,
            fresh=self.fresh,
            allowed_actions=review_allowed_actions,
            page_url=lambda review: reverse("audits:review-detail", args=[review.pk]),
            buttons={name: button_to(url_name) for name, url_name in buttons.items()},
        )

    def test_each_decision_has_its_own_address(self):
        self.client.force_login(self.cast.minh)
        review = self.fresh("awaiting_approval")
        url = reverse("audits:review-return", args=[review.pk])
        self.client.post(url, {"comment": ""})
        self.assertEqual(self.fresh("awaiting_approval").status, R.AWAITING_APPROVAL)
        self.client.post(url, {"comment": "Bổ sung số liệu quý II"})
        self.assertEqual(self.fresh("awaiting_approval").status, R.DRAFT)


@CLOCK
class ObjectiveAllowedActionsTests(AllowedActionsMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast = cast = make_workflow_cast()
        # Thảo, internal auditor, registers nonconformities.
        cls.thao = make_user("Võ Thị Thảo", cast.agency, [Role.AUDITOR])
        cls.unit = make_unit(cast.agency, "Phòng Hành chính tư pháp")
        measured = {"not_measured": None, "met": "99", "missed": "80", "missed_registered": "75"}
        cls.states = {name: cls._objective(name, value) for name, value in measured.items()}
        objectives.objective_open_nonconformity(
            objective=cls.states["missed_registered"], by=cast.lan
        )

    @classmethod
    def _objective(cls, title: str, value: str | None) -> QualityObjective:
        objective = objectives.objective_save(
            agency=cls.cast.agency,
            by=cls.cast.lan,
            year=2026,
            title=f"Hồ sơ đúng hạn ({title})",
            indicator="Tỷ lệ hồ sơ giải quyết đúng hạn",
            unit_of_measure="%",
            target=Decimal("90"),
            unit=cls.unit,
            # Hoa is responsible for the objective and records its measurements.
            responsible=cls.cast.hoa,
        )
        if value is not None:
            objectives.measurement_record(
                objective=objective,
                by=cls.cast.hoa,
                period="Quý I/2026",
                period_end=date(2026, 3, 31),
                value=Decimal(value),
            )
        return objective

    def users(self):
        return {
            **self.cast.roles,
            "responsible staff": self.cast.hoa,
            "internal auditor": self.thao,
        }

    def fresh(self, name: str) -> QualityObjective:
        return QualityObjective.objects.select_related("agency").get(pk=self.states[name].pk)

    def calls(self):
        cast = self.cast
        return {
            "measure": lambda objective, by: objectives.measurement_record(
                objective=objective,
                by=by,
                period="Quý II/2026",
                period_end=TODAY,
                value=Decimal("95"),
            ),
            "edit": lambda objective, by: objectives.objective_save(
                agency=objective.agency, by=by, objective=objective, target=Decimal("95")
            ),
            "add_action": lambda objective, by: action_flow.action_create(
                parent=objective,
                by=by,
                kind="improvement",
                title="Rà soát quy trình tiếp nhận",
                owner=cast.hoa,
                due_on=TODAY + timedelta(days=30),
            ),
            "open_nonconformity": lambda objective, by: objectives.objective_open_nonconformity(
                objective=objective, by=by
            ),
        }

    def test_the_names_are_those_of_the_services(self):
        self.assertEqual(set(self.calls()), set(OBJECTIVE_CHECKS))

    def test_allowed_actions_agree_with_the_services(self):
        self.assert_allowed_agrees_with_services(
            users=self.users(),
            states=self.states,
            fresh=self.fresh,
            allowed_actions=objective_allowed_actions,
            calls=self.calls(),
        )

    def test_a_few_answers_spelled_out(self):
        self.assertEqual(objective_allowed_actions(self.fresh("met"), self.cast.hoa), {"measure"})
        self.assertIn(
            "open_nonconformity", objective_allowed_actions(self.fresh("missed"), self.thao)
        )
        self.assertNotIn(
            "open_nonconformity",
            objective_allowed_actions(self.fresh("missed_registered"), self.cast.lan),
        )

    def test_the_page_shows_a_button_exactly_when_allowed(self):
        buttons = {
            "measure": "audits:objective-measure",
            "edit": "audits:objective-edit",
            "add_action": "audits:objective-action-create",
            "open_nonconformity": "audits:objective-nonconformity",
        }
        self.assert_page_shows_allowed_buttons(
            users=self.users(),
            states=self.states,
            fresh=self.fresh,
            allowed_actions=objective_allowed_actions,
            page_url=lambda objective: reverse("audits:objective-detail", args=[objective.pk]),
            buttons={name: button_to(url_name) for name, url_name in buttons.items()},
        )


@CLOCK
class ActionAllowedActionsTests(AllowedActionsMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast = cast = make_workflow_cast()
        lan, hoa = cast.lan, cast.hoa
        planned, (waiting,) = make_planned_nonconformity(cast.agency, lan, [hoa], start=False)
        started, (running, dropped) = make_planned_nonconformity(cast.agency, lan, [hoa, lan])
        action_flow.action_cancel(action=dropped, by=lan, reason="Trùng với hành động khác")
        finished, (done,) = make_planned_nonconformity(cast.agency, lan, [hoa])
        action_flow.action_complete(action=done, by=hoa, evidence="Đã lập sổ theo dõi")
        review = reviews.review_create(
            agency=cast.agency, by=lan, title="Xem xét 6 tháng", held_on=TODAY, chair=cast.minh
        )
        decision = action_flow.action_create(
            parent=review,
            by=lan,
            kind="improvement",
            title="Đầu tư phần mềm một cửa",
            owner=hoa,
            due_on=TODAY + timedelta(days=60),
        )
        reviews.review_compile(review=review, by=lan)
        reviews.review_minutes_save(review=review, by=lan, minutes=_minutes(review))
        reviews.review_submit(review=review, by=lan)
        reviews.review_approve(review=review, by=cast.minh)
        cls.states = {
            "open_before_the_plan_starts": waiting,
            "open_in_progress": running,
            "cancelled": dropped,
            "done": done,
            "decision_of_approved_minutes": decision,
        }

    def fresh(self, name: str) -> Action:
        return Action.objects.select_related("agency", "nonconformity", "review").get(
            pk=self.states[name].pk
        )

    def calls(self):
        return {
            "complete": lambda action, by: action_flow.action_complete(
                action=action, by=by, evidence="Đã thực hiện xong"
            ),
            "cancel": lambda action, by: action_flow.action_cancel(
                action=action, by=by, reason="Không còn cần thiết"
            ),
        }

    def test_the_names_are_those_of_the_services(self):
        self.assertEqual(set(self.calls()), set(ACTION_CHECKS))

    def test_allowed_actions_agree_with_the_services(self):
        self.assert_allowed_agrees_with_services(
            users=self.cast.roles,
            states=self.states,
            fresh=self.fresh,
            allowed_actions=action_allowed_actions,
            calls=self.calls(),
        )

    def test_a_few_answers_spelled_out(self):
        running = self.fresh("open_in_progress")
        self.assertEqual(action_allowed_actions(running, self.cast.hoa), {"complete"})
        self.assertEqual(action_allowed_actions(running, self.cast.lan), {"complete", "cancel"})
        self.assertEqual(
            action_allowed_actions(self.fresh("open_before_the_plan_starts"), self.cast.lan),
            {"cancel"},
        )
        self.assertEqual(
            action_allowed_actions(self.fresh("decision_of_approved_minutes"), self.cast.lan),
            {"complete"},
        )

    def test_the_page_shows_a_button_exactly_when_allowed(self):
        buttons = {"complete": "audits:action-complete", "cancel": "audits:action-cancel"}
        self.assert_page_shows_allowed_buttons(
            users=self.cast.roles,
            states=self.states,
            fresh=self.fresh,
            allowed_actions=action_allowed_actions,
            page_url=lambda action: reverse("audits:action-detail", args=[action.pk]),
            buttons={name: button_to(url_name) for name, url_name in buttons.items()},
        )
