"""The coverage figures as an .xlsx workbook and as an A4 Vietnamese PDF report."""

import io

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from qms.lib.pdf import html_to_pdf
from qms.monitoring.charts_data import coverage_charts
from qms.monitoring.coverage import AGENCY_COLUMNS, Coverage, column_values
from qms.monitoring.national import NationalCoverage, ProvinceFigures
from qms.monitoring.status import STATUSES, AgencyStatus


def _group_rows(sheet, title: str, groups) -> None:
    sheet.append([])
    sheet.append([title, *[str(label) for _k, label in STATUSES], _("Total"), _("Announced (%)")])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    for group in groups:
        sheet.append([group.label, *group.status_counts(), group.total, group.announced_percent])


def _figures_sheet(book: Workbook, heading: str, coverage: Coverage | NationalCoverage):
    """The first sheet: the heading, the day and the agencies by status."""
    summary = book.active
    summary.title = _("Figures")[:31]
    summary.append([heading])
    summary.append([_("As of"), date_format(coverage.as_of, "SHORT_DATE_FORMAT")])
    summary.append([])
    summary.append([_("Status"), _("Agencies"), _("Share (%)")])
    for row in coverage.status_table():
        summary.append([str(row["label"]), row["count"], row["percent"]])
    summary.append([_("Total"), coverage.total.total, 100 if coverage.total.total else 0])
    return summary


def coverage_xlsx(coverage: Coverage, rows: list[AgencyStatus]) -> bytes:
    """Sheet 1: the figures (by status, level, area, obligation); sheet 2: the agencies."""
    book = Workbook()
    summary = _figures_sheet(book, coverage.province.name, coverage)
    _group_rows(summary, _("Level"), coverage.by_level)
    _group_rows(summary, _("Area"), coverage.by_area)
    _group_rows(summary, _("ISO"), coverage.by_obligation)
    agencies = book.create_sheet(_("Agencies")[:31])
    agencies.append([str(column.label) for column in AGENCY_COLUMNS])
    for cell in agencies[1]:
        cell.font = Font(bold=True)
    for row in rows:
        agencies.append([str(value) for value in column_values(row)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


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
    book = Workbook()
    summary = _figures_sheet(book, _("All provinces"), coverage)
    _group_rows(summary, _("Level"), coverage.by_level)
    _group_rows(summary, _("ISO"), coverage.by_obligation)
    _group_rows(summary, _("Province"), [row.total for row in rows])
    provinces = book.create_sheet(_("Provinces")[:31])
    provinces.append(
        [
            _("Province"),
            _("Agencies"),
            *[str(label) for _k, label in STATUSES],
            _("Announced (%)"),
            _("Maintained (%)"),
            _("With warnings"),
            _("Mandatory"),
            _("Mandatory, announced"),
            _("Encouraged"),
            _("Encouraged, announced"),
        ]
    )
    for cell in provinces[1]:
        cell.font = Font(bold=True)
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
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
