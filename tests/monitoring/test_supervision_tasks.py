""" "Việc của tôi" and the navigation: an agency's ISO secretary sees the report to submit and
the "Annual report" entry; a supervisor sees the inspections in progress and his own entries."""

from datetime import date, timedelta

import time_machine
from django.test import TestCase
from django.urls import reverse

from qms.agencies.roles import Role
from qms.monitoring.services import reports as service
from tests.helpers import count_queries, make_agency, make_ministry, make_province, make_user
from tests.monitoring.builders import Team
from tests.monitoring.fixtures import SupervisionFixture
from tests.monitoring.test_annual_reports import filled, make_template
from tests.navigation import navigation_of


class TaskTests(SupervisionFixture):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.template = make_template(cls.province, cls.tuan)
        cls.plan = cls.make_plan(status="in_progress")

    def titles(self, person) -> dict[str, list[str]]:
        self.client.force_login(person)
        groups = self.client.get(reverse("home")).context["task_groups"]
        return {group.title: [item.title for item in group.items] for group in groups}

    def test_the_secretary_sees_the_report_until_it_is_submitted(self):
        self.assertIn([self.template.title], self.titles(self.lan).values())
        report = service.report_start(template=self.template, agency=self.a, by=self.lan)
        service.report_save(report=report, by=self.lan, values=filled(self.template))
        service.report_submit(report=report, by=self.lan)
        self.assertNotIn([self.template.title], self.titles(self.lan).values())
        self.assertNotIn([self.template.title], self.titles(self.hoa).values())

    def test_the_supervisor_sees_inspections_in_progress(self):
        self.assertIn([self.plan.title], self.titles(self.tuan).values())
        self.assertNotIn([self.plan.title], self.titles(self.khanh).values())

    def test_the_navigation_entries(self):
        self.client.force_login(self.lan)
        labels = navigation_of(self.client.get(reverse("home"))).urls
        self.assertIn(reverse("monitoring:my-reports"), labels)
        self.assertNotIn(reverse("monitoring:inspection-plan-list"), labels)
        self.client.force_login(self.tuan)
        labels = navigation_of(self.client.get(reverse("home"))).urls
        self.assertIn(reverse("monitoring:inspection-plan-list"), labels)
        self.assertIn(reverse("monitoring:report-overview"), labels)


CLOCK = time_machine.travel("2026-12-15 09:00 +07:00", tick=False)
TODAY = date(2026, 12, 15)


