"""The audit programme's page and an audit's report page offer a step exactly when the service
would accept it: for every status and every kind of user, ``programme_allowed_actions`` and
``audit_allowed_actions`` agree with the services and the pages show the buttons they allow.
The clock stands on 30 June 2026; the programmes of other years were drafted in their year."""

from datetime import date

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from audits.models import Audit, AuditProgramme, ChecklistItem, Finding, FindingEvidence
from audits.services import audit_plans, checklists, findings, programmes, remote
from audits.workflow import (
    AUDIT_CHECKS,
    PROGRAMME_CHECKS,
    audit_allowed_actions,
    programme_allowed_actions,
)
from qms.agencies.roles import Role
from tests.helpers import (
    AllowedActionsMixin,
    audit_fields,
    button_to,
    make_notified_audit,
    make_pdf,
    make_unit,
    make_user,
    make_workflow_cast,
)

CLOCK = time_machine.travel("2026-06-30 09:00 +07:00", tick=False)
P = AuditProgramme.Status
U = Audit.Status


def _plan(programme: AuditProgramme, by) -> Audit:
    spring = date(programme.year, 3, 10)
    return audit_plans.audit_plan_create(
        programme=programme, by=by, **audit_fields(programme.agency, start_on=spring, end_on=spring)
    )


def _a_finding(audit: Audit, auditor) -> Finding:
    """A finding of ``audit`` to attach a file to, written as the fieldwork left it (an audit
    past its fieldwork no longer takes findings through the service)."""
    return audit.findings.first() or Finding.objects.create(
        audit=audit,
        agency=audit.agency,
        number=1,
        code=f"{audit.code}/01",
        grade=Finding.Grade.OBSERVATION,
        statement="Sổ theo dõi hồ sơ chưa ghi ngày trả kết quả",
        evidence="Sổ tháng 6",
        clause=audit.clauses.first(),
        unit=audit.units.first(),
        recorded_by=auditor,
    )


