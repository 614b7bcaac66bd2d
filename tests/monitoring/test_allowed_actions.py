"""An inspection plan's, an inspection's and an annual report's pages offer a step exactly when
the service would accept it: for every status and every kind of user, the ``*_allowed_actions``
of ``qms.monitoring.workflow`` agree with the services and the pages show the buttons they
allow. The clock stands on 30 June 2026, inside the plans' period (June to August)."""

from datetime import date

import time_machine
from django.urls import reverse

from qms.agencies.roles import Role
from qms.monitoring.models import AnnualReport, Inspection, InspectionCheck, InspectionPlan
from qms.monitoring.selectors.reports import default_fields
from qms.monitoring.services import inspections as service
from qms.monitoring.services import reports
from qms.monitoring.services.plan_changes import plan_update
from qms.monitoring.workflow import (
    INSPECTION_CHECKS,
    PLAN_CHECKS,
    REPORT_CHECKS,
    inspection_allowed_actions,
    plan_allowed_actions,
    report_allowed_actions,
)
from tests.helpers import AllowedActionsMixin, button_to, make_agency, make_user
from tests.monitoring.fixtures import YEAR, SupervisionFixture

CLOCK = time_machine.travel("2026-06-30 09:00 +07:00", tick=False)
S = InspectionPlan.Status


def _all_met(inspection: Inspection) -> dict[int, tuple[str, str]]:
    return {
        check.pk: (InspectionCheck.Result.MET, "")
        for check in inspection.checks.order_by("position")
    }


