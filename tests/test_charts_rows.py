"""The server-drawn SVG charts: well-formed, escaped, and free of style attributes."""

import xml.etree.ElementTree as ET

from django.test import SimpleTestCase

from qms.lib.charts.rows import Series, bar_chart, stacked_bar_chart

SVG = "{http://www.w3.org/2000/svg}"


class ChartTests(SimpleTestCase):
    def test_a_bar_chart_draws_one_bar_per_value_on_the_given_scale(self):
        svg = bar_chart([("Sở <Tư pháp>", 50), ("Xã Lát", 100)], max_value=100, width=600)
        root = ET.fromstring(svg)
        bars = root.findall(f"{SVG}rect")
        self.assertEqual(len(bars), 2)
        self.assertEqual(float(bars[1].get("width")), 2 * float(bars[0].get("width")))
        self.assertIn("Sở &lt;Tư pháp&gt;", svg)
        self.assertNotIn("style=", svg)

    def test_a_stacked_bar_fills_the_width_with_its_shares(self):
        series = [Series("A", "#000"), Series("B", "#111"), Series("C", "#222")]
        svg = stacked_bar_chart([("Cấp xã", [1, 0, 3])], series, width=600)
        root = ET.fromstring(svg)
        segments = [rect for rect in root.findall(f"{SVG}rect") if rect.get("height") == "14"]
        widths = [float(rect.get("width")) for rect in segments]
        self.assertEqual(len(widths), 2)  # the empty share draws nothing
        self.assertAlmostEqual(widths[1], 3 * widths[0], places=0)
        self.assertNotIn("style=", svg)

    def test_an_empty_chart_is_still_valid(self):
        ET.fromstring(bar_chart([]))
        ET.fromstring(stacked_bar_chart([], [Series("A", "#000")]))
