"""One truth per figure: the share of agencies announced, each agency's last internal audit,
last management review and overdue actions read the same on every page that shows them (the
province dashboard and its .xlsx, the agency's page, an inspection's figures, the coverage API
and the Ministry's roll-up), today and as of a past day.

The clock stands on 30 June 2026. Lâm Đồng has four agencies:
- Sở Tư pháp maintained its system until its internal audit grew older than 12 months (it
  falls from "maintained" to "announced" during the last 30 days);
- Sở Y tế announced and maintains it, with one action overdue;
- Sở Xây dựng applies it without announcing;
- Xã Lát has not started.
"""

import io
from datetime import date, timedelta

import time_machine
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from audits.models import Action
from qms.agencies.models import Agency
from qms.agencies.roles import Role
from qms.monitoring.selectors import agency_figures
from qms.monitoring.selectors.coverage import province_coverage
from qms.monitoring.selectors.national import national_coverage
from qms.monitoring.selectors.status import Status, adoption_status
from qms.monitoring.services.inspections import plan_create
from tests.helpers import (
    make_agency,
    make_ministry,
    make_planned_nonconformity,
    make_province,
    make_user,
)
from tests.monitoring.builders import Team, kept_as_the_services_keep_them

TODAY = date(2026, 6, 30)
PAST = date(2026, 3, 31)
CLOCK = time_machine.travel("2026-06-30 09:00 +07:00", tick=False)


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


