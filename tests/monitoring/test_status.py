"""The adoption status and warnings derived from hand-built data, now and as of a past day."""

from datetime import date, timedelta

from django.test import TestCase, override_settings
from django.utils import timezone

from audits.models import Action
from documents.models import Document, ExternalDocument
from documents.services.external import external_document_end, external_document_save
from qms.agencies.models import Agency
from qms.monitoring.selectors.status import Status, WarningKind, adoption_status, adoption_statuses
from tests.helpers import (
    count_queries,
    make_agency,
    make_document,
    make_planned_nonconformity,
    make_province,
)
from tests.monitoring.builders import Team, kept_as_the_services_keep_them

TODAY = timezone.localdate()


class StatusTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("UBND tỉnh Lâm Đồng")
        # The Sở Tư pháp team: secretary Lan, reviewer Minh, leader Hùng.
        cls.agency = make_agency("Sở Tư pháp", province=cls.province)
        cls.team = Team(cls.agency, "Sở Tư pháp")

    def status(self, **kwargs):
        return adoption_status(self.agency, **kwargs)

    def test_it_is_not_started_without_documents(self):
        self.assertEqual(self.status().status, Status.NOT_STARTED)
        self.assertEqual(self.status().warnings, [])

    def test_it_is_building_with_a_draft(self):
        make_document(self.agency, self.team.secretary, "Quy trình tiếp nhận hồ sơ")
        self.assertEqual(self.status().status, Status.BUILDING)

    def test_it_is_applying_only_with_policy_objectives_and_a_procedure(self):
        self.team.effective("Chính sách chất lượng", kind="policy")
        self.team.effective("Mục tiêu chất lượng", kind="objectives")
        self.assertEqual(self.status().status, Status.BUILDING)
        self.team.effective("Quy trình kiểm soát tài liệu")
        status = self.status()
        self.assertEqual(status.status, Status.APPLYING)
        self.assertIn(WarningKind.NO_AUDIT, status.warnings)
        self.assertIn(WarningKind.NO_REVIEW, status.warnings)

    def test_it_is_announced_then_maintained(self):
        procedure = self.team.applying()
        self.team.announce([procedure], on=TODAY)
        self.assertEqual(self.status().status, Status.ANNOUNCED)
        self.team.audit_closed(TODAY - timedelta(days=30))
        self.assertEqual(self.status().status, Status.ANNOUNCED)
        self.team.review_approved(TODAY - timedelta(days=20))
        status = self.status()
        self.assertEqual(status.status, Status.MAINTAINED)
        self.assertEqual(status.warnings, [])

    def test_an_audit_older_than_twelve_months_no_longer_maintains(self):
        procedure = self.team.applying()
        self.team.announce([procedure], on=TODAY)
        self.team.audit_closed(TODAY - timedelta(days=400))
        self.team.review_approved(TODAY - timedelta(days=20))
        status = self.status()
        self.assertEqual(status.status, Status.ANNOUNCED)
        self.assertEqual(status.warnings, [WarningKind.NO_AUDIT])

    def test_it_warns_of_documents_overdue_for_review(self):
        procedure = self.team.applying()
        Document.objects.filter(pk=procedure.pk).update(review_due=TODAY - timedelta(days=1))
        kept_as_the_services_keep_them(self.agency)
        status = self.status()
        self.assertIn(WarningKind.REVIEW_OVERDUE, status.warnings)
        self.assertEqual(status.overdue_reviews, 1)

    @override_settings(MONITORING_LAW_UPDATE_DAYS=30)
    def test_it_warns_of_a_replaced_law_after_the_grace_days(self):
        procedure = self.team.applying()
        law = external_document_save(
            agency=self.agency,
            by=self.team.secretary,
            kind="decree",
            number="1/2020/NĐ-CP",
            title="Nghị định cũ",
        )
        procedure.cited.add(law)
        external_document_end(
            external=law, by=self.team.secretary, status="replaced", on=TODAY - timedelta(days=10)
        )
        self.assertNotIn(WarningKind.LAW_NOT_UPDATED, self.status().warnings)
        ExternalDocument.objects.filter(pk=law.pk).update(
            status_changed_on=TODAY - timedelta(days=31)
        )
        kept_as_the_services_keep_them(self.agency)
        self.assertIn(WarningKind.LAW_NOT_UPDATED, self.status().warnings)

    def test_it_warns_of_overdue_actions(self):
        _nc, actions = make_planned_nonconformity(
            self.agency, self.team.secretary, [self.team.approver]
        )
        self.assertNotIn(WarningKind.ACTIONS_OVERDUE, self.status().warnings)
        Action.objects.filter(pk=actions[0].pk).update(due_on=TODAY - timedelta(days=1))
        kept_as_the_services_keep_them(self.agency)
        status = self.status()
        self.assertIn(WarningKind.ACTIONS_OVERDUE, status.warnings)
        self.assertEqual(status.overdue_actions, 1)

    def test_it_warns_of_the_old_version(self):
        Agency.objects.filter(pk=self.agency.pk).update(iso_version="2008")
        self.assertIn(WarningKind.OLD_VERSION, self.status().warnings)


