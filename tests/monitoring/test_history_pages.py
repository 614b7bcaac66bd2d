"""The history pages of an announcement, an inspection plan, an agency's inspection and an
annual report, and their CSV exports: each readable by whoever reads the object."""

from datetime import date

from django.urls import reverse

from qms.monitoring.services import inspections, reports
from tests.audits.test_history_pages import csv_rows, expected
from tests.helpers import LadderMixin, count_queries
from tests.monitoring.builders import Team
from tests.monitoring.fixtures import SupervisionFixture
from tests.monitoring.test_annual_reports import filled, make_template


class SupervisionHistoryPageTests(LadderMixin, SupervisionFixture):
    @classmethod
    def tearDownClass(cls):
        cls.announcement.file.delete(save=False)
        super().tearDownClass()

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.plan = cls.make_plan(status="in_progress", agencies=[cls.a, cls.b])
        cls.inspection = cls.plan.inspections.get(agency=cls.a)
        cls.template = make_template(cls.province, cls.tuan)
        cls.report = reports.report_start(template=cls.template, agency=cls.a, by=cls.lan)
        # The agency's ISO team records its announcement of conformity.
        team = Team(cls.a, "Sở Tư pháp")
        cls.announcement = team.announce([team.applying()], on=date(2026, 1, 5))

    def url(self, name: str, obj, csv: bool = False) -> str:
        return reverse(f"monitoring:{name}-history{'-csv' if csv else ''}", args=[obj.pk])

    def record(self, count: int) -> None:
        for number in range(count):
            inspections.finding_add(
                inspection=self.inspection, by=self.tuan, description=f"Phát hiện {number}"
            )

    def test_the_ladders_follow_each_objects_own_page(self):
        for csv in (False, True):
            with self.subTest(csv=csv):
                # The agency's own objects: its members and the supervisors; B, a 404.
                for name, obj in [
                    ("announcement", self.announcement),
                    ("inspection", self.inspection),
                    ("report", self.report),
                ]:
                    url = self.url(name, obj, csv)
                    self.assert_ladder(
                        url, outsider=self.binh, wrong_role=None, right_role=self.hoa
                    )
                    self.client.force_login(self.tuan)
                    self.assertEqual(self.client.get(url).status_code, 200, url)
                    self.client.force_login(self.khanh)
                    self.assertEqual(self.client.get(url).status_code, 404, url)
                # The plan: its province's supervisors; Lan, whose agency is inspected, a 403.
                url = self.url("inspection-plan", self.plan, csv)
                self.assert_ladder(
                    url, outsider=self.khanh, wrong_role=self.lan, right_role=self.ha
                )

    def test_the_agency_does_not_read_the_history_of_an_inspection_not_yet_started(self):
        plan = self.make_plan(agencies=[self.a])
        self.client.force_login(self.lan)
        response = self.client.get(self.url("inspection", plan.inspections.get()))
        self.assertEqual(response.status_code, 403)

    def test_the_plan_lists_its_steps_and_every_agencys_inspection(self):
        self.record(1)
        self.client.force_login(self.ha)
        entries = self.client.get(self.url("inspection-plan", self.plan)).context["entries"]
        self.assertEqual(
            {e.kind for e in entries},
            {"inspection_plan", "inspection", "inspection_check", "inspection_finding"},
        )
        inspected = {e.object_id for e in entries if e.kind == "inspection"}
        self.assertEqual(inspected, set(self.plan.inspections.values_list("pk", flat=True)))
        self.assertEqual(entries[0].kind, "inspection_finding")
        self.assertEqual(entries[0].user, self.tuan.full_name)
        steps = [e for e in entries if e.kind == "inspection_plan"]
        self.assertEqual(
            [e.user for e in steps], [self.tuan.full_name, self.ha.full_name, self.tuan.full_name]
        )
        self.assertTrue(all(entry.reason for entry in entries))

    def test_the_inspection_lists_only_its_own_checks_and_findings(self):
        self.record(1)
        self.client.force_login(self.hoa)
        entries = self.client.get(self.url("inspection", self.inspection)).context["entries"]
        inspection = self.inspection
        self.assertEqual(
            {(e.object_id, e.reason, e.user) for e in entries},
            expected(
                inspection.history.all(),
                inspection.checks.model.history.filter(inspection_id=inspection.pk),
                inspection.findings.model.history.filter(inspection_id=inspection.pk),
            ),
        )

    def test_the_report_lists_preparing_submitting_and_returning(self):
        report = reports.report_save(report=self.report, by=self.lan, values=filled(self.template))
        reports.report_submit(report=report, by=self.lan)
        reports.report_return(report=report, by=self.tuan, comment="Bổ sung kinh phí")
        self.client.force_login(self.hoa)
        entries = self.client.get(self.url("report", report)).context["entries"]
        self.assertEqual(
            [e.user for e in entries],
            [self.tuan.full_name, self.lan.full_name, self.lan.full_name, self.lan.full_name],
        )
        self.assertEqual(
            [e.reason for e in entries],
            list(
                report.history.order_by("-history_id").values_list(
                    "history_change_reason", flat=True
                )
            ),
        )
        self.assertTrue(any("→" in change for change in entries[0].changes))  # the status

    def test_the_csv_lists_what_the_page_lists(self):
        self.record(3)
        self.client.force_login(self.tuan)
        page = self.client.get(self.url("inspection", self.inspection)).context["entries"]
        response = self.client.get(self.url("inspection", self.inspection, csv=True))
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        _header, *rows = csv_rows(response)
        self.assertEqual([(r[4], r[6]) for r in rows], [(e.user, e.reason) for e in page])

    def test_the_query_count_does_not_grow_with_the_history(self):
        self.record(1)
        self.client.force_login(self.ha)
        url = self.url("inspection-plan", self.plan)
        before = count_queries(lambda: self.client.get(url))
        self.record(60)
        # A page costs two queries per kind of object on it, whatever the number of rows.
        self.assertLessEqual(count_queries(lambda: self.client.get(url)), before)
        self.assertEqual(count_queries(lambda: self.client.get(url + "?page=2")), before)
