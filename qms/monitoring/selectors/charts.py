"""The dashboard's charts, the same in the page and in the PDF report."""

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from qms.lib.charts.rows import PALETTE, Series, bar_chart, stacked_bar_chart
from qms.monitoring.selectors.coverage import Coverage
from qms.monitoring.selectors.status import STATUSES


def status_charts(coverage) -> dict[str, SafeString]:
    """Agencies by status and status by level: the charts a province's dashboard and the
    national roll-up share (``coverage`` has ``status_table()`` and ``by_level``)."""
    series = [Series(str(label), PALETTE[index]) for index, (_k, label) in enumerate(STATUSES)]
    return {
        "status": bar_chart(
            [(row["label"], row["count"]) for row in coverage.status_table()],
            title=_("Agencies by status"),
        ),
        "level": stacked_bar_chart(
            [(group.label, group.status_counts()) for group in coverage.by_level],
            series,
            title=_("Status by level"),
        ),
    }


def coverage_charts(coverage: Coverage) -> dict[str, SafeString]:
    return {
        **status_charts(coverage),
        "area": bar_chart(
            [(group.label, group.announced_percent) for group in coverage.by_area],
            title=_("Announced, by the body above (%)"),
            max_value=100,
            suffix="%",
        ),
    }