class PastStatusTests(TestCase):
    """Figures as of 31/12 of last year, from the dates stored on the rows."""

    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("UBND tỉnh Lâm Đồng")
        cls.agency = make_agency("Sở Tư pháp", province=cls.province)
        # The Sở Tư pháp team.
        cls.team = Team(cls.agency, "Sở Tư pháp")
        cls.year_end = date(TODAY.year - 1, 12, 31)

    def test_it_reproduces_the_status_on_a_past_day(self):
        procedure = self.team.applying(on=self.year_end - timedelta(days=100))
        # Announced in the new year: on 31/12 the agency was only applying.
        self.team.announce([procedure], on=date(TODAY.year, 1, 2))
        self.assertEqual(adoption_status(self.agency, as_of=self.year_end).status, Status.APPLYING)
        self.assertEqual(adoption_status(self.agency).status, Status.ANNOUNCED)
        # Before the documents took effect, it was building.
        day = self.year_end - timedelta(days=101)
        self.assertIn(
            adoption_status(self.agency, as_of=day).status, (Status.BUILDING, Status.NOT_STARTED)
        )

    def test_an_action_done_late_was_overdue_on_the_past_day(self):
        _nc, actions = make_planned_nonconformity(
            self.agency, self.team.secretary, [self.team.approver]
        )
        Action.objects.filter(pk=actions[0].pk).update(
            due_on=self.year_end - timedelta(days=5),
            status=Action.Status.DONE,
            done_at=timezone.now(),
        )
        kept_as_the_services_keep_them(self.agency)
        past = adoption_status(self.agency, as_of=self.year_end)
        self.assertIn(WarningKind.ACTIONS_OVERDUE, past.warnings)
        self.assertNotIn(WarningKind.ACTIONS_OVERDUE, adoption_status(self.agency).warnings)

    def test_current_only_warnings_are_left_out_of_the_past(self):
        Agency.objects.filter(pk=self.agency.pk).update(iso_version="2008")
        self.assertNotIn(
            WarningKind.OLD_VERSION, adoption_status(self.agency, as_of=self.year_end).warnings
        )


class StatusQueryCountTests(TestCase):
    def test_one_query_whatever_the_number_of_agencies(self):
        province = make_province("UBND tỉnh Lâm Đồng")
        for index in range(3):
            make_agency(f"Sở {index}", province=province)
        few = count_queries(lambda: adoption_statuses(Agency.objects.filter(province=province)))
        for index in range(9):
            make_agency(f"Xã {index}", province=province, level="commune")
        many = count_queries(lambda: adoption_statuses(Agency.objects.filter(province=province)))
        self.assertEqual(few, many)
        self.assertEqual(many, 1)
