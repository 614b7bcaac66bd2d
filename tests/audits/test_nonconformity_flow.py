from datetime import timedelta

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import timezone

from audits.models import Action, Nonconformity, NonconformityEvent
from audits.services import actions as action_flow
from audits.services import nonconformities, nonconformity_actions
from audits.workflow import NONCONFORMITY_TRANSITIONS, nonconformity_allowed_actions
from documents.models import ChangeRequest, IsoClause
from documents.services.changes import change_request_decide
from qms.agencies.models import Agency
from qms.agencies.roles import Role
from tests.helpers import (
    make_agency,
    make_document,
    make_effective_document,
    make_nonconformity,
    make_planned_nonconformity,
    make_unit,
    make_user,
)

S = Nonconformity.Status
EFFECTIVE, NOT_EFFECTIVE = Nonconformity.Effectiveness.values


class NonconformityFlowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        cls.unit = make_unit(cls.agency, "Phòng Hành chính tư pháp")
        # Lan, ISO secretary of Sở Tư pháp.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY, Role.STAFF])
        # Thảo, internal auditor.
        cls.thao = make_user("Võ Thị Thảo", cls.agency, [Role.AUDITOR, Role.STAFF])
        # Hoa, staff who owns corrective actions.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
        # Hùng, drafter; Mai, reviewer; Minh, leader: to make an effective document.
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER])
        cls.mai = make_user("Lê Thị Mai", cls.agency, [Role.REVIEWER])
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])
        cls.other = make_agency("Sở Y tế")
        # Tuấn, ISO secretary of Sở Y tế, whose unit, document and people never mix with A's.
        cls.tuan = make_user("Ngô Anh Tuấn", cls.other, [Role.ISO_SECRETARY])

    def test_the_whole_flow_ends_closed_with_events_and_history(self):
        nonconformity, (action,) = make_planned_nonconformity(self.agency, self.lan, [self.hoa])
        self.assertEqual(nonconformity.status, S.IN_PROGRESS)
        self.assertEqual(nonconformity.root_cause, "Chưa có sổ theo dõi chuyển hồ sơ")
        action_flow.action_complete(action=action, by=self.hoa, evidence="Đã lập sổ.")
        nonconformity.refresh_from_db()
        self.assertEqual(nonconformity.status, S.AWAITING_VERIFICATION)
        nonconformity_actions.nonconformity_verify(
            nonconformity=nonconformity,
            by=self.thao,
            result=EFFECTIVE,
            evidence="Kiểm tra 20 hồ sơ",
        )
        nonconformity_actions.nonconformity_close(nonconformity=nonconformity, by=self.lan)
        nonconformity.refresh_from_db()
        self.assertEqual(nonconformity.status, S.CLOSED)
        self.assertEqual(nonconformity.closed_by, self.lan)
        kinds = list(nonconformity.events.values_list("kind", flat=True))
        E = NonconformityEvent.Kind
        self.assertEqual(
            kinds,
            [
                E.REGISTERED,
                E.ANALYSED,
                E.ACTION_ADDED,
                E.STARTED,
                E.ACTION_DONE,
                E.READY,
                E.EFFECTIVE,
                E.CLOSED,
            ],
        )
        transitions = list(
            nonconformity.events.exclude(from_status="").values_list("from_status", "to_status")
        )
        for key in transitions:
            self.assertIn(key, NONCONFORMITY_TRANSITIONS)
        latest = nonconformity.history.latest()
        self.assertEqual(latest.history_user, self.lan)
        self.assertTrue(latest.history_change_reason)

    def test_codes_count_per_agency_and_year(self):
        first = make_nonconformity(self.agency, self.lan)
        second = make_nonconformity(self.agency, self.thao)
        elsewhere = make_nonconformity(self.other, self.tuan)
        year = first.detected_on.year
        self.assertEqual(first.code, f"NC-{year}-001")
        self.assertEqual(second.code, f"NC-{year}-002")
        self.assertEqual(elsewhere.code, f"NC-{year}-001")
        last_year = make_nonconformity(
            self.agency, self.lan, detected_on=first.detected_on.replace(year=year - 1)
        )
        self.assertEqual(last_year.code, f"NC-{year - 1}-001")

    def test_staff_cannot_register_and_nothing_is_stored(self):
        with self.assertRaises(PermissionDenied):
            make_nonconformity(self.agency, self.hoa)
        self.assertFalse(Nonconformity.objects.exists())

    def test_another_agencys_unit_document_clause_and_people_are_refused(self):
        foreign_unit = make_unit(self.other, "Phòng Nghiệp vụ Y")
        foreign_document = make_document(self.other, self.tuan, "Quy trình cấp phép")
        wrong_version = IsoClause.objects.filter(version="2008").first()
        self.assertEqual(self.agency.iso_version, "2015")
        for field, value in [
            ("unit", foreign_unit),
            ("document", foreign_document),
            ("clause", wrong_version),
            ("detected_by", self.tuan),
        ]:
            with self.subTest(field=field), self.assertRaises(ValidationError) as raised:
                make_nonconformity(self.agency, self.lan, **{field: value})
            self.assertIn(field, raised.exception.message_dict)
        self.assertFalse(Nonconformity.objects.exists())

    def test_a_future_detection_date_is_refused(self):
        with self.assertRaises(ValidationError):
            make_nonconformity(
                self.agency, self.lan, detected_on=timezone.localdate() + timedelta(days=1)
            )

    def test_actions_wait_for_the_analysis_and_the_plan_needs_one(self):
        nonconformity = make_nonconformity(self.agency, self.lan)
        with self.assertRaises(ValidationError):
            action_flow.action_create(
                parent=nonconformity,
                by=self.lan,
                kind="corrective",
                title="Lập sổ",
                owner=self.hoa,
                due_on=timezone.localdate(),
            )
        with self.assertRaises(ValidationError):
            nonconformity_actions.nonconformity_start(nonconformity=nonconformity, by=self.lan)
        nonconformities.nonconformity_analyse(
            nonconformity=nonconformity, by=self.lan, correction="Trả ngay", whys=["Chuyển nhầm"]
        )
        nonconformity.refresh_from_db()
        self.assertEqual(nonconformity.status, S.ANALYSED)
        with self.assertRaises(ValidationError) as raised:
            nonconformity_actions.nonconformity_start(nonconformity=nonconformity, by=self.lan)
        self.assertEqual(Nonconformity.objects.get().status, S.ANALYSED)
        self.assertTrue(raised.exception.messages)

    def test_the_analysis_takes_at_most_five_whys_and_needs_one(self):
        nonconformity = make_nonconformity(self.agency, self.lan)
        with self.assertRaises(ValidationError):
            nonconformities.nonconformity_analyse(
                nonconformity=nonconformity, by=self.lan, correction="Trả ngay", whys=["", " "]
            )
        with self.assertRaises(ValidationError):
            nonconformities.nonconformity_analyse(
                nonconformity=nonconformity,
                by=self.lan,
                correction="Trả ngay",
                whys=[str(n) for n in range(6)],
            )
        nonconformities.nonconformity_analyse(
            nonconformity=nonconformity,
            by=self.lan,
            correction="Trả ngay",
            whys=["Một", "", "Hai"],
        )
        self.assertEqual(Nonconformity.objects.get().whys, ["Một", "Hai"])

    def test_a_due_date_before_the_detection_is_refused(self):
        nonconformity, _ = make_planned_nonconformity(
            self.agency, self.lan, [self.hoa], start=False
        )
        with self.assertRaises(ValidationError) as raised:
            action_flow.action_create(
                parent=nonconformity,
                by=self.lan,
                kind="corrective",
                title="Sửa quy trình",
                owner=self.hoa,
                due_on=nonconformity.detected_on - timedelta(days=1),
            )
        self.assertIn("due_on", raised.exception.message_dict)
        self.assertIn(nonconformity.detected_on.strftime("%d/%m/%Y"), str(raised.exception))
        self.assertEqual(nonconformity.actions.count(), 1)

    def test_an_owner_outside_the_agency_is_refused(self):
        nonconformity, _ = make_planned_nonconformity(
            self.agency, self.lan, [self.hoa], start=False
        )
        with self.assertRaises(ValidationError):
            action_flow.action_create(
                parent=nonconformity,
                by=self.lan,
                kind="corrective",
                title="Sửa quy trình",
                owner=self.tuan,
                due_on=timezone.localdate(),
            )

    def test_actions_are_done_only_once_the_plan_started(self):
        nonconformity, (action,) = make_planned_nonconformity(
            self.agency, self.lan, [self.hoa], start=False
        )
        with self.assertRaises(ValidationError):
            action_flow.action_complete(action=action, by=self.hoa, evidence="Đã làm")
        self.assertEqual(Action.objects.get().status, Action.Status.OPEN)

    def test_only_the_owner_or_the_secretary_completes_an_action_with_evidence(self):
        nonconformity, (action,) = make_planned_nonconformity(self.agency, self.lan, [self.hoa])
        with self.assertRaises(PermissionDenied):
            action_flow.action_complete(action=action, by=self.thao, evidence="Đã làm")
        with self.assertRaises(ValidationError):
            action_flow.action_complete(action=action, by=self.hoa, evidence=" ")
        action_flow.action_complete(action=action, by=self.lan, evidence="Thay mặt chị Hoa")
        self.assertEqual(Action.objects.get().done_by, self.lan)

    def test_closing_with_an_open_action_is_refused_with_its_title(self):
        nonconformity, (first, second) = make_planned_nonconformity(
            self.agency, self.lan, [self.hoa, self.thao]
        )
        action_flow.action_complete(action=first, by=self.hoa, evidence="Đã lập sổ")
        with self.assertRaises(ValidationError) as raised:
            nonconformity_actions.nonconformity_close(nonconformity=nonconformity, by=self.lan)
        self.assertIn(second.title, raised.exception.messages[0])
        nonconformity.refresh_from_db()
        self.assertEqual(nonconformity.status, S.IN_PROGRESS)
        self.assertIsNone(nonconformity.closed_at)

    def test_closing_before_verification_is_refused(self):
        nonconformity, (action,) = make_planned_nonconformity(self.agency, self.lan, [self.hoa])
        action_flow.action_complete(action=action, by=self.hoa, evidence="Đã lập sổ")
        with self.assertRaises(ValidationError):
            nonconformity_actions.nonconformity_close(nonconformity=nonconformity, by=self.lan)
        self.assertEqual(Nonconformity.objects.get().status, S.AWAITING_VERIFICATION)

    def test_nobody_verifies_their_own_action(self):
        nonconformity, (action,) = make_planned_nonconformity(self.agency, self.lan, [self.thao])
        action_flow.action_complete(action=action, by=self.thao, evidence="Đã lập sổ")
        with self.assertRaises(ValidationError) as raised:
            nonconformity_actions.nonconformity_verify(
                nonconformity=nonconformity, by=self.thao, result=EFFECTIVE, evidence="Tốt"
            )
        self.assertTrue(raised.exception.messages)
        nonconformity.refresh_from_db()
        self.assertEqual(nonconformity.verification_result, "")
        self.assertNotIn("verify", nonconformity_allowed_actions(nonconformity, self.thao))
        self.assertIn("verify", nonconformity_allowed_actions(nonconformity, self.lan))

    def test_staff_cannot_verify_and_evidence_is_required(self):
        nonconformity, (action,) = make_planned_nonconformity(self.agency, self.lan, [self.hoa])
        action_flow.action_complete(action=action, by=self.hoa, evidence="Đã lập sổ")
        with self.assertRaises(PermissionDenied):
            nonconformity_actions.nonconformity_verify(
                nonconformity=nonconformity, by=self.hoa, result=EFFECTIVE, evidence="Tốt"
            )
        with self.assertRaises(ValidationError):
            nonconformity_actions.nonconformity_verify(
                nonconformity=nonconformity, by=self.thao, result=EFFECTIVE, evidence=""
            )

    def test_not_effective_reopens_the_plan_for_a_new_action(self):
        with self.captureOnCommitCallbacks(execute=True):
            nonconformity, (action,) = make_planned_nonconformity(self.agency, self.lan, [self.hoa])
            action_flow.action_complete(action=action, by=self.hoa, evidence="Đã lập sổ")
        self.assertIn([self.thao.email], [m.to for m in mail.outbox])
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            nonconformity_actions.nonconformity_verify(
                nonconformity=nonconformity,
                by=self.thao,
                result=NOT_EFFECTIVE,
                evidence="Tháng sau vẫn có 3 hồ sơ trễ hạn",
            )
        nonconformity.refresh_from_db()
        self.assertEqual(nonconformity.status, S.ACTION_PLAN)
        self.assertEqual([m.to for m in mail.outbox], [[self.lan.email]])
        # The plan starts again only with a new open action.
        with self.assertRaises(ValidationError):
            nonconformity_actions.nonconformity_start(nonconformity=nonconformity, by=self.lan)
        new = action_flow.action_create(
            parent=nonconformity,
            by=self.lan,
            kind="corrective",
            title="Phân công người kiểm tra sổ hằng tuần",
            owner=self.hoa,
            due_on=timezone.localdate() + timedelta(days=10),
        )
        nonconformity_actions.nonconformity_start(nonconformity=nonconformity, by=self.lan)
        action_flow.action_complete(action=new, by=self.hoa, evidence="Đã phân công")
        nonconformity.refresh_from_db()
        self.assertEqual(nonconformity.status, S.AWAITING_VERIFICATION)
        with self.assertRaises(ValidationError):
            nonconformity_actions.nonconformity_close(nonconformity=nonconformity, by=self.lan)
        nonconformity_actions.nonconformity_verify(
            nonconformity=nonconformity, by=self.thao, result=EFFECTIVE, evidence="Không tái diễn"
        )
        nonconformity_actions.nonconformity_close(nonconformity=nonconformity, by=self.lan)
        self.assertEqual(Nonconformity.objects.get().status, S.CLOSED)
        self.assertEqual(
            nonconformity.events.filter(kind=NonconformityEvent.Kind.NOT_EFFECTIVE).count(), 1
        )

    def test_cancelling_needs_a_reason_and_cancels_open_actions(self):
        nonconformity, (action,) = make_planned_nonconformity(self.agency, self.lan, [self.hoa])
        with self.assertRaises(ValidationError):
            nonconformities.nonconformity_cancel(
                nonconformity=nonconformity, by=self.lan, reason=" "
            )
        self.assertEqual(Nonconformity.objects.get().status, S.IN_PROGRESS)
        nonconformities.nonconformity_cancel(
            nonconformity=nonconformity, by=self.lan, reason="Nhập trùng"
        )
        nonconformity.refresh_from_db()
        self.assertEqual(nonconformity.status, S.CANCELLED)
        self.assertEqual(Action.objects.get().status, Action.Status.CANCELLED)
        self.assertTrue(nonconformity.history.latest().history_change_reason.endswith("Nhập trùng"))
        with self.assertRaises(ValidationError):
            nonconformity_actions.nonconformity_close(nonconformity=nonconformity, by=self.lan)

    def test_cancelling_the_last_open_action_sends_it_to_verification(self):
        nonconformity, (first, second) = make_planned_nonconformity(
            self.agency, self.lan, [self.hoa, self.thao]
        )
        action_flow.action_complete(action=first, by=self.hoa, evidence="Đã lập sổ")
        action_flow.action_cancel(action=second, by=self.lan, reason="Trùng với hành động 1")
        self.assertEqual(Nonconformity.objects.get().status, S.AWAITING_VERIFICATION)

    def test_events_are_append_only(self):
        nonconformity = make_nonconformity(self.agency, self.lan)
        event = nonconformity.events.get()
        with self.assertRaises(ValueError):
            event.save()
        with self.assertRaises(ValueError):
            event.delete()

    def test_a_nonconformity_asks_for_a_document_change_and_shows_its_progress(self):
        document = make_effective_document(
            self.agency, drafter=self.hung, reviewer=self.mai, approver=self.minh
        )
        nonconformity = make_nonconformity(self.agency, self.lan, document=document)
        nonconformities.nonconformity_request_document_change(
            nonconformity=nonconformity, by=self.lan, reason="Bổ sung bước kiểm tra sổ"
        )
        nonconformity.refresh_from_db()
        request = nonconformity.change_request
        self.assertEqual(request.source, ChangeRequest.Source.NONCONFORMITY)
        self.assertEqual(request.status, ChangeRequest.Status.OPEN)
        with self.assertRaises(ValidationError):
            nonconformities.nonconformity_request_document_change(
                nonconformity=nonconformity, by=self.lan, reason="Lần nữa"
            )
        revision = change_request_decide(
            change_request=request, by=self.lan, accept=True, drafter=self.hung
        )
        nonconformity.refresh_from_db()
        self.assertEqual(nonconformity.change_request.revision, revision)

    def test_a_document_change_needs_a_document(self):
        nonconformity = make_nonconformity(self.agency, self.lan)
        with self.assertRaises(ValidationError):
            nonconformities.nonconformity_request_document_change(
                nonconformity=nonconformity, by=self.lan, reason="Sửa"
            )
        self.assertFalse(ChangeRequest.objects.exists())

    def test_the_register_entry_changes_with_a_reason_and_stays_in_the_agency(self):
        nonconformity = make_nonconformity(self.agency, self.lan)
        with self.assertRaises(ValidationError):
            nonconformities.nonconformity_update(
                nonconformity=nonconformity, by=self.lan, reason="", title="Khác"
            )
        with self.assertRaises(ValidationError):
            nonconformities.nonconformity_update(
                nonconformity=nonconformity,
                by=self.lan,
                reason="Sửa phòng",
                unit=make_unit(self.other),
            )
        nonconformities.nonconformity_update(
            nonconformity=nonconformity, by=self.lan, reason="Sửa phòng", unit=self.unit
        )
        nonconformity.refresh_from_db()
        self.assertEqual(nonconformity.unit, self.unit)
        self.assertEqual(nonconformity.history.latest().history_change_reason, "Sửa phòng")

    def test_an_agency_on_2008_uses_the_2008_clauses(self):
        agency = make_agency("UBND xã Lang Biang", iso_version=Agency.IsoVersion.V2008)
        secretary = make_user("Hồ Văn Long", agency, [Role.ISO_SECRETARY])
        clause = IsoClause.objects.get(version="2008", number="8.3")
        nonconformity = make_nonconformity(agency, secretary, clause=clause)
        self.assertEqual(nonconformity.clause, clause)
