"""The SVG charts: well-formed, accessible, no style attributes, values where they belong."""

import xml.etree.ElementTree as ET

from django.test import SimpleTestCase
from django.utils import translation

from qms.lib.charts.columns import LEFT, TOP, Series, bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text")]


class BarChartTests(SimpleTestCase):
    def chart(self, **extra):
        fields = {
            "title": "Tỷ lệ hài lòng <theo câu hỏi>",
            "labels": ["Đúng hẹn", "Thái độ", "Lệ phí"],
            "values": [50, 100, None],
            "unit": " %",
            "max_value": 100,
            "target": 70,
            "target_label": "Chỉ tiêu 70 %",
            **extra,
        }
        return parse(bar_chart(**fields))

    def test_it_is_an_accessible_image_with_an_escaped_title_and_a_description(self):
        root = self.chart()
        self.assertEqual(root.get("role"), "img")
        title = root.find(f"{SVG}title")
        self.assertEqual(title.text, "Tỷ lệ hài lòng <theo câu hỏi>")
        description = root.find(f"{SVG}desc")
        self.assertIn("Đúng hẹn: 50\u00a0%", description.text)
        self.assertIn("Lệ phí: —", description.text)
        self.assertEqual(root.get("aria-labelledby"), f"{title.get('id')} {description.get('id')}")

    def test_it_uses_no_style_attribute_and_no_script(self):
        root = self.chart()
        for element in root.iter():
            self.assertIsNone(element.get("style"), element.tag)
            self.assertNotEqual(element.tag, f"{SVG}script")

    def test_bar_heights_follow_the_values_and_none_draws_no_bar(self):
        root = self.chart()
        bars = root.findall(f"{SVG}rect")
        self.assertEqual(len(bars), 2)
        half, full = (float(bar.get("height")) for bar in bars)
        self.assertAlmostEqual(full, 2 * half, delta=0.2)
        self.assertAlmostEqual(float(bars[1].get("y")), TOP, delta=0.1)

    def test_axis_labels_category_labels_and_the_target_line_are_drawn(self):
        shown = texts(self.chart())
        for label in (
            "0\u00a0%",
            "50\u00a0%",
            "100\u00a0%",
            "Đúng hẹn",
            "Thái độ",
            "Lệ phí",
            "Chỉ tiêu 70 %",
        ):
            self.assertIn(label, shown)
        dashed = [line for line in self.chart().iter(f"{SVG}line") if line.get("stroke-dasharray")]
        self.assertEqual(len(dashed), 1)

    def test_numbers_follow_the_language(self):
        with translation.override("vi"):
            shown = texts(self.chart(values=[12.5, 80, None]))
        # A non-breaking space keeps the sign with its number.
        self.assertIn("12,5\u00a0%", shown)

    def test_no_data_still_draws_the_axes(self):
        root = parse(bar_chart(title="Trống", labels=[], values=[]))
        self.assertEqual(root.findall(f"{SVG}rect"), [])
        self.assertTrue(root.findall(f"{SVG}line"))


class LineChartTests(SimpleTestCase):
    def test_a_gap_splits_the_line_and_every_known_value_gets_a_dot(self):
        root = parse(
            line_chart(
                title="Theo tháng",
                labels=["01/2026", "02/2026", "03/2026", "04/2026", "05/2026"],
                series=[Series("Tỷ lệ", [60, 80, None, 90, 70])],
                unit=" %",
                max_value=100,
            )
        )
        self.assertEqual(len(root.findall(f"{SVG}circle")), 4)
        lines = root.findall(f"{SVG}polyline")
        self.assertEqual([len(line.get("points").split()) for line in lines], [2, 2])
        x_first = float(lines[0].get("points").split()[0].split(",")[0])
        self.assertGreater(x_first, LEFT)

    def test_several_series_get_a_legend(self):
        shown = texts(
            parse(
                line_chart(
                    title="Hai cơ quan",
                    labels=["Q1", "Q2"],
                    series=[Series("Sở Tư pháp", [80, 85]), Series("Sở Y tế", [55, 62], "#888")],
                )
            )
        )
        self.assertIn("Sở Tư pháp", shown)
        self.assertIn("Sở Y tế", shown)

    def test_a_value_above_the_axis_is_drawn_at_the_top(self):
        root = parse(
            line_chart(title="T", labels=["a"], series=[Series("s", [150])], max_value=100)
        )
        self.assertAlmostEqual(float(root.find(f"{SVG}circle").get("cy")), TOP, delta=0.1)
