""" "Việc của tôi" and the navigation: an agency's ISO secretary sees the report to submit and
the "Annual report" entry; a supervisor sees the inspections in progress and his own entries."""

from django.urls import reverse

from qms.monitoring.services import reports as service
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
