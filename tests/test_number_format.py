"""Numbers are written the Vietnamese way on pages, in PDFs and in charts: "15.000.000" and
"38,9 %" with a non-breaking space before the sign."""

from django.template import Context, Template
from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import translation
from django.utils.formats import get_format

from qms.lib.charts import columns, rows
from qms.lib.numbers import NBSP, format_number, format_percent
from qms.monitoring.services import reports as report_service
from tests.audits.satisfaction_builders import give
from tests.audits.test_satisfaction_views import SatisfactionViewBase
from tests.monitoring.fixtures import SupervisionFixture
from tests.monitoring.test_annual_reports import filled, make_template

PERCENT = f"38,9{NBSP}%"


class FormatTests(SimpleTestCase):
    def test_vietnamese_groups_thousands_with_dots_and_decimals_with_a_comma(self):
        with translation.override("vi"):
            self.assertEqual(format_number(15_000_000), "15.000.000")
            self.assertEqual(format_number(2.25, 2), "2,25")
            self.assertEqual(format_percent(38.9), PERCENT)
            self.assertEqual(format_percent(100.0), f"100{NBSP}%")
            self.assertEqual(format_percent(38.94, 1), PERCENT)
            self.assertEqual(format_percent(None), "—")
            self.assertEqual(format_number(None), "")

    def test_english_uses_the_separators_of_its_own_formats(self):
        with translation.override("en"):
            thousands = get_format("THOUSAND_SEPARATOR")
            decimal = get_format("DECIMAL_SEPARATOR")
            self.assertEqual(format_number(15_000_000), f"15{thousands}000{thousands}000")
            self.assertEqual(format_percent(38.9), f"38{decimal}9{NBSP}%")

    def test_the_template_filters_never_fail_on_bad_input(self):
        template = Template("{% load numbers %}{{ a|percent }}|{{ b|number }}|{{ c|percent }}")
        with translation.override("vi"):
            text = template.render(Context({"a": 38.9, "b": 15_000_000, "c": "không rõ"}))
        self.assertEqual(text, f"{PERCENT}|15.000.000|không rõ")


class ChartTests(SimpleTestCase):
    def test_row_charts_print_vietnamese_percentages(self):
        with translation.override("vi"):
            svg = rows.bar_chart([("Đã công bố", 38.9)], title="Công bố", suffix="%")
        self.assertIn(PERCENT, svg)
        self.assertNotIn("38.9", svg)

    def test_column_charts_print_vietnamese_percentages_and_thousands(self):
        with translation.override("vi"):
            rate = columns.bar_chart(
                title="Tỷ lệ hài lòng", labels=["1"], values=[38.9], unit=" %", max_value=100
            )
            money = columns.bar_chart(title="Kinh phí", labels=["2026"], values=[15_000_000])
        self.assertIn(PERCENT, rate)
        self.assertIn("15.000.000", money)


class SatisfactionPageTests(SatisfactionViewBase):
    def test_the_results_page_shows_the_rate_with_a_comma(self):
        # With the fixture's one dissatisfied answer: 7 satisfied of 18 is 38,9 %.
        for _n in range(7):
            give(self.survey, 5)
        for _n in range(10):
            give(self.survey, 2)
        self.client.force_login(self.son)
        response = self.client.get(reverse("audits:satisfaction-results"))
        self.assertContains(response, PERCENT)
        self.assertContains(response, f"70{NBSP}%")  # the province's target


class AnnualReportPageTests(SupervisionFixture):
    def test_the_budget_is_grouped_by_thousands(self):
        template = make_template(self.province, self.tuan)
        report = report_service.report_start(template=template, agency=self.a, by=self.lan)
        report_service.report_save(report=report, by=self.lan, values=filled(template))
        self.client.force_login(self.hoa)
        response = self.client.get(reverse("monitoring:report-detail", args=[report.pk]))
        self.assertContains(response, "15.000.000")
        self.assertNotContains(response, "15000000")
