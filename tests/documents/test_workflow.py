from datetime import timedelta

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import timezone

from documents.models import ApprovalDecision, Document, Revision
from documents.services import revisions as flow
from documents.services.changes import change_request_create, change_request_decide
from documents.services.withdrawals import withdrawal_propose
from documents.workflow import TRANSITIONS
from qms.agencies.roles import Role
from tests.helpers import (
    make_agency,
    make_document,
    make_effective_document,
    make_user,
    withdraw_effective,
)

S = Revision.Status


class WorkflowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        # Lan, ISO secretary.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY])
        # Hùng, drafter.
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER])
        # Mai and Sơn, reviewers (Trưởng phòng).
        cls.mai = make_user("Lê Thị Mai", cls.agency, [Role.REVIEWER])
        cls.son = make_user("Trịnh Văn Sơn", cls.agency, [Role.REVIEWER])
        # Minh, approver (Phó Giám đốc).
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])
        # Hoa, staff.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
        # A drafter who is also a reviewer, to try reviewing his own draft.
        cls.vinh = make_user("Quang Vinh", cls.agency, [Role.DRAFTER, Role.REVIEWER, Role.APPROVER])

    def draft(self, by=None):
        document = make_document(self.agency, by or self.hung)
        revision = document.revisions.get()
        flow.revision_update_content(
            revision=revision, by=by or self.hung, purpose="Mục đích", steps=[{"content": "Bước 1"}]
        )
        return revision

    def submitted(self, **kwargs):
        revision = self.draft()
        flow.revision_submit(
            revision=revision, by=self.hung, reviewers=[self.mai], approver=self.minh, **kwargs
        )
        return Revision.objects.get(pk=revision.pk)

    def test_the_happy_path_ends_effective_with_a_decision_row_per_step(self):
        revision = self.submitted()
        self.assertEqual(revision.status, S.IN_REVIEW)
        flow.revision_review_pass(revision=revision, by=self.mai, comment="Đạt")
        revision.refresh_from_db()
        self.assertEqual(revision.status, S.IN_APPROVAL)
        flow.revision_approve(revision=revision, by=self.minh)
        revision.refresh_from_db()
        self.assertEqual(revision.status, S.EFFECTIVE)
        document = revision.document
        document.refresh_from_db()
        self.assertEqual(document.status, Document.Status.EFFECTIVE)
        self.assertEqual(document.effective_revision, revision)
        self.assertEqual(
            document.review_due,
            revision.effective_date.replace(year=revision.effective_date.year + 1),
        )
        decisions = list(revision.decisions.values_list("step", "decision", "by__username"))
        self.assertEqual(
            decisions,
            [
                ("submit", "submitted", self.hung.username),
                ("review", "passed", self.mai.username),
                ("approval", "approved", self.minh.username),
            ],
        )
        reasons = list(
            revision.history.order_by("history_date").values_list(
                "history_change_reason", flat=True
            )
        )
        self.assertIn("Đã phê duyệt", reasons)
        self.assertEqual(revision.history.latest().history_user, self.minh)

    def test_mail_goes_to_whoever_gets_work(self):
        with self.captureOnCommitCallbacks(execute=True):
            revision = self.submitted()
        self.assertEqual([m.to for m in mail.outbox], [[self.mai.email]])
        with self.captureOnCommitCallbacks(execute=True):
            flow.revision_review_pass(revision=revision, by=self.mai)
        self.assertEqual(mail.outbox[-1].to, [self.minh.email])
        self.assertIn(revision.document.code, mail.outbox[-1].subject)

    def test_nobody_reviews_or_approves_their_own_draft(self):
        revision = self.draft(by=self.vinh)
        with self.assertRaises(ValidationError):
            flow.revision_submit(
                revision=revision, by=self.vinh, reviewers=[self.vinh], approver=self.minh
            )
        with self.assertRaises(ValidationError):
            flow.revision_submit(
                revision=revision, by=self.vinh, reviewers=[self.mai], approver=self.vinh
            )
        self.assertEqual(Revision.objects.get(pk=revision.pk).status, S.DRAFT)

    def test_reviewers_and_approver_need_their_roles(self):
        revision = self.draft()
        with self.assertRaises(ValidationError):
            flow.revision_submit(
                revision=revision, by=self.hung, reviewers=[self.hoa], approver=self.minh
            )
        with self.assertRaises(ValidationError):
            flow.revision_submit(
                revision=revision, by=self.hung, reviewers=[self.mai], approver=self.hoa
            )

    def test_the_route_needs_as_many_reviewers_as_the_type_says_and_all_must_pass(self):
        revision = self.draft()
        document_type = revision.document.type
        document_type.reviewers_required = 2
        document_type.save()
        with self.assertRaises(ValidationError):
            flow.revision_submit(
                revision=revision, by=self.hung, reviewers=[self.mai], approver=self.minh
            )
        flow.revision_submit(
            revision=revision, by=self.hung, reviewers=[self.mai, self.son], approver=self.minh
        )
        flow.revision_review_pass(revision=revision, by=self.mai)
        self.assertEqual(Revision.objects.get(pk=revision.pk).status, S.IN_REVIEW)
        with self.assertRaises(ValidationError):
            flow.revision_review_pass(revision=revision, by=self.mai)
        flow.revision_review_pass(revision=revision, by=self.son)
        self.assertEqual(Revision.objects.get(pk=revision.pk).status, S.IN_APPROVAL)

    def test_a_return_needs_a_comment_and_starts_a_new_round(self):
        revision = self.submitted()
        with self.assertRaises(ValidationError):
            flow.revision_return(revision=revision, by=self.mai, comment=" ")
        flow.revision_return(revision=revision, by=self.mai, comment="Bổ sung thời gian bước 1")
        revision.refresh_from_db()
        self.assertEqual((revision.status, revision.returned, revision.round), (S.DRAFT, True, 2))
        flow.revision_submit(
            revision=revision, by=self.hung, reviewers=[self.mai], approver=self.minh
        )
        flow.revision_review_pass(revision=revision, by=self.mai)
        self.assertEqual(Revision.objects.get(pk=revision.pk).status, S.IN_APPROVAL)

    def test_the_approver_can_return_too(self):
        revision = self.submitted()
        flow.revision_review_pass(revision=revision, by=self.mai)
        with self.assertRaises(PermissionDenied):
            flow.revision_return(revision=revision, by=self.mai, comment="Không")
        flow.revision_return(revision=revision, by=self.minh, comment="Sửa căn cứ pháp lý")
        self.assertEqual(Revision.objects.get(pk=revision.pk).status, S.DRAFT)

    def test_skipping_a_step_and_approving_twice_are_refused(self):
        revision = self.submitted()
        with self.assertRaises(ValidationError):
            flow.revision_approve(revision=revision, by=self.minh)
        flow.revision_review_pass(revision=revision, by=self.mai)
        flow.revision_approve(revision=revision, by=self.minh)
        with self.assertRaises(ValidationError):
            flow.revision_approve(revision=revision, by=self.minh)
        self.assertEqual(revision.decisions.filter(decision="approved").count(), 1)

    def test_only_the_assigned_approver_approves(self):
        revision = self.submitted()
        flow.revision_review_pass(revision=revision, by=self.mai)
        with self.assertRaises(PermissionDenied):
            flow.revision_approve(revision=revision, by=self.vinh)

    def test_staff_cannot_submit_or_review(self):
        revision = self.draft()
        with self.assertRaises(PermissionDenied):
            flow.revision_submit(
                revision=revision, by=self.hoa, reviewers=[self.mai], approver=self.minh
            )
        flow.revision_submit(
            revision=revision, by=self.hung, reviewers=[self.mai], approver=self.minh
        )
        with self.assertRaises(PermissionDenied):
            flow.revision_review_pass(revision=revision, by=self.hoa)

    def test_an_approved_revision_is_immutable(self):
        document = make_effective_document(
            self.agency, drafter=self.hung, reviewer=self.mai, approver=self.minh
        )
        revision = document.effective_revision
        with self.assertRaises(ValidationError):
            flow.revision_update_content(revision=revision, by=self.lan, purpose="Sửa lén")
        revision.refresh_from_db()
        self.assertEqual(revision.purpose, "Quy định thống nhất cách thức kiểm soát.")

    def test_an_empty_draft_cannot_be_submitted(self):
        document = make_document(self.agency, self.hung)
        with self.assertRaises(ValidationError):
            flow.revision_submit(
                revision=document.revisions.get(),
                by=self.hung,
                reviewers=[self.mai],
                approver=self.minh,
            )

    def test_a_future_effective_date_waits_for_the_daily_run(self):
        revision = self.submitted()
        flow.revision_review_pass(revision=revision, by=self.mai)
        tomorrow = timezone.localdate() + timedelta(days=1)
        flow.revision_approve(revision=revision, by=self.minh, effective_date=tomorrow)
        self.assertEqual(Revision.objects.get(pk=revision.pk).status, S.APPROVED)
        self.assertEqual(flow.revisions_activate_due(on=timezone.localdate()), 0)
        self.assertEqual(flow.revisions_activate_due(on=tomorrow), 1)
        self.assertEqual(Revision.objects.get(pk=revision.pk).status, S.EFFECTIVE)

    def test_a_past_effective_date_is_refused(self):
        revision = self.submitted()
        flow.revision_review_pass(revision=revision, by=self.mai)
        with self.assertRaises(ValidationError):
            flow.revision_approve(
                revision=revision,
                by=self.minh,
                effective_date=timezone.localdate() - timedelta(days=1),
            )

    def test_a_new_issue_starts_from_a_change_request_and_supersedes_the_old(self):
        document = make_effective_document(
            self.agency, drafter=self.hung, reviewer=self.mai, approver=self.minh
        )
        first = document.effective_revision
        request = change_request_create(
            document=document, by=self.hoa, reason="Luật mới thay đổi thời hạn"
        )
        with self.assertRaises(PermissionDenied):
            change_request_decide(
                change_request=request, by=self.hoa, accept=True, drafter=self.hung
            )
        second = change_request_decide(
            change_request=request, by=self.lan, accept=True, drafter=self.hung
        )
        self.assertEqual(second.number, 2)
        self.assertEqual(second.purpose, first.purpose)
        self.assertEqual(
            list(second.steps.values_list("content", flat=True)),
            ["Tiếp nhận hồ sơ", "Thẩm định hồ sơ"],
        )
        with self.assertRaises(ValidationError):
            flow.revision_submit(
                revision=second, by=self.hung, reviewers=[self.mai], approver=self.minh
            )
        flow.revision_update_content(
            revision=second,
            by=self.hung,
            purpose="Mới",
            change_summary="Rút ngắn thời hạn",
            steps=[{"content": "Bước mới"}],
        )
        flow.revision_submit(
            revision=second, by=self.hung, reviewers=[self.mai], approver=self.minh
        )
        flow.revision_review_pass(revision=second, by=self.mai)
        flow.revision_approve(revision=second, by=self.minh)
        first.refresh_from_db()
        second.refresh_from_db()
        self.assertEqual((first.status, second.status), (S.SUPERSEDED, S.EFFECTIVE))
        self.assertEqual(Revision.objects.filter(document=document, status=S.EFFECTIVE).count(), 1)

    def test_a_refusal_needs_a_note(self):
        document = make_effective_document(
            self.agency, drafter=self.hung, reviewer=self.mai, approver=self.minh
        )
        request = change_request_create(document=document, by=self.hoa, reason="Đề nghị")
        with self.assertRaises(ValidationError):
            change_request_decide(change_request=request, by=self.minh, accept=False)
        change_request_decide(
            change_request=request, by=self.minh, accept=False, note="Chưa cần thiết"
        )
        with self.assertRaises(ValidationError):
            change_request_decide(
                change_request=request, by=self.minh, accept=False, note="Lần hai"
            )

    def test_withdrawal_makes_the_document_obsolete(self):
        document = make_effective_document(
            self.agency, drafter=self.hung, reviewer=self.mai, approver=self.minh
        )
        revision = document.effective_revision
        with self.assertRaises(PermissionDenied):
            withdrawal_propose(revision=revision, by=self.hung, reason="Không dùng")
        withdraw_effective(revision, secretary=self.lan, leader=self.minh, reason="TTHC bị bãi bỏ")
        document.refresh_from_db()
        self.assertEqual(
            (document.status, document.effective_revision), (Document.Status.OBSOLETE, None)
        )
        self.assertEqual(revision.decisions.last().decision, ApprovalDecision.Decision.WITHDRAWN)

    def test_every_transition_not_in_the_table_is_refused(self):
        from documents.workflow import check_transition

        for current in S.values:
            for target in S.values:
                revision = Revision(status=current)
                if (current, target) in TRANSITIONS:
                    continue
                with (
                    self.subTest(current=current, target=target),
                    self.assertRaises(ValidationError),
                ):
                    check_transition(revision, target)

    def test_decisions_are_append_only(self):
        revision = self.submitted()
        decision = revision.decisions.get()
        decision.comment = "sửa"
        with self.assertRaises(ValueError):
            decision.save()
        with self.assertRaises(ValueError):
            decision.delete()


class ActivateCommandTests(TestCase):
    def test_the_daily_command_activates_what_is_due(self):
        from io import StringIO

        from django.core.management import call_command

        agency = make_agency("Sở Tư pháp")
        hung = make_user("Trần Văn Hùng", agency, [Role.DRAFTER])
        mai = make_user("Lê Thị Mai", agency, [Role.REVIEWER])
        minh = make_user("Phạm Văn Minh", agency, [Role.APPROVER])
        document = make_document(agency, hung)
        revision = document.revisions.get()
        flow.revision_update_content(revision=revision, by=hung, body="Nội dung")
        flow.revision_submit(revision=revision, by=hung, reviewers=[mai], approver=minh)
        flow.revision_review_pass(revision=revision, by=mai)
        flow.revision_approve(revision=revision, by=minh)  # today: effective at once
        out = StringIO()
        call_command("activate_revisions", stdout=out)
        self.assertIn("0", out.getvalue())
        self.assertEqual(Revision.objects.get(pk=revision.pk).status, S.EFFECTIVE)
