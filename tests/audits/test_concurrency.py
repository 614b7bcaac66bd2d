"""Races of the records people keep at once: acknowledgements, action closures, register codes
and audit findings. Run on both databases (see tests/documents/test_concurrency.py)."""

from django.core.exceptions import ValidationError
from django.test import TransactionTestCase

from audits.models import Action, Finding, Nonconformity, NonconformityEvent
from audits.services import actions as action_flow
from audits.services.findings import finding_record
from documents.models import Acknowledgement
from documents.services.distribution import acknowledgement_record, distribution_add
from qms.agencies.roles import Role
from tests.documents.test_concurrency import run_together, unexpected
from tests.helpers import (
    KeepsCatalogue,
    make_agency,
    make_effective_document,
    make_nonconformity,
    make_notified_audit,
    make_planned_nonconformity,
    make_unit,
    make_user,
)


class ConcurrentRecordsTests(KeepsCatalogue, TransactionTestCase):
    def setUp(self):
        self.agency = make_agency("Sở Tư pháp")
        self.unit = make_unit(self.agency, "Phòng Hành chính tư pháp")
        self.lan = make_user("Nguyễn Thị Lan", self.agency, [Role.ISO_SECRETARY])
        self.hoa = make_user("Đỗ Thị Hoa", self.agency, [Role.STAFF], unit=self.unit)

    def test_two_acknowledgements_of_one_revision_at_once_record_one(self):
        document = make_effective_document(
            self.agency,
            drafter=make_user("Hùng", self.agency, [Role.DRAFTER]),
            reviewer=make_user("Mai", self.agency, [Role.REVIEWER]),
            approver=make_user("Minh", self.agency, [Role.APPROVER]),
        )
        revision = document.effective_revision
        distribution_add(revision=revision, by=self.lan, users=[self.hoa])
        outcomes = run_together(
            lambda: acknowledgement_record(revision=revision, by=self.hoa),
            lambda: acknowledgement_record(revision=revision, by=self.hoa),
        )
        self.assertEqual(unexpected(outcomes), [])
        self.assertEqual(sum(isinstance(o, Acknowledgement) for o in outcomes), 1, outcomes)
        self.assertEqual(sum(isinstance(o, ValidationError) for o in outcomes), 1, outcomes)
        self.assertEqual(Acknowledgement.objects.filter(revision=revision).count(), 1)

    def test_an_action_closed_twice_at_once_is_done_once(self):
        nonconformity, (action,) = make_planned_nonconformity(self.agency, self.lan, [self.hoa])
        outcomes = run_together(
            lambda: action_flow.action_complete(action=action, by=self.hoa, evidence="Đã làm"),
            lambda: action_flow.action_complete(action=action, by=self.lan, evidence="Đã xong"),
        )
        self.assertEqual(unexpected(outcomes), [])
        self.assertEqual(sum(isinstance(o, Action) for o in outcomes), 1, outcomes)
        self.assertEqual(sum(isinstance(o, ValidationError) for o in outcomes), 1, outcomes)
        done = NonconformityEvent.objects.filter(
            nonconformity=nonconformity, kind=NonconformityEvent.Kind.ACTION_DONE
        )
        self.assertEqual(done.count(), 1)
        self.assertEqual(
            Nonconformity.objects.get(pk=nonconformity.pk).status,
            Nonconformity.Status.AWAITING_VERIFICATION,
        )

    def test_nonconformities_registered_at_once_get_consecutive_codes(self):
        outcomes = run_together(
            *[
                (lambda i=i: make_nonconformity(self.agency, self.lan, f"Hồ sơ trễ hạn {i}"))
                for i in range(8)
            ]
        )
        self.assertEqual(unexpected(outcomes), [])
        self.assertTrue(all(isinstance(o, Nonconformity) for o in outcomes), outcomes)
        numbers = sorted(Nonconformity.objects.values_list("number", flat=True))
        self.assertEqual(numbers, list(range(1, 9)))
        codes = Nonconformity.objects.values_list("code", flat=True)
        self.assertEqual(len(set(codes)), 8)

    def test_findings_recorded_at_once_get_distinct_numbers(self):
        auditor = make_user("Võ Thị Thảo", self.agency, [Role.AUDITOR])
        audit = make_notified_audit(
            self.agency,
            secretary=self.lan,
            approver=make_user("Phạm Văn Minh", self.agency, [Role.APPROVER]),
            lead=auditor,
            auditee=self.hoa,
            units=[self.unit],
        )
        clause = audit.clauses.first()
        outcomes = run_together(
            *[
                (
                    lambda i=i: finding_record(
                        audit=audit,
                        by=auditor,
                        grade="minor" if i % 2 else "observation",
                        statement=f"Phát hiện {i}",
                        evidence="Sổ",
                        clause=clause,
                        unit=self.unit,
                    )
                )
                for i in range(3)
            ]
        )
        self.assertEqual(unexpected(outcomes), [])
        self.assertTrue(all(isinstance(o, Finding) for o in outcomes), outcomes)
        self.assertEqual(sorted(audit.findings.values_list("number", flat=True)), [1, 2, 3])
