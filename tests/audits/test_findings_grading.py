"""Findings graded deliberately: no default grade, the clause pre-filled from the procedure,
a confirmation for fieldwork recorded before the planned date; and the nonconformity's
status says what happened after an effective verification."""

from datetime import date

import time_machine
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from audits.models import Finding, Nonconformity
from audits.services import actions as action_flow
from audits.services import checklists, findings, nonconformity_actions
from documents.models import IsoClause
from qms.agencies.roles import Role
from tests.e2e.browser import vi
from tests.helpers import (
    make_agency,
    make_document,
    make_notified_audit,
    make_planned_nonconformity,
    make_unit,
    make_user,
)

STATEMENT = "Hồ sơ trả kết quả trễ hạn không có Phiếu xin lỗi và hẹn lại ngày trả kết quả"
EVIDENCE = "Sổ theo dõi hồ sơ tháng 4/2026: 3/25 hồ sơ trễ hạn, không có phiếu xin lỗi"
# The day before the audit of the tests (15/06, see tests.helpers.audit_fields), and the day.
EVE = "2026-06-14 09:00 +07:00"
FIRST_DAY = "2026-06-15 08:00 +07:00"


class FindingFixture(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        cls.office = make_unit(cls.agency, "Văn phòng Sở")
        cls.legal = make_unit(cls.agency, "Phòng Hành chính tư pháp")
        # Lan, ISO secretary.
        cls.lan = make_user(
            "Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY, Role.DRAFTER], unit=cls.office
        )
        # Minh, the leader.
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER], unit=cls.office)
        # Hùng, internal auditor of the Văn phòng, lead auditor.
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.AUDITOR], unit=cls.office)
        # Dũng, head of the legal unit, auditee.
        cls.dung = make_user("Võ Văn Dũng", cls.agency, [Role.STAFF], unit=cls.legal)

    def audit(self):
        return make_notified_audit(
            self.agency,
            secretary=self.lan,
            approver=self.minh,
            lead=self.hung,
            auditee=self.dung,
            units=[self.legal],
            start_on=date(2026, 6, 15),
            end_on=date(2026, 6, 16),
        )

    def record(self, audit, **extra):
        return findings.finding_record(
            audit=audit,
            by=self.hung,
            grade=Finding.Grade.MAJOR,
            statement=STATEMENT,
            evidence=EVIDENCE,
            clause=IsoClause.objects.get(version="2015", number="8.5.1"),
            unit=self.legal,
            **extra,
        )


