from datetime import date, timedelta
from decimal import Decimal

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import timezone

from audits.models import Action, ManagementReview, ReviewEvent
from audits.selectors.review_inputs import INPUTS
from audits.selectors.review_presentation import present_inputs
from audits.services import actions as action_flow
from audits.services import nonconformity_actions as nc_flow
from audits.services import objectives, reviews
from audits.services.risks import risk_save
from audits.workflow import review_allowed_actions
from qms.agencies.models import Agency
from qms.agencies.roles import Role
from tests.helpers import (
    make_agency,
    make_effective_document,
    make_nonconformity,
    make_planned_nonconformity,
    make_user,
)

R = ManagementReview.Status


class ReviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        # Lan, ISO secretary who prepares the review.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY, Role.STAFF])
        # Minh, leader (approver) who chairs and approves.
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])
        # Hoa, staff who owns actions.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
        # Vinh, ISO secretary who is also a leader: he may not approve what he prepared.
        cls.vinh = make_user("Quang Vinh", cls.agency, [Role.ISO_SECRETARY, Role.APPROVER])
        cls.today = timezone.localdate()

    def review(self, by=None, **extra) -> ManagementReview:
        fields = {
            "title": "Xem xét của lãnh đạo năm",
            "held_on": self.today,
            "chair": self.minh,
            "participants": [self.lan, self.hoa],
            **extra,
        }
        return reviews.review_create(agency=self.agency, by=by or self.lan, **fields)

    def complete_minutes(self, review):
        keys = [item.key for item in INPUTS[review.iso_version]]
        reviews.review_minutes_save(
            review=review,
            by=review.prepared_by,
            minutes={key: f"Ý kiến về {key}" for key in keys},
            conclusion="Hệ thống phù hợp và có hiệu lực.",
        )

    def test_the_inputs_are_compiled_from_known_data_and_frozen(self):
        # Two nonconformities in the period: a complaint still open and a late dossier closed.
        make_nonconformity(self.agency, self.lan, source="complaint", title="Phản ánh thái độ")
        closed, (action,) = make_planned_nonconformity(self.agency, self.lan, [self.hoa])
        action_flow.action_complete(action=action, by=self.hoa, evidence="Đã lập sổ")
        nc_flow.nonconformity_verify(
            nonconformity=closed, by=self.vinh, result="effective", evidence="Không tái diễn"
        )
        nc_flow.nonconformity_close(nonconformity=closed, by=self.lan)
        overdue, (late,) = make_planned_nonconformity(
            self.agency, self.lan, [self.hoa], source="audit", title="Phát hiện đánh giá"
        )
        Action.objects.filter(pk=late.pk).update(due_on=self.today - timedelta(days=1))
        # Objectives: one met, one not met, one not measured.
        year = self.today.year
        for title, value in [("Đúng hạn", "99"), ("Hài lòng", "80"), ("Chưa đo", None)]:
            objective = objectives.objective_save(
                agency=self.agency,
                by=self.lan,
                year=year,
                title=title,
                indicator=title,
                unit_of_measure="%",
                target=Decimal("90"),
            )
            if value:
                objectives.measurement_record(
                    objective=objective,
                    by=self.lan,
                    period="Quý I",
                    period_end=date(year, 1, 1),
                    value=Decimal(value),
                )
        # Risks: one high, one low, one opportunity.
        risk_save(agency=self.agency, by=self.lan, title="Rủi ro cao", likelihood=4, impact=4)
        risk_save(agency=self.agency, by=self.lan, title="Rủi ro thấp", likelihood=1, impact=2)
        risk_save(
            agency=self.agency,
            by=self.lan,
            title="Dịch vụ công trực tuyến",
            kind="opportunity",
            likelihood=3,
            impact=3,
        )
        # A previous review with one decision still open.
        earlier = self.review(title="Xem xét năm trước", held_on=self.today - timedelta(days=200))
        decision = action_flow.action_create(
            parent=earlier,
            by=self.lan,
            kind="improvement",
            title="Triển khai chữ ký số",
            owner=self.hoa,
            due_on=self.today - timedelta(days=10),
        )
        review = self.review()
        reviews.review_compile(review=review, by=self.lan)
        review.refresh_from_db()
        data = review.inputs
        self.assertEqual(data["period_start"], (earlier.held_on + timedelta(days=1)).isoformat())
        by_source = data["nonconformities"]["by_source"]
        self.assertEqual(by_source["complaint"], {"open": 1, "closed": 0, "total": 1})
        self.assertEqual(by_source["late_dossier"], {"open": 0, "closed": 1, "total": 1})
        self.assertEqual(by_source["audit"], {"open": 1, "closed": 0, "total": 1})
        self.assertEqual(data["actions"]["corrective"], {"open": 1, "done": 1, "overdue": 1})
        self.assertEqual(
            [(i["title"], i["met"]) for i in data["objectives"]["items"]],
            [("Đúng hạn", True), ("Hài lòng", False), ("Chưa đo", None)],
        )
        self.assertEqual(data["risks"]["by_band"], {"high": 1, "low": 1})
        self.assertEqual([r["title"] for r in data["risks"]["top"]], ["Rủi ro cao"])
        self.assertEqual(
            [r["title"] for r in data["risks"]["opportunities"]], ["Dịch vụ công trực tuyến"]
        )
        self.assertEqual(
            [(p["title"], p["overdue"]) for p in data["previous"]], [(decision.title, True)]
        )
        # Frozen: later data do not change the snapshot.
        make_nonconformity(self.agency, self.lan, source="complaint", title="Phản ánh mới")
        review.refresh_from_db()
        self.assertEqual(review.inputs["nonconformities"]["by_source"]["complaint"]["total"], 1)
        shown = present_inputs(review.iso_version, review.inputs, {})
        self.assertEqual([i["key"] for i in shown], [i.key for i in INPUTS["2015"]])
        objectives_shown = dict(next(i for i in shown if i["key"] == "objectives")["sections"])
        self.assertEqual(
            (objectives_shown["objectives"]["met"], objectives_shown["objectives"]["not_met"]),
            (1, 1),
        )

    def test_the_documents_input_counts_effective_documents(self):
        drafter = make_user("Trần Văn Hùng", self.agency, [Role.DRAFTER])
        reviewer = make_user("Lê Thị Mai", self.agency, [Role.REVIEWER])
        make_effective_document(self.agency, drafter=drafter, reviewer=reviewer, approver=self.minh)
        review = self.review()
        reviews.review_compile(review=review, by=self.lan)
        review.refresh_from_db()
        self.assertEqual(review.inputs["documents"]["effective"], 1)

    def test_a_2008_agency_gets_the_seven_inputs_and_no_risks(self):
        agency = make_agency("UBND xã Lang Biang", iso_version=Agency.IsoVersion.V2008)
        secretary = make_user("Hồ Văn Long", agency, [Role.ISO_SECRETARY])
        leader = make_user("Dương Minh Đức", agency, [Role.APPROVER])
        review = reviews.review_create(
            agency=agency, by=secretary, title="Xem xét", held_on=self.today, chair=leader
        )
        reviews.review_compile(review=review, by=secretary)
        review.refresh_from_db()
        self.assertEqual(len(INPUTS["2008"]), 7)
        self.assertNotIn("risks", review.inputs)
        self.assertEqual(
            [i["letter"] for i in present_inputs("2008", review.inputs, {})], list("abcdefg")
        )

    def test_submission_needs_compiled_inputs_and_every_minute(self):
        review = self.review()
        with self.assertRaises(ValidationError):
            reviews.review_submit(review=review, by=self.lan)
        reviews.review_compile(review=review, by=self.lan)
        with self.assertRaises(ValidationError) as raised:
            reviews.review_submit(review=review, by=self.lan)
        self.assertIn(str(INPUTS["2015"][0].label), raised.exception.messages[0])
        self.complete_minutes(review)
        with self.captureOnCommitCallbacks(execute=True):
            reviews.review_submit(review=review, by=self.lan)
        self.assertEqual(ManagementReview.objects.get().status, R.AWAITING_APPROVAL)
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox), sorted([self.minh.email, self.vinh.email])
        )

    def test_the_leader_approves_and_the_minutes_never_change_again(self):
        review = self.review()
        reviews.review_compile(review=review, by=self.lan)
        decision = action_flow.action_create(
            parent=review,
            by=self.lan,
            kind="improvement",
            title="Bổ sung nhân sự bộ phận một cửa",
            owner=self.hoa,
            due_on=self.today + timedelta(days=60),
        )
        self.complete_minutes(review)
        reviews.review_submit(review=review, by=self.lan)
        with self.assertRaises(PermissionDenied):
            reviews.review_approve(review=review, by=self.lan)
        reviews.review_approve(review=review, by=self.minh, comment="Đồng ý")
        review.refresh_from_db()
        self.assertEqual((review.status, review.approved_by), (R.APPROVED, self.minh))
        self.assertTrue(review.is_locked)
        for attempt in (
            lambda: reviews.review_compile(review=review, by=self.lan),
            lambda: reviews.review_minutes_save(review=review, by=self.lan, minutes={}),
            lambda: action_flow.action_create(
                parent=review,
                by=self.lan,
                kind="improvement",
                title="Thêm",
                owner=self.hoa,
                due_on=self.today,
            ),
            lambda: action_flow.action_cancel(action=decision, by=self.lan, reason="Bỏ"),
        ):
            with self.assertRaises(ValidationError):
                attempt()
        # The decision itself is still carried out by its owner.
        action_flow.action_complete(action=decision, by=self.hoa, evidence="Đã bổ sung")
        self.assertEqual(
            list(review.events.values_list("kind", flat=True)),
            [ReviewEvent.Kind.COMPILED, ReviewEvent.Kind.SUBMITTED, ReviewEvent.Kind.APPROVED],
        )

    def test_nobody_approves_minutes_they_prepared(self):
        review = self.review(by=self.vinh)
        reviews.review_compile(review=review, by=self.vinh)
        self.complete_minutes(review)
        reviews.review_submit(review=review, by=self.vinh)
        with self.assertRaises(ValidationError):
            reviews.review_approve(review=review, by=self.vinh)
        review.refresh_from_db()
        self.assertEqual(review.status, R.AWAITING_APPROVAL)
        self.assertNotIn("approve", review_allowed_actions(review, self.vinh))
        self.assertIn("approve", review_allowed_actions(review, self.minh))

    def test_a_return_needs_a_comment_and_reopens_the_draft(self):
        review = self.review()
        reviews.review_compile(review=review, by=self.lan)
        self.complete_minutes(review)
        reviews.review_submit(review=review, by=self.lan)
        with self.assertRaises(ValidationError):
            reviews.review_return(review=review, by=self.minh, comment="")
        with self.captureOnCommitCallbacks(execute=True):
            reviews.review_return(review=review, by=self.minh, comment="Bổ sung nguồn lực")
        self.assertEqual(ManagementReview.objects.get().status, R.DRAFT)
        self.assertEqual(mail.outbox[-1].to, [self.lan.email])

    def test_a_decision_is_due_no_earlier_than_the_meeting(self):
        review = self.review(held_on=self.today - timedelta(days=5))
        with self.assertRaises(ValidationError):
            action_flow.action_create(
                parent=review,
                by=self.lan,
                kind="improvement",
                title="Trước cuộc họp",
                owner=self.hoa,
                due_on=self.today - timedelta(days=6),
            )

    def test_people_of_another_agency_are_refused(self):
        other = make_agency("Sở Y tế")
        stranger = make_user("Người ngoài", other, [Role.APPROVER])
        with self.assertRaises(ValidationError):
            self.review(chair=stranger)
        with self.assertRaises(ValidationError):
            self.review(participants=[stranger])
        self.assertFalse(ManagementReview.objects.exists())