class PlanStates(SupervisionFixture):
    """One plan per status, and an in-progress plan whose every line has its result. Tuấn
    drafted them and is their team; Hà approved them."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with CLOCK:
            cls.plans = {
                "planned": cls.make_plan(title="Kế hoạch dự thảo"),
                "approved": cls.make_plan(title="Kế hoạch đã duyệt", status="approved"),
                "in_progress": cls.make_plan(title="Đang kiểm tra", status="in_progress"),
                "checked": cls.make_plan(title="Đã chấm xong", status="in_progress"),
                "concluded": cls.make_plan(title="Đã kết luận", status="in_progress"),
            }
            for name in ("checked", "concluded"):
                inspection = cls.plans[name].inspections.get()
                service.inspection_record(
                    inspection=inspection,
                    by=cls.tuan,
                    inspected_on=date(YEAR, 6, 15),
                    recommendations="Cập nhật danh mục văn bản pháp luật.",
                    results=_all_met(inspection),
                )
            service.plan_conclude(
                plan=cls.plans["concluded"], by=cls.tuan, conclusion="Các cơ quan áp dụng đúng."
            )

    def users(self):
        return {
            "drafter on the team": self.tuan,
            "second supervisor": self.ha,
            "supervisor of another province": self.khanh,
            "inspected agency's secretary": self.lan,
            "inspected agency's staff": self.hoa,
        }


@CLOCK
class PlanAllowedActionsTests(AllowedActionsMixin, PlanStates):
    def fresh(self, name: str) -> InspectionPlan:
        return InspectionPlan.objects.select_related("province").get(pk=self.plans[name].pk)

    def calls(self):
        return {
            "edit": lambda plan, by: plan_update(
                plan=plan,
                by=by,
                reason="Lùi thời gian kiểm tra theo đề nghị của Sở Tư pháp",
                year=YEAR,
                title=plan.title,
                decision_number=plan.decision_number,
                starts_on=date(YEAR, 7, 1),
                ends_on=plan.ends_on,
                team=[self.tuan],
                agencies=[self.a],
            ),
            "approve": lambda plan, by: service.plan_approve(plan=plan, by=by),
            "start": lambda plan, by: service.plan_start(plan=plan, by=by),
            "conclude": lambda plan, by: service.plan_conclude(
                plan=plan, by=by, conclusion="Các cơ quan duy trì hệ thống."
            ),
        }

    def test_every_status_is_reached(self):
        self.assertEqual({self.fresh(name).status for name in self.plans}, set(S.values))

    def test_the_names_are_those_of_the_services(self):
        self.assertEqual(set(self.calls()), set(PLAN_CHECKS))

    def test_allowed_actions_agree_with_the_services(self):
        self.assert_allowed_agrees_with_services(
            users=self.users(),
            states=self.plans,
            fresh=self.fresh,
            allowed_actions=plan_allowed_actions,
            calls=self.calls(),
        )

    def test_a_few_answers_spelled_out(self):
        self.assertEqual(plan_allowed_actions(self.fresh("planned"), self.tuan), {"edit"})
        self.assertEqual(plan_allowed_actions(self.fresh("planned"), self.ha), {"edit", "approve"})
        self.assertEqual(plan_allowed_actions(self.fresh("in_progress"), self.tuan), set())
        self.assertEqual(plan_allowed_actions(self.fresh("checked"), self.ha), {"conclude"})
        self.assertEqual(plan_allowed_actions(self.fresh("planned"), self.lan), set())

    def test_the_page_shows_a_button_exactly_when_allowed(self):
        self.assert_page_shows_allowed_buttons(
            users=self.users(),
            states=self.plans,
            fresh=self.fresh,
            allowed_actions=plan_allowed_actions,
            page_url=lambda plan: reverse("monitoring:inspection-plan-detail", args=[plan.pk]),
            buttons={
                "edit": button_to("monitoring:inspection-plan-edit"),
                "approve": button_to("monitoring:inspection-plan-approve"),
                "start": button_to("monitoring:inspection-plan-start"),
                "conclude": button_to("monitoring:inspection-plan-conclude"),
            },
        )

    def test_a_plan_with_lines_unchecked_says_why_it_cannot_end(self):
        self.client.force_login(self.ha)
        url = reverse("monitoring:inspection-plan-detail", args=[self.plans["in_progress"].pk])
        self.assertContains(self.client.get(url), 'id="conclude-waits"')
        url = reverse("monitoring:inspection-plan-detail", args=[self.plans["checked"].pk])
        self.assertNotContains(self.client.get(url), 'id="conclude-waits"')


@CLOCK
class InspectionAllowedActionsTests(AllowedActionsMixin, PlanStates):
    def fresh(self, name: str) -> Inspection:
        return Inspection.objects.select_related("plan", "plan__province", "agency").get(
            plan=self.plans[name]
        )

    def calls(self):
        return {
            "record": lambda inspection, by: service.inspection_record(
                inspection=inspection,
                by=by,
                inspected_on=date(YEAR, 6, 20),
                recommendations="Rà soát lại quy trình tiếp nhận hồ sơ.",
                results={},
            ),
        }

    def test_the_names_are_those_of_the_services(self):
        self.assertEqual(set(self.calls()), set(INSPECTION_CHECKS))

    def test_allowed_actions_agree_with_the_services(self):
        self.assert_allowed_agrees_with_services(
            users=self.users(),
            states=self.plans,
            fresh=self.fresh,
            allowed_actions=inspection_allowed_actions,
            calls=self.calls(),
        )

    def test_only_the_team_records_and_only_while_in_progress(self):
        self.assertEqual(
            inspection_allowed_actions(self.fresh("in_progress"), self.tuan), {"record"}
        )
        self.assertEqual(inspection_allowed_actions(self.fresh("in_progress"), self.ha), set())
        self.assertEqual(inspection_allowed_actions(self.fresh("concluded"), self.tuan), set())

    def test_the_page_shows_a_button_exactly_when_allowed(self):
        self.assert_page_shows_allowed_buttons(
            users=self.users(),
            states=self.plans,
            fresh=self.fresh,
            allowed_actions=inspection_allowed_actions,
            page_url=lambda inspection: reverse(
                "monitoring:inspection-detail", args=[inspection.pk]
            ),
            buttons={"record": button_to("monitoring:inspection-checklist")},
        )


@CLOCK
class ReportAllowedActionsTests(AllowedActionsMixin, SupervisionFixture):
    """Agency A's reports of the year at each status, prepared by Lan, its ISO secretary."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with CLOCK:
            cls.template = reports.template_save(
                province=cls.province,
                by=cls.tuan,
                year=YEAR,
                title="Báo cáo tình hình áp dụng HTQLCL năm 2026",
                deadline=date(YEAR, 12, 15),
                fields=default_fields(),
            )
            cls.states = {
                "draft with empty fields": cls._report(values={}),
                "draft filled": cls._report(),
                "submitted": cls._report(submit=True),
                "returned": cls._report(submit=True, returned=True),
            }

    @classmethod
    def _report(cls, *, values=None, submit=False, returned=False) -> AnnualReport:
        """A report at a fresh agency of the province (one report per agency and year)."""
        agency = make_agency(
            f"UBND xã số {AnnualReport.objects.count() + 1}", province=cls.province
        )
        secretary = make_user(f"Thư ký {agency.name}", agency, [Role.ISO_SECRETARY])
        report = reports.report_start(template=cls.template, agency=agency, by=secretary)
        full = {field["key"]: cls._value(field) for field in cls.template.fields}
        reports.report_save(report=report, by=secretary, values=full if values is None else values)
        if submit:
            reports.report_submit(report=report, by=secretary)
        if returned:
            reports.report_return(report=report, by=cls.tuan, comment="Bổ sung kinh phí.")
        report.secretary = secretary
        return report

    @staticmethod
    def _value(field):
        return {"number": 2, "date": date(YEAR, 3, 1)}.get(field["type"], "Không có")

    def users(self, name: str):
        report = self.states[name]
        return {
            "its ISO secretary": report.secretary,
            "province supervisor": self.tuan,
            "supervisor of another province": self.khanh,
            "another agency's secretary": self.lan,
        }

    def fresh(self, name: str) -> AnnualReport:
        return AnnualReport.objects.select_related("template", "agency").get(
            pk=self.states[name].pk
        )

    def calls(self):
        return {
            "edit": lambda report, by: reports.report_save(
                report=report,
                by=by,
                values={f["key"]: self._value(f) for f in report.template.fields},
            ),
            "submit": lambda report, by: reports.report_submit(report=report, by=by),
            "return": lambda report, by: reports.report_return(
                report=report, by=by, comment="Số liệu chưa khớp."
            ),
        }

    def test_every_status_is_reached(self):
        statuses = {self.fresh(name).status for name in self.states}
        self.assertEqual(statuses, set(AnnualReport.Status.values))

    def test_the_names_are_those_of_the_services(self):
        self.assertEqual(set(self.calls()), set(REPORT_CHECKS))

    def test_allowed_actions_agree_with_the_services(self):
        for name in self.states:
            self.assert_allowed_agrees_with_services(
                users=self.users(name),
                states=[name],
                fresh=self.fresh,
                allowed_actions=report_allowed_actions,
                calls=self.calls(),
            )

    def test_the_page_shows_a_button_exactly_when_allowed(self):
        for name in self.states:
            self.assert_page_shows_allowed_buttons(
                users=self.users(name),
                states=[name],
                fresh=self.fresh,
                allowed_actions=report_allowed_actions,
                page_url=lambda report: reverse("monitoring:report-detail", args=[report.pk]),
                buttons={
                    "edit": button_to("monitoring:report-edit"),
                    "submit": button_to("monitoring:report-submit"),
                    "return": button_to("monitoring:report-return"),
                },
            )

    def test_a_report_with_empty_fields_names_them_instead_of_a_submit_button(self):
        report = self.fresh("draft with empty fields")
        secretary = self.states["draft with empty fields"].secretary
        self.assertEqual(report_allowed_actions(report, secretary), {"edit"})
        self.client.force_login(secretary)
        response = self.client.get(reverse("monitoring:report-detail", args=[report.pk]))
        self.assertContains(response, 'id="missing-fields"')
        self.assertContains(response, default_fields()[0]["label"])
