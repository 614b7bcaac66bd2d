"""Races that only a real database shows, on both databases: PostgreSQL serialises them
with row locks, SQLite with IMMEDIATE transactions that wait for the lock (the test database
is a file, see tests/settings.py). Either way nobody gets "database is locked"."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.test import TransactionTestCase

from documents.models import ApprovalDecision, Document, Revision
from documents.services import revisions as flow
from qms.agencies.roles import Role
from tests.helpers import KeepsCatalogue, make_agency, make_document, make_document_type, make_user

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL: set DATABASE_URL"
)
# What a service may answer to the loser of a race; anything else (an OperationalError
# "database is locked", an IntegrityError) would be a 500 page.
EXPECTED_REFUSALS = (ValidationError, PermissionDenied)


def unexpected(outcomes: list) -> list:
    return [
        o for o in outcomes if isinstance(o, Exception) and not isinstance(o, EXPECTED_REFUSALS)
    ]


def run_together(*calls):
    """Run each call in its own thread and database connection, started at the same moment."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as error:  # the outcome under test, raised in another thread
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


class ConcurrentApprovalTests(KeepsCatalogue, TransactionTestCase):
    def setUp(self):
        self.agency = make_agency("Sở Tư pháp")
        self.hung = make_user("Trần Văn Hùng", self.agency, [Role.DRAFTER])
        self.mai = make_user("Lê Thị Mai", self.agency, [Role.REVIEWER])
        self.minh = make_user("Phạm Văn Minh", self.agency, [Role.APPROVER])

    def awaiting_approval(self, document=None):
        document = document or make_document(self.agency, self.hung)
        revision = document.revisions.in_progress().get()
        flow.revision_update_content(
            revision=revision, by=self.hung, purpose="Mục đích", change_summary="Sửa đổi"
        )
        flow.revision_submit(
            revision=revision, by=self.hung, reviewers=[self.mai], approver=self.minh
        )
        flow.revision_review_pass(revision=revision, by=self.mai)
        return revision

    def test_two_approvals_of_one_revision_at_once_approve_it_once(self):
        revision = self.awaiting_approval()
        outcomes = run_together(
            lambda: flow.revision_approve(revision=revision, by=self.minh),
            lambda: flow.revision_approve(revision=revision, by=self.minh),
        )
        self.assertEqual(unexpected(outcomes), [])
        self.assertEqual(sum(isinstance(o, Revision) for o in outcomes), 1, outcomes)
        self.assertEqual(sum(isinstance(o, ValidationError) for o in outcomes), 1, outcomes)
        self.assertEqual(
            ApprovalDecision.objects.filter(revision=revision, decision="approved").count(), 1
        )
        self.assertEqual(
            Revision.objects.filter(document=revision.document, status="effective").count(), 1
        )

    def test_activation_and_approval_racing_leave_one_effective_revision(self):
        from datetime import timedelta

        from django.utils import timezone

        from documents.services.changes import change_request_create, change_request_decide

        lan = make_user("Nguyễn Thị Lan", self.agency, [Role.ISO_SECRETARY])
        first = self.awaiting_approval()
        flow.revision_approve(revision=first, by=self.minh)
        document = Document.objects.get(pk=first.document_id)
        request = change_request_create(document=document, by=lan, reason="Luật mới")
        change_request_decide(change_request=request, by=lan, accept=True, drafter=self.hung)
        second = self.awaiting_approval(document)
        tomorrow = timezone.localdate() + timedelta(days=1)
        flow.revision_approve(revision=second, by=self.minh, effective_date=tomorrow)
        outcomes = run_together(
            lambda: flow.revisions_activate_due(on=tomorrow),
            lambda: flow.revisions_activate_due(on=tomorrow),
        )
        self.assertEqual(sorted(o for o in outcomes if isinstance(o, int)), [0, 1], outcomes)
        statuses = dict(
            Revision.objects.filter(document=first.document).values_list("number", "status")
        )
        self.assertEqual(statuses, {1: "superseded", 2: "effective"})

    def test_four_approvals_of_one_revision_at_once_leave_one_effective_issue(self):
        revision = self.awaiting_approval()
        outcomes = run_together(
            *[(lambda: flow.revision_approve(revision=revision, by=self.minh)) for _ in range(4)]
        )
        self.assertEqual(unexpected(outcomes), [])
        self.assertEqual(sum(isinstance(o, Revision) for o in outcomes), 1, outcomes)
        self.assertEqual(
            Revision.objects.filter(document=revision.document, status="effective").count(), 1
        )
        self.assertEqual(Document.objects.get(pk=revision.document_id).status, "effective")

    def test_codes_assigned_at_once_are_unique(self):
        document_type = make_document_type(self.agency, prefix="HD", kind="instruction")
        outcomes = run_together(
            *[
                (
                    lambda i=i: make_document(
                        self.agency, self.hung, f"Hướng dẫn {i}", type=document_type
                    )
                )
                for i in range(4)
            ]
        )
        self.assertEqual(unexpected(outcomes), [])
        self.assertTrue(all(isinstance(o, Document) for o in outcomes), outcomes)
        codes = sorted(Document.objects.filter(type=document_type).values_list("code", flat=True))
        self.assertEqual(codes, ["HD-01", "HD-02", "HD-03", "HD-04"])


@postgres_only
class PostgresSearchTests(KeepsCatalogue, TransactionTestCase):
    def test_the_register_search_has_its_stored_vector_and_gin_index(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'document_search_vector_idx'"
            )
            (definition,) = cursor.fetchone()
            cursor.execute(
                "SELECT generation_expression FROM information_schema.columns"
                " WHERE table_name = 'documents_document' AND column_name = 'search_vector'"
            )
            (expression,) = cursor.fetchone()
        self.assertIn("gin (search_vector)", definition)
        self.assertIn("'vn'::regconfig", expression)

    def test_the_stored_vector_follows_the_search_text(self):
        agency = make_agency("Sở Nội vụ")
        document = make_document(agency, make_user("Lan", agency, [Role.ISO_SECRETARY]))
        Document.objects.filter(pk=document.pk).update(search_text="quy trinh dao tao")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT search_vector::text FROM documents_document WHERE id = %s", [document.pk]
            )
            (vector,) = cursor.fetchone()
        self.assertEqual(vector, "'dao':3 'quy':1 'tao':4 'trinh':2")

    def test_the_vn_configuration_strips_diacritics_and_d(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_tsvector('vn', 'Quy trình Đào tạo')::text")
            (vector,) = cursor.fetchone()
        self.assertEqual(vector, "'dao':3 'quy':1 'tao':4 'trinh':2")