@CLOCK
class ProgrammeAllowedActionsTests(AllowedActionsMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast = make_workflow_cast()
        make_unit(cls.cast.agency, "Phòng Hành chính tư pháp")
        stages = {
            "draft_empty": 2024,
            "draft_planned": 2025,
            "proposed": 2026,
            "returned": 2027,
            "approved": 2028,
        }
        cls.states = {name: cls._programme(name, year) for name, year in stages.items()}

    @classmethod
    def _programme(cls, stage: str, year: int) -> AuditProgramme:
        lan, minh = cls.cast.lan, cls.cast.minh
        with time_machine.travel(f"{year}-01-15 09:00 +07:00", tick=False):
            programme = programmes.programme_create(
                agency=cls.cast.agency,
                by=lan,
                year=year,
                objectives="Đánh giá sự phù hợp và hiệu lực của hệ thống.",
            )
        if stage == "draft_empty":
            return programme
        _plan(programme, lan)
        if stage == "draft_planned":
            return programme
        programmes.programme_propose(programme=programme, by=lan)
        if stage == "returned":
            programmes.programme_decide(
                programme=programme, by=minh, approve=False, comment="Bổ sung phòng Văn thư"
            )
        elif stage == "approved":
            programmes.programme_decide(programme=programme, by=minh, approve=True)
        return programme

    def fresh(self, name: str) -> AuditProgramme:
        return AuditProgramme.objects.select_related("agency").get(pk=self.states[name].pk)

    def calls(self):
        return {
            "edit": lambda programme, by: programmes.programme_update(
                programme=programme,
                by=by,
                objectives="Đánh giá hiệu lực của các quy trình một cửa.",
                criteria="TCVN ISO 9001:2015",
            ),
            "plan": lambda programme, by: _plan(programme, by),
            "propose": lambda programme, by: programmes.programme_propose(
                programme=programme, by=by
            ),
            "approve": lambda programme, by: programmes.programme_decide(
                programme=programme, by=by, approve=True
            ),
            "return": lambda programme, by: programmes.programme_decide(
                programme=programme, by=by, approve=False, comment="Bổ sung phòng Văn thư"
            ),
        }

    def test_every_status_is_reached(self):
        self.assertEqual({self.fresh(name).status for name in self.states}, set(P.values))

    def test_the_names_are_those_of_the_services(self):
        self.assertEqual(set(self.calls()), set(PROGRAMME_CHECKS))

    def test_allowed_actions_agree_with_the_services(self):
        self.assert_allowed_agrees_with_services(
            users=self.cast.roles,
            states=self.states,
            fresh=self.fresh,
            allowed_actions=programme_allowed_actions,
            calls=self.calls(),
        )

    def test_a_few_answers_spelled_out(self):
        lan, minh = self.cast.lan, self.cast.minh
        self.assertEqual(
            programme_allowed_actions(self.fresh("draft_empty"), lan), {"edit", "plan"}
        )
        self.assertIn("propose", programme_allowed_actions(self.fresh("draft_planned"), lan))
        self.assertEqual(
            programme_allowed_actions(self.fresh("proposed"), minh), {"approve", "return"}
        )
        self.assertEqual(programme_allowed_actions(self.fresh("approved"), lan), {"plan"})

    def test_the_page_shows_a_button_exactly_when_allowed(self):
        buttons = {
            "edit": "audits:programme-edit",
            "plan": "audits:programme-audit-create",
            "propose": "audits:programme-propose",
            "approve": "audits:programme-decide",
            "return": "audits:programme-return",
        }
        self.assert_page_shows_allowed_buttons(
            users=self.cast.roles,
            states=self.states,
            fresh=self.fresh,
            allowed_actions=programme_allowed_actions,
            page_url=lambda programme: reverse("audits:programme-detail", args=[programme.pk]),
            buttons={name: button_to(url_name) for name, url_name in buttons.items()},
        )

    def test_each_decision_has_its_own_address(self):
        self.client.force_login(self.cast.minh)
        url = reverse("audits:programme-return", args=[self.states["proposed"].pk])
        self.client.post(url, {"comment": ""})
        self.assertEqual(self.fresh("proposed").status, P.PROPOSED)
        self.client.post(url, {"comment": "Bổ sung phòng Văn thư"})
        self.assertEqual(self.fresh("proposed").status, P.DRAFT)


@CLOCK
class AuditAllowedActionsTests(AllowedActionsMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast = cast = make_workflow_cast()
        office = make_unit(cast.agency, "Văn phòng Sở")
        make_unit(cast.agency, "Phòng Hành chính tư pháp")
        # Thảo, internal auditor from the office, leads every audit here.
        cls.thao = make_user("Võ Thị Thảo", cast.agency, [Role.AUDITOR], unit=office)
        stages = ["notified", "answered", "completed", "report_proposed", "returned", "closed"]
        cls.states = {stage: cls._audit(stage) for stage in stages}
        planned = _plan(cast.agency.audit_programmes.get(), cast.lan)
        cls.states["planned"] = planned
        cancelled = _plan(cast.agency.audit_programmes.get(), cast.lan)
        audit_plans.audit_cancel(audit=cancelled, by=cast.lan, reason="Trùng lịch thanh tra")
        cls.states["cancelled"] = cancelled

    @classmethod
    def _audit(cls, stage: str) -> Audit:
        cast, thao = cls.cast, cls.thao
        audit = make_notified_audit(
            cast.agency, secretary=cast.lan, approver=cast.minh, lead=thao, auditee=cast.hoa
        )
        if stage == "notified":
            return audit
        checklists.checklist_build(audit=audit, by=thao)
        for item in audit.checklist.all():
            checklists.checklist_answer(
                item=item, by=thao, result=ChecklistItem.Result.CONFORMING, evidence="Sổ tháng 6"
            )
        if stage == "answered":
            return audit
        findings.audit_complete(audit=audit, by=thao)
        if stage == "completed":
            return audit
        findings.report_propose(audit=audit, by=thao, conclusion="Hệ thống được áp dụng.")
        if stage == "returned":
            findings.report_decide(audit=audit, by=cast.minh, approve=False, comment="Bổ sung")
        elif stage == "closed":
            findings.report_decide(audit=audit, by=cast.minh, approve=True)
        return audit

    def users(self):
        return {**self.cast.roles, "lead auditor": self.thao}

    def fresh(self, name: str) -> Audit:
        return Audit.objects.select_related("agency", "programme").get(pk=self.states[name].pk)

    def calls(self):
        return {
            "give_consent": lambda audit, by: remote.consent_give(audit=audit, by=by),
            "withdraw_consent": lambda audit, by: remote.consent_withdraw(audit=audit, by=by),
            "add_evidence": lambda audit, by: remote.finding_evidence_add(
                finding=_a_finding(audit, self.thao),
                by=by,
                kind=FindingEvidence.Kind.DOCUMENT,
                upload=SimpleUploadedFile("so-theo-doi.pdf", make_pdf()),
            ),
            "complete": lambda audit, by: findings.audit_complete(audit=audit, by=by),
            "propose_report": lambda audit, by: findings.report_propose(
                audit=audit, by=by, conclusion="Hệ thống được áp dụng và có hiệu lực."
            ),
            "approve_report": lambda audit, by: findings.report_decide(
                audit=audit, by=by, approve=True
            ),
            "return_report": lambda audit, by: findings.report_decide(
                audit=audit, by=by, approve=False, comment="Bổ sung bằng chứng"
            ),
        }

    def test_every_status_is_reached(self):
        self.assertEqual({self.fresh(name).status for name in self.states}, set(U.values))

    def test_the_names_are_those_of_the_services(self):
        self.assertEqual(set(self.calls()), set(AUDIT_CHECKS))

    def test_allowed_actions_agree_with_the_services(self):
        self.assert_allowed_agrees_with_services(
            users=self.users(),
            states=self.states,
            fresh=self.fresh,
            allowed_actions=audit_allowed_actions,
            calls=self.calls(),
        )

    def test_a_few_answers_spelled_out(self):
        thao, minh = self.thao, self.cast.minh
        self.assertEqual(audit_allowed_actions(self.fresh("notified"), thao), {"add_evidence"})
        self.assertEqual(
            audit_allowed_actions(self.fresh("notified"), self.cast.hoa), {"give_consent"}
        )
        self.assertEqual(
            audit_allowed_actions(self.fresh("answered"), thao), {"add_evidence", "complete"}
        )
        self.assertEqual(audit_allowed_actions(self.fresh("returned"), thao), {"propose_report"})
        self.assertEqual(
            audit_allowed_actions(self.fresh("report_proposed"), minh),
            {"approve_report", "return_report"},
        )

    def test_the_page_shows_a_button_exactly_when_allowed(self):
        buttons = {
            "complete": button_to("audits:audit-complete"),
            "propose_report": lambda audit: 'name="conclusion"',
            "approve_report": button_to("audits:audit-report-decide"),
            "return_report": button_to("audits:audit-report-return"),
        }
        self.assert_page_shows_allowed_buttons(
            users=self.users(),
            states=self.states,
            fresh=self.fresh,
            allowed_actions=audit_allowed_actions,
            page_url=lambda audit: reverse("audits:audit-report", args=[audit.pk]),
            buttons=buttons,
        )

    def test_each_decision_has_its_own_address(self):
        self.client.force_login(self.cast.minh)
        url = reverse("audits:audit-report-return", args=[self.states["report_proposed"].pk])
        self.client.post(url, {"comment": ""})
        self.assertEqual(self.fresh("report_proposed").status, U.REPORT_PROPOSED)
        self.client.post(url, {"comment": "Bổ sung bằng chứng"})
        self.assertEqual(self.fresh("report_proposed").status, U.COMPLETED)