@CLOCK
class SupervisorFirstScreenTests(SupervisionFixture):
    """The Sở's "Việc của tôi" on 15 December 2026, from known data: the year's report form was
    due on 10 December; Sở Tư pháp submitted after the deadline, Sở Y tế did not; no inspection
    plan exists for 2026; Sở Y tế fell from "maintained" to "announced" when its internal
    audit grew older than 12 months; Sở Tư pháp cites a law replaced long ago."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with CLOCK:
            cls.template = make_template(
                cls.province, cls.tuan, year=2026, deadline=date(2026, 12, 10)
            )
            cls.report = service.report_start(template=cls.template, agency=cls.a, by=cls.lan)
            service.report_save(report=cls.report, by=cls.lan, values=filled(cls.template))
            service.report_submit(report=cls.report, by=cls.lan)
            cls.soyt = soyt = Team(cls.b, "SYT")
            soyt.announce([soyt.applying(on=TODAY - timedelta(500))], on=TODAY - timedelta(420))
            soyt.audit_closed(TODAY - timedelta(380))
            soyt.review_approved(TODAY - timedelta(100))

    def groups(self, person) -> dict[str, list]:
        self.client.force_login(person)
        groups = self.client.get(reverse("home")).context["task_groups"]
        return {group.title: group.items for group in groups if group.items}

    def test_reports_overdue_and_reports_to_read(self):
        groups = self.groups(self.tuan)
        overdue = groups["Báo cáo năm quá hạn, chưa nộp"]
        self.assertEqual([item.title for item in overdue], [self.b.name])
        self.assertTrue(overdue[0].overdue)
        self.assertEqual(
            [item.title for item in groups["Báo cáo năm đã nộp, chưa xem"]], [self.a.name]
        )
        # Opening the report reads it; it leaves the list, and the agency sees it was read.
        page = self.client.get(reverse("monitoring:report-detail", args=[self.report.pk]))
        self.assertContains(page, 'id="read-at"')
        self.assertNotIn("Báo cáo năm đã nộp, chưa xem", self.groups(self.tuan))
        self.report.refresh_from_db()
        self.assertEqual(self.report.read_by, self.tuan)
        self.assertNotIn("Báo cáo năm quá hạn, chưa nộp", self.groups(self.lan))

    def test_the_missing_plan_then_the_plan_waiting_for_approval(self):
        items = self.groups(self.tuan)["Kế hoạch kiểm tra"]
        self.assertEqual([item.title for item in items], ["Chưa có kế hoạch kiểm tra năm 2026"])
        plan = self.make_plan(starts_on=date(2026, 12, 20), ends_on=date(2026, 12, 30))
        items = self.groups(self.tuan)["Kế hoạch kiểm tra"]
        self.assertEqual(
            [(item.title, item.detail) for item in items], [(plan.title, "Chờ phê duyệt")]
        )

    def test_an_agency_whose_status_fell(self):
        fell = self.groups(self.tuan)["Cơ quan bị giảm trạng thái trong 30 ngày qua"]
        self.assertEqual([item.title for item in fell], [self.b.name])
        self.assertEqual(fell[0].detail, "Duy trì → Đã công bố")

    def test_an_agency_to_re_announce_once_its_procedures_changed(self):
        group = "Cơ quan cần công bố lại: quy trình đã thay đổi"
        self.assertNotIn(group, self.groups(self.tuan))
        self.soyt.effective("Quy trình tiếp nhận hồ sơ")
        self.assertEqual([item.title for item in self.groups(self.tuan)[group]], [self.b.name])

    def test_the_supervisor_of_another_province_sees_none_of_it(self):
        groups = self.groups(self.khanh)
        self.assertNotIn("Báo cáo năm quá hạn, chưa nộp", groups)
        self.assertNotIn("Cơ quan bị giảm trạng thái trong 30 ngày qua", groups)

    def test_the_first_screen_keeps_its_query_count_as_agencies_grow(self):
        self.client.force_login(self.tuan)
        few = count_queries(lambda: self.client.get(reverse("home")))
        for n in range(8):
            make_agency(f"UBND xã Số {n}", province=self.province)
        self.assertEqual(count_queries(lambda: self.client.get(reverse("home"))), few)


class NationalSupervisorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ministry = make_ministry()
        cls.hung = make_user("Phạm Quang Hưng", cls.ministry, [Role.SUPERVISOR])

    def test_he_lands_on_the_national_roll_up_labelled_as_the_ministrys(self):
        self.client.force_login(self.hung)
        self.assertRedirects(self.client.get(reverse("home")), reverse("monitoring:national"))
        profile = self.client.get(reverse("profile"))
        self.assertContains(profile, "Giám sát (Bộ KH&amp;CN)")
        self.assertNotContains(profile, "Giám sát (Sở KH&amp;CN)")


class SupervisorRefusalTests(SupervisionFixture):
    def test_a_supervisor_is_told_the_sở_reads_and_does_not_change(self):
        self.client.force_login(self.tuan)
        plan = self.make_plan(status="approved")
        # An agency's own page that changes its data: the annual report form of the agency.
        response = self.client.get(reverse("monitoring:my-reports"))
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, 'id="supervisor-refusal"', status_code=403)
        self.assertNotContains(response, "quản trị", status_code=403)
        self.assertIsNotNone(plan)

    def test_anyone_else_is_told_to_ask_the_administrator(self):
        self.client.force_login(self.hoa)
        response = self.client.get(reverse("monitoring:my-reports"))
        self.assertEqual(response.status_code, 403)
        self.assertNotContains(response, 'id="supervisor-refusal"', status_code=403)


@CLOCK
class NationalAttentionTests(TestCase):
    """The Ministry's roll-up names the provinces late with their annual reports and those
    whose share maintaining their system fell in the last 30 days (15 December 2026)."""

    @classmethod
    def setUpTestData(cls):
        with CLOCK:
            cls.hung = make_user("Phạm Quang Hưng", make_ministry(), [Role.SUPERVISOR])
            cls.lamdong = make_province("Ủy ban nhân dân tỉnh Lâm Đồng")
            tuan = make_user("Ngô Anh Tuấn", cls.lamdong, [Role.SUPERVISOR])
            make_agency("Sở Y tế", province=cls.lamdong)
            make_template(cls.lamdong, tuan, year=2026, deadline=date(2026, 12, 10))
            cls.khanhhoa = make_province("Ủy ban nhân dân tỉnh Khánh Hòa")
            make_agency("Sở Tư pháp Khánh Hòa", province=cls.khanhhoa)
            cls.gialai = make_province("Ủy ban nhân dân tỉnh Gia Lai")
            falling = make_agency("Sở Nội vụ Gia Lai", province=cls.gialai)
            team = Team(falling, "SNV")
            team.announce([team.applying(on=TODAY - timedelta(500))], on=TODAY - timedelta(400))
            # Its internal audit turned 12 months old during the last 30 days: it no longer
            # maintains its system.
            team.audit_closed(TODAY - timedelta(380))
            team.review_approved(TODAY - timedelta(100))

    def test_late_and_falling_provinces_are_named(self):
        self.client.force_login(self.hung)
        response = self.client.get(reverse("monitoring:national"))
        rows = {row.province: row for row in response.context["attention"]}
        self.assertEqual(rows[self.lamdong].reports_overdue, 1)
        self.assertFalse(rows[self.lamdong].fell)
        self.assertTrue(rows[self.gialai].fell)
        self.assertEqual(rows[self.gialai].reports_overdue, 0)
        self.assertNotIn(self.khanhhoa, rows)  # no form past its deadline, nothing fell
        self.assertContains(response, 'id="attention"')