@CLOCK
class OneTruthTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with CLOCK:
            cls._build()

    @classmethod
    def _build(cls):
        cls.ministry = make_ministry()
        cls.national = make_user("Phạm Quang Hưng", cls.ministry, [Role.SUPERVISOR])
        cls.province = make_province("Ủy ban nhân dân tỉnh Lâm Đồng")
        cls.supervisor = make_user("Ngô Anh Tuấn", cls.province, [Role.SUPERVISOR])
        cls.sotp = make_agency("Sở Tư pháp", province=cls.province)
        cls.soyt = make_agency("Sở Y tế", province=cls.province)
        cls.soxd = make_agency("Sở Xây dựng", province=cls.province)
        make_agency(
            "Xã Lát", province=cls.province, level=Agency.Level.COMMUNE, iso_mandatory=False
        )
        sotp, soyt, soxd = Team(cls.sotp, "STP"), Team(cls.soyt, "SYT"), Team(cls.soxd, "SXD")
        sotp.announce([sotp.applying(on=days_ago(500))], on=days_ago(400))
        sotp.audit_closed(days_ago(380))
        sotp.review_approved(days_ago(100))
        soyt.announce([soyt.applying(on=days_ago(300))], on=days_ago(200))
        soyt.audit_closed(days_ago(60))
        soyt.review_approved(days_ago(45))
        _nonconformity, (action,) = make_planned_nonconformity(
            cls.soyt, soyt.secretary, [soyt.approver]
        )
        Action.objects.filter(pk=action.pk).update(due_on=days_ago(5))
        kept_as_the_services_keep_them(cls.soyt)
        soxd.applying(on=days_ago(90))
        # Last quarter's inspection of the two Sở, ended on PAST.
        cls.plan = plan_create(
            province=cls.province,
            by=cls.supervisor,
            year=2026,
            title="Kiểm tra quý I năm 2026",
            starts_on=date(2026, 3, 2),
            ends_on=PAST,
            team=[cls.supervisor],
            agencies=[cls.sotp, cls.soyt],
        )

    def setUp(self):
        self.client.force_login(self.supervisor)

    # The definitions -------------------------------------------------------------------

    def test_the_figures_follow_their_definitions(self):
        self.assertEqual(agency_figures.last_audit_on(self.sotp, on=TODAY), days_ago(380))
        self.assertEqual(agency_figures.last_review_on(self.soyt, on=TODAY), days_ago(45))
        self.assertEqual(agency_figures.overdue_actions(self.soyt, on=TODAY), 1)
        self.assertEqual(agency_figures.overdue_actions(self.soyt, on=days_ago(10)), 0)
        self.assertEqual(adoption_status(self.sotp).status, Status.ANNOUNCED)
        self.assertEqual(adoption_status(self.sotp, as_of=PAST).status, Status.MAINTAINED)
        coverage = province_coverage(self.province, as_of=TODAY)
        # Two of four announced: Sở Y tế maintaining is counted with Sở Tư pháp announced.
        self.assertEqual((coverage.total.announced, coverage.total.announced_percent), (2, 50.0))

    # Every page agrees -----------------------------------------------------------------

    def _dashboard_rows(self, as_of: date) -> dict[str, object]:
        query = {} if as_of == TODAY else {"as_of": f"{as_of:%d/%m/%Y}"}
        response = self.client.get(reverse("monitoring:dashboard"), query)
        self.assertEqual(response.status_code, 200)
        return response, {
            item["row"].agency.name: item["row"] for item in response.context["page_rows"]
        }

    def _xlsx_rows(self, as_of: date) -> dict[str, dict]:
        query = {} if as_of == TODAY else {"as_of": f"{as_of:%d/%m/%Y}"}
        response = self.client.get(reverse("monitoring:coverage-xlsx"), query)
        book = load_workbook(io.BytesIO(response.content))
        figures = {row[0]: row for row in book.worksheets[0].iter_rows(values_only=True) if row}
        self.shared = figures["Đã công bố, kể cả đang duy trì"]
        header, *rows = book.worksheets[1].iter_rows(values_only=True)
        return {row[0]: dict(zip(header, row, strict=True)) for row in rows}

    def _api_rows(self, as_of: date) -> tuple[dict, dict[str, dict]]:
        response = self.client.get("/api/v1/coverage/", {"as_of": as_of.isoformat()})
        self.assertEqual(response.status_code, 200)
        data = response.json()
        return data, {row["name"]: row for row in data["agencies"]}

    def test_the_last_audit_and_review_read_the_same_everywhere(self):
        for as_of in (TODAY, PAST):
            with self.subTest(as_of=as_of):
                response, rows = self._dashboard_rows(as_of)
                workbook = self._xlsx_rows(as_of)
                _data, api = self._api_rows(as_of)
                for agency in (self.sotp, self.soyt, self.soxd):
                    audit = agency_figures.last_audit_on(agency, on=as_of)
                    review = agency_figures.last_review_on(agency, on=as_of)
                    self.assertEqual(rows[agency.name].last_audit_on, audit)
                    self.assertEqual(rows[agency.name].last_review_on, review)
                    cells = workbook[agency.name]
                    self.assertEqual(_day(cells["Lần đánh giá nội bộ gần nhất"]), audit)
                    self.assertEqual(_day(cells["Cuộc xem xét của lãnh đạo gần nhất"]), review)
                    self.assertEqual(api[agency.name]["last_audit_on"], _iso(audit))
                    self.assertEqual(api[agency.name]["last_review_on"], _iso(review))

    def test_the_agency_page_shows_the_same_last_audit_and_overdue_actions(self):
        for agency in (self.sotp, self.soyt):
            response = self.client.get(reverse("monitoring:agency-detail", args=[agency.pk]))
            self.assertEqual(
                response.context["summary"]["last_audit_on"],
                agency_figures.last_audit_on(agency, on=TODAY),
            )
            self.assertEqual(
                response.context["status"].last_audit_on,
                agency_figures.last_audit_on(agency, on=TODAY),
            )
            self.assertEqual(
                response.context["status"].overdue_actions,
                agency_figures.overdue_actions(agency, on=TODAY),
            )
        self.assertContains(
            self.client.get(reverse("monitoring:agency-detail", args=[self.sotp.pk])),
            f"{days_ago(380):%d/%m/%Y}",
        )

    def test_an_inspection_shows_the_figures_of_its_own_date(self):
        inspection = self.plan.inspections.get(agency=self.sotp)
        response = self.client.get(reverse("monitoring:inspection-detail", args=[inspection.pk]))
        figures = response.context["figures"]
        status = adoption_status(self.sotp, as_of=PAST)
        self.assertEqual(figures["last_audit_on"], status.last_audit_on)
        self.assertEqual(figures["last_review_on"], status.last_review_on)
        self.assertEqual(figures["overdue_actions"], status.overdue_actions)
        # The procedures in force at the end of the inspection, not today's.
        self.assertEqual(figures["on"], PAST)
        self.assertEqual(figures["effective_procedures"], 1)
        # What is only known for today says so.
        self.assertContains(response, 'id="figures-today-only"')

    def test_the_announced_share_is_one_figure_on_the_province_page_the_api_and_the_roll_up(
        self,
    ):
        for as_of in (TODAY, PAST):
            with self.subTest(as_of=as_of):
                response, _rows = self._dashboard_rows(as_of)
                province_share = response.context["coverage"].total.announced_percent
                self.assertContains(response, 'id="announced-share"')
                data, _api = self._api_rows(as_of)
                self.assertEqual(data["total"]["announced_percent"], province_share)
                self._xlsx_rows(as_of)
                self.assertEqual(self.shared[2], province_share)
                national = national_coverage(as_of=as_of)
                (row,) = [r for r in national.provinces if r.province == self.province]
                self.assertEqual(row.total.announced_percent, province_share)
                self.client.force_login(self.national)
                query = {} if as_of == TODAY else {"as_of": f"{as_of:%d/%m/%Y}"}
                page = self.client.get(reverse("monitoring:national"), query)
                (shown,) = [r for r in page.context["rows"] if r.province == self.province]
                self.assertEqual(shown.total.announced_percent, province_share)
                self.client.force_login(self.supervisor)
        # Today one of the two is only announced, the other maintains: still 2 of 4.
        self.assertEqual(province_coverage(self.province, as_of=TODAY).total.announced, 2)


def _day(value) -> date | None:
    return value.date() if hasattr(value, "date") else value


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