@time_machine.travel(FIRST_DAY, tick=False)
class FindingFormTests(FindingFixture):
    def test_the_grade_has_no_default_and_is_required(self):
        audit = self.audit()
        self.client.force_login(self.hung)
        url = reverse("audits:audit-finding-create", args=[audit.pk])
        response = self.client.get(url)
        self.assertContains(response, '<option value="" selected>')
        response = self.client.post(
            url,
            {
                "statement": STATEMENT,
                "evidence": EVIDENCE,
                "clause": IsoClause.objects.get(version="2015", number="8.5.1").pk,
                "unit": self.legal.pk,
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("grade", response.context["form"].errors)
        self.assertFalse(audit.findings.exists())

    def test_the_clause_comes_from_the_procedure_of_the_item(self):
        audit = self.audit()
        procedure = make_document(self.agency, self.lan, "Quy trình cấp Phiếu lý lịch tư pháp")
        cited = IsoClause.objects.get(version="2015", number="8.5.1")
        procedure.clauses.set([cited, IsoClause.objects.get(version="2015", number="8.6")])
        item = checklists.checklist_item_add(
            audit=audit,
            by=self.hung,
            question="Hồ sơ lý lịch tư pháp có trả đúng hạn?",
            document=procedure,
        )
        self.client.force_login(self.hung)
        response = self.client.get(
            reverse("audits:audit-finding-create", args=[audit.pk]), {"item": item.pk}
        )
        self.assertEqual(response.context["form"].initial["clause"], cited)

    def test_on_the_planned_day_no_confirmation_is_asked(self):
        audit = self.audit()
        self.client.force_login(self.hung)
        response = self.client.get(reverse("audits:audit-finding-create", args=[audit.pk]))
        self.assertNotIn("confirm_before_plan", response.context["form"].fields)
        self.assertEqual(self.record(audit).grade, Finding.Grade.MAJOR)


class BeforeThePlannedDateTests(FindingFixture):
    def test_the_service_asks_for_the_confirmation_the_day_before(self):
        with time_machine.travel(EVE, tick=False):
            audit = self.audit()
            self.assertEqual(audit.start_on, date(2026, 6, 15))
            with self.assertRaises(ValidationError) as refused:
                self.record(audit)
            self.assertIn("confirm_before_plan", refused.exception.error_dict)
            self.assertFalse(audit.findings.exists())
            finding = self.record(audit, confirm_before_plan=True)
        self.assertEqual(finding.code, f"{audit.code}/01")

    def test_the_page_shows_the_checkbox_and_refuses_without_it(self):
        with time_machine.travel(EVE, tick=False):
            audit = self.audit()
            self.client.force_login(self.hung)
            url = reverse("audits:audit-finding-create", args=[audit.pk])
            self.assertContains(self.client.get(url), 'name="confirm_before_plan"')
            data = {
                "grade": Finding.Grade.MINOR,
                "statement": STATEMENT,
                "evidence": EVIDENCE,
                "clause": IsoClause.objects.get(version="2015", number="8.5.1").pk,
                "unit": self.legal.pk,
            }
            response = self.client.post(url, data)
            self.assertIn("confirm_before_plan", response.context["form"].errors)
            response = self.client.post(url, {**data, "confirm_before_plan": "on"})
            finding = audit.findings.get()
            self.assertRedirects(response, reverse("audits:finding-detail", args=[finding.pk]))


class StatusLabelTests(FindingFixture):
    def test_an_effective_verification_reads_verified_awaiting_closure(self):
        nonconformity, (action,) = make_planned_nonconformity(self.agency, self.lan, [self.dung])
        action_flow.action_complete(action=action, by=self.dung, evidence="Đã lập sổ theo dõi.")
        nonconformity.refresh_from_db()
        self.assertEqual(nonconformity.status_label, nonconformity.get_status_display())
        nonconformity_actions.nonconformity_verify(
            nonconformity=nonconformity,
            by=self.hung,
            result=Nonconformity.Effectiveness.EFFECTIVE,
            evidence="Kiểm tra 20 hồ sơ tháng 7: đều ghi ngày chuyển",
        )
        nonconformity.refresh_from_db()
        # The stored status does not change; what people read does.
        self.assertEqual(nonconformity.status, Nonconformity.Status.AWAITING_VERIFICATION)
        label = vi("Verified effective – awaiting closure")
        self.assertEqual(nonconformity.status_label, label)
        self.client.force_login(self.lan)
        detail = self.client.get(reverse("audits:nonconformity-detail", args=[nonconformity.pk]))
        self.assertContains(detail, label)
        self.assertNotContains(detail, f">{vi('Awaiting verification')}<")
        self.assertContains(self.client.get(reverse("audits:nonconformity-list")), label)


class DemoFindingClausesTests(TestCase):
    """The demo's findings cite the clauses that really apply."""

    @classmethod
    def setUpTestData(cls):
        from qms.devdata.demo import agencies as agencies_demo
        from qms.devdata.demo.audits import internal as demo_audits

        agencies_demo.load()
        demo_audits.load()

    def test_a_late_dossier_cites_the_control_of_service_provision(self):
        late = Finding.objects.filter(statement__contains="trễ hạn").select_related(
            "clause", "agency"
        )
        self.assertTrue(late)
        for finding in late:
            with self.subTest(agency=finding.agency.code):
                expected = "8.5.1" if finding.agency.iso_version == "2015" else "7.5"
                self.assertEqual(finding.clause.number, expected)
                # The checklist item it answers is the one of that main clause.
                self.assertEqual(finding.checklist_item.clause.number, expected.split(".")[0])

    def test_no_finding_cites_the_context_of_the_organisation(self):
        self.assertFalse(Finding.objects.filter(clause__number__startswith="4.1"))
