"""The coverage figures as an .xlsx workbook and as an A4 Vietnamese PDF report."""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from qms.lib.pdf import html_to_pdf
from qms.lib.spreadsheets import BOLD, SheetWriter, XlsxWriter
from qms.monitoring.selectors.charts import coverage_charts
from qms.monitoring.selectors.coverage import AGENCY_COLUMNS, Coverage, column_cells, column_values
from qms.monitoring.selectors.national import NationalCoverage, ProvinceFigures
from qms.monitoring.selectors.status import STATUSES, AgencyStatus


def _group_rows(sheet: SheetWriter, title: str, groups) -> None:
    sheet.append([])
    sheet.append(
        [
            title,
            *[str(label) for _k, label in STATUSES],
            _("Total"),
            _("Announced, incl. maintaining (%)"),
        ],
        font=BOLD,
    )
    for group in groups:
        sheet.append([group.label, *group.status_counts(), group.total, group.announced_percent])


def _figures_sheet(book: XlsxWriter, heading: str, coverage: Coverage | NationalCoverage):
    """The first sheet: the heading, the day and the agencies by status."""
    summary = book.sheet(_("Figures"))
    summary.append([heading])
    summary.append([_("As of"), coverage.as_of])
    summary.append([])
    summary.append([_("Status"), _("Agencies"), _("Share (%)")])
    for row in coverage.status_table():
        summary.append([str(row["label"]), row["count"], row["percent"]])
    summary.append([_("Total"), coverage.total.total, 100 if coverage.total.total else 0])
    summary.append(
        [
            _("Announced, incl. maintaining"),
            coverage.total.announced,
            coverage.total.announced_percent,
        ]
    )
    return summary


def coverage_xlsx(coverage: Coverage, rows: list[AgencyStatus]) -> bytes:
    """Sheet 1: the figures (by status, level, area, obligation); sheet 2: the agencies."""
    book = XlsxWriter()
    summary = _figures_sheet(book, coverage.province.name, coverage)
    _group_rows(summary, _("Level"), coverage.by_level)
    _group_rows(summary, _("Under"), coverage.by_area)
    _group_rows(summary, _("ISO"), coverage.by_obligation)
    agencies = book.sheet(_("Agencies"))
    agencies.append([str(column.label) for column in AGENCY_COLUMNS], font=BOLD)
    for row in rows:
        agencies.append(column_cells(row))
    return book.to_bytes()


def coverage_pdf(coverage: Coverage, rows: list[AgencyStatus]) -> bytes:
    # Official papers are Vietnamese whatever language the reader picked on screen.
    with translation.override("vi"):
        html = render_to_string(
            "pdf/monitoring_coverage.html",
            {
                "coverage": coverage,
                "agency": coverage.province,
                "charts": coverage_charts(coverage),
                "statuses": [str(label) for _k, label in STATUSES],
                "columns": [str(column.label) for column in AGENCY_COLUMNS],
                "rows": [column_values(row) for row in rows],
            },
        )
    return html_to_pdf(html)


def national_xlsx(coverage: NationalCoverage, rows: list[ProvinceFigures]) -> bytes:
    """The national roll-up and its province rows, in the page's order. Sheet 1: the
    country's figures, laid out as a province's; sheet 2: one row per province."""
    book = XlsxWriter()
    summary = _figures_sheet(book, _("All provinces"), coverage)
    _group_rows(summary, _("Level"), coverage.by_level)
    _group_rows(summary, _("ISO"), coverage.by_obligation)
    _group_rows(summary, _("Province"), [row.total for row in rows])
    provinces = book.sheet(_("Provinces"))
    provinces.append(
        [
            _("Province"),
            _("Agencies"),
            *[str(label) for _k, label in STATUSES],
            _("Announced, incl. maintaining (%)"),
            _("Maintained (%)"),
            _("With warnings"),
            _("Mandatory"),
            _("Mandatory, announced"),
            _("Encouraged"),
            _("Encouraged, announced"),
        ],
        font=BOLD,
    )
    for row in rows:
        provinces.append(
            [
                row.province.name,
                row.total.total,
                *row.total.status_counts(),
                row.total.announced_percent,
                row.maintained_percent,
                row.warned,
                row.mandatory.total,
                row.mandatory.announced,
                row.encouraged.total,
                row.encouraged.announced,
            ]
        )
    return book.to_bytes()
