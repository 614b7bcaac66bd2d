"""Each agency's status figures kept current: every service that moves the status refreshes
them in its own transaction, so that after each change they equal a rebuild from scratch; the
calendar moves the rest through the daily rebuild. The clock starts on 30 June 2026.

Sở Tư pháp goes from nothing to maintained (a document, the policy, objectives and a procedure
in force, an announcement, an approved audit report and management review), then an action
falls overdue and a cited law is replaced; the pages read the kept figures, a past day is
still computed from the rows' dates, and a planted difference is found. On PostgreSQL, two
changes to one agency at once both end up in its figures."""

import io
import threading
import time
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.test import TestCase, TransactionTestCase
from django.urls import reverse

from audits.selectors.review_inputs import inputs_for
from audits.services import reviews
from documents.services.documents import document_update
from documents.services.external import external_document_end, external_document_save
from qms.agencies.roles import Role
from qms.monitoring.models import StatusFigures
from qms.monitoring.selectors.status import Status, WarningKind, adoption_status
from qms.monitoring.services.announcements import announcement_record
from qms.monitoring.services.status_figures import status_rebuild
from tests.audits.test_clause_view import closed_audit
from tests.helpers import (
    KeepsCatalogue,
    count_queries,
    make_agency,
    make_document,
    make_document_type,
    make_effective_document,
    make_pdf,
    make_planned_nonconformity,
    make_unit,
    make_user,
)

CLOCK = time_machine.travel("2026-06-30 09:00 +07:00", tick=False)
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL: set DATABASE_URL"
)


def announce(agency, by, procedure):
    return announcement_record(
        agency=agency,
        by=by,
        decision_number="125/QĐ-STP",
        decided_on=date(2026, 6, 30),
        signer="Phạm Văn Minh",
        iso_version="2015",
        procedures=[procedure],
        upload=SimpleUploadedFile("cong-bo.pdf", make_pdf(), content_type="application/pdf"),
    )


def approve_review(agency, secretary, leader):
    review = reviews.review_create(
        agency=agency,
        by=secretary,
        title="Xem xét của lãnh đạo 6 tháng đầu năm 2026",
        held_on=date(2026, 6, 30),
        chair=leader,
    )
    reviews.review_compile(review=review, by=secretary)
    reviews.review_minutes_save(
        review=review,
        by=secretary,
        minutes={item.key: "Đã xem xét." for item in inputs_for(review.iso_version)},
        conclusion="Hệ thống phù hợp và có hiệu lực.",
    )
    reviews.review_submit(review=review, by=secretary)
    return reviews.review_approve(review=review, by=leader)


def people(agency):
    return {
        role: make_user(f"{role} {agency.code}", agency, [role])
        for role in (
            Role.ISO_SECRETARY,
            Role.DRAFTER,
            Role.REVIEWER,
            Role.APPROVER,
            Role.AUDITOR,
            Role.STAFF,
        )
    }


