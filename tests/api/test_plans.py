"""On PostgreSQL, a page of an API list reads the rows of the page, not the agency's whole
register: the work of page 1's query (buffers touched, rows read, from EXPLAIN ANALYZE) is
the same for an agency of 100 documents and of 2,000. Time is never compared; work is.

The page's revisions in progress are then looked up by the page's own ids; on a table this
small PostgreSQL rightly reads it whole, so that lookup is held to its ids, not its plan."""

import json
import unittest

from django.db import connection
from django.test import TestCase

from documents.models import Document, Revision
from tests.api.base import ApiData


def bulk_register(agency, type_, by, count: int, start: int = 0) -> None:
    """``count`` documents, each with a draft in progress: the shape of an agency's register
    without the cost of the services (the plan, not the workflow, is under test)."""
    documents = Document.objects.bulk_create(
        Document(
            agency=agency,
            type=type_,
            code=f"QT-{number:05}",
            number=number,
            title=f"Quy trình giải quyết thủ tục số {number}",
        )
        for number in range(start + 1, start + count + 1)
    )
    Revision.objects.bulk_create(
        Revision(document=document, number=1, status=Revision.Status.DRAFT, drafted_by=by)
        for document in documents
    )


def plan_work(plan: dict) -> tuple[int, int]:
    """Buffers touched and rows read by every node of a plan."""
    buffers = plan.get("Shared Hit Blocks", 0) + plan.get("Shared Read Blocks", 0)
    rows = plan.get("Actual Rows", 0) * plan.get("Actual Loops", 1)
    for child in plan.get("Plans", []):
        child_buffers, child_rows = plan_work(child)
        rows += child_rows
        buffers = max(buffers, child_buffers)  # a node's buffers include its children's
    return buffers, rows


@unittest.skipUnless(connection.vendor == "postgresql", "the plans are PostgreSQL's")
class PageWorkTests(ApiData, TestCase):
    def work_of(self, url: str, table: str = "documents_document") -> list[tuple[int, int]]:
        """The work of each query that pages the agency's rows of ``table`` behind ``url``."""
        statements = []

        def keep(execute, sql, params, many, context):
            if sql.lstrip().startswith(f'SELECT "{table}"."id"'):
                statements.append((sql, params))
            return execute(sql, params, many, context)

        client = self.api(self.hoa)
        with connection.execute_wrapper(keep):
            self.assertEqual(client.get(url, {"page_size": 25}).status_code, 200)
        work = []
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE documents_document, documents_revision")
            for sql, params in statements:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
                raw = cursor.fetchone()[0]
                plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
                work.append(plan_work(plan))
        return work

    def test_the_first_page_of_documents_reads_the_same_at_100_and_at_2000(self):
        self.assert_same_work("/api/v1/documents/", "documents_document")

    def test_the_first_page_of_revisions_reads_the_same_at_100_and_at_2000(self):
        self.assert_same_work("/api/v1/revisions/", "documents_revision")

    def assert_same_work(self, url: str, table: str) -> None:
        type_ = self.document.type
        bulk_register(self.a, type_, self.lan, 100)
        small = self.work_of(url, table)
        bulk_register(self.a, type_, self.lan, 1900, start=100)
        large = self.work_of(url, table)
        [(small_buffers, small_rows)], [(large_buffers, large_rows)] = small, large
        # A handful of index pages more is allowed for a deeper B-tree; a sort or scan of the
        # agency's 2,000 documents is not.
        self.assertLessEqual(large_rows, small_rows * 1.2 + 10, (small, large))
        self.assertLessEqual(large_buffers, small_buffers * 1.2 + 10, (small, large))