@CLOCK
class KeptFiguresTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with CLOCK:
            cls.agency = make_agency("Sở Tư pháp", code="sotp")
            cls.province = cls.agency.province
            cls.cast = people(cls.agency)
            cls.tuan = make_user("Ngô Anh Tuấn", cls.province, [Role.SUPERVISOR])

    def assert_kept(self, status: str) -> None:
        """The kept figures equal a rebuild from scratch, and give ``status``."""
        self.assertEqual(status_rebuild().differences, [])
        self.assertEqual(adoption_status(self.agency).status, status)

    def effective(self, kind: str, title: str):
        cast = self.cast
        document_type = self.agency.document_types.filter(kind=kind).first()
        return make_effective_document(
            self.agency,
            drafter=cast[Role.DRAFTER],
            reviewer=cast[Role.REVIEWER],
            approver=cast[Role.APPROVER],
            title=title,
            type=document_type or make_document_type(self.agency, kind=kind, prefix=kind[:2]),
        )

    def test_every_change_refreshes_the_figures_in_its_own_transaction(self):
        cast, secretary = self.cast, self.cast[Role.ISO_SECRETARY]
        self.assert_kept(Status.NOT_STARTED)
        make_document(self.agency, cast[Role.DRAFTER], "Sổ tay chất lượng")
        self.assert_kept(Status.BUILDING)
        self.effective("policy", "Chính sách chất lượng")
        self.effective("objectives", "Mục tiêu chất lượng năm 2026")
        procedure = self.effective("procedure", "Quy trình cấp phiếu lý lịch tư pháp")
        self.assert_kept(Status.APPLYING)
        announce(self.agency, secretary, procedure)
        self.assert_kept(Status.ANNOUNCED)
        closed_audit(
            self.agency,
            secretary=secretary,
            approver=cast[Role.APPROVER],
            lead=cast[Role.AUDITOR],
            auditee=cast[Role.STAFF],
            unit=make_unit(self.agency, "Văn phòng Sở"),
            chosen=["9.2"],
            approved_on=date(2026, 6, 30),
        )
        self.assertEqual(status_rebuild().differences, [])
        approve_review(self.agency, secretary, cast[Role.APPROVER])
        self.assert_kept(Status.MAINTAINED)
        # A cited law replaced 40 days ago: past the 30 days the agency has to update.
        law = external_document_save(
            agency=self.agency,
            by=secretary,
            kind="decree",
            number="07/2025/NĐ-CP",
            title="Nghị định sửa đổi về lý lịch tư pháp",
        )
        document_update(document=procedure, by=secretary, reason="Viện dẫn", cited=[law])
        external_document_end(external=law, by=secretary, status="replaced", on=date(2026, 5, 21))
        self.assertEqual(status_rebuild().differences, [])
        self.assertIn(WarningKind.LAW_NOT_UPDATED, adoption_status(self.agency).warnings)

    def test_the_calendar_moves_through_the_daily_rebuild(self):
        secretary = self.cast[Role.ISO_SECRETARY]
        make_planned_nonconformity(self.agency, secretary, [self.cast[Role.STAFF]])
        self.assertEqual(StatusFigures.objects.get(agency=self.agency).overdue_actions, 0)
        with time_machine.travel("2026-07-31 09:00 +07:00", tick=False):
            # The kept row is of 30 June: the pages compute today's figures meanwhile.
            self.assertIn(WarningKind.ACTIONS_OVERDUE, adoption_status(self.agency).warnings)
            result = status_rebuild()
            self.assertEqual((result.differences, result.stale >= 1), ([], True))
            kept = StatusFigures.objects.get(agency=self.agency)
            self.assertEqual((kept.computed_on, kept.overdue_actions), (date(2026, 7, 31), 1))
        # A past day is still computed from the rows' dates.
        self.assertEqual(
            adoption_status(self.agency, as_of=date(2026, 6, 29)).status, Status.NOT_STARTED
        )

    def test_the_rebuild_finds_a_planted_difference(self):
        make_document(self.agency, self.cast[Role.DRAFTER], "Sổ tay chất lượng")
        StatusFigures.objects.filter(agency=self.agency).update(has_documents=False)
        result = status_rebuild()
        self.assertEqual(result.differences, [("sotp", "has_documents", False, True)])
        self.assertEqual(status_rebuild().differences, [])  # the rebuild stored the truth
        StatusFigures.objects.filter(agency=self.agency).update(overdue_actions=3)
        with self.assertRaises(CommandError):
            call_command("rebuild_status", "--check", stdout=io.StringIO())

    def test_the_dashboard_reads_the_kept_figures_in_the_same_queries_for_3_or_30(self):
        self.client.force_login(self.tuan)
        url = reverse("monitoring:dashboard")
        status_rebuild()
        self.client.get(url)
        three = count_queries(lambda: self.client.get(url))
        for n in range(27):
            make_agency(f"UBND xã số {n}", province=self.province)
        status_rebuild()
        self.assertEqual(count_queries(lambda: self.client.get(url)), three)


@postgres_only
class ConcurrentFiguresTests(KeepsCatalogue, TransactionTestCase):
    def test_two_changes_to_one_agency_at_once_both_reach_its_figures(self):
        agency = make_agency("Sở Tư pháp", code="sotp")
        cast = people(agency)
        procedure = make_effective_document(
            agency,
            drafter=cast[Role.DRAFTER],
            reviewer=cast[Role.REVIEWER],
            approver=cast[Role.APPROVER],
        )
        started = threading.Event()

        def announcement_held_open():
            try:
                with transaction.atomic():
                    announce(agency, cast[Role.ISO_SECRETARY], procedure)
                    started.set()
                    # Keep the change uncommitted while the other one refreshes the figures.
                    time.sleep(0.5)
            finally:
                connections.close_all()

        def law_registered_meanwhile():
            # One save, so one refresh: without the lock it would store figures computed
            # before the announcement was committed.
            try:
                started.wait(timeout=10)
                external_document_save(
                    agency=agency,
                    by=cast[Role.ISO_SECRETARY],
                    kind="decree",
                    number="63/2010/NĐ-CP",
                    title="Nghị định về kiểm soát thủ tục hành chính",
                )
            finally:
                connections.close_all()

        threads = [
            threading.Thread(target=announcement_held_open),
            threading.Thread(target=law_registered_meanwhile),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        kept = StatusFigures.objects.get(agency=agency)
        self.assertIsNotNone(kept.last_announced_on)
        self.assertEqual(status_rebuild(on=kept.computed_on).differences, [])
        self.assertEqual(adoption_status(agency).status, Status.ANNOUNCED)
