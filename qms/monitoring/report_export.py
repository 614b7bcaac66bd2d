"""The consolidated provincial report of a year: one row per agency, one column per field, as
a Vietnamese A4 PDF (landscape) and as an .xlsx workbook."""

from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from qms.lib.numbers import format_number
from qms.lib.pdf import html_to_pdf
from qms.lib.spreadsheets import BOLD, XlsxWriter
from qms.monitoring.models import ReportTemplate
from qms.monitoring.selectors.reports import ReportState, report_rows, state_counts


def consolidated(template: ReportTemplate, *, on: date | None = None) -> dict:
    """The table: the template's fields as columns and each agency's submitted values; reports
    not submitted show no values, since they may still change."""
    rows = report_rows(template, on=on)
    table = []
    for row in rows:
        values = row.report.values if row.submitted else {}
        table.append(
            {
                "agency": row.agency,
                "report": row.report,
                "submitted": row.submitted,
                "status": row.status_label,
                "state": row.state_label,
                "late": row.overdue or row.submitted_late,
                "cells": [_display(values.get(f["key"]), f["type"]) for f in template.fields],
            }
        )
    counts = state_counts(rows)
    return {
        "template": template,
        "fields": template.fields,
        "table": table,
        "submitted": counts[ReportState.SUBMITTED] + counts[ReportState.SUBMITTED_LATE],
        "submitted_late": counts[ReportState.SUBMITTED_LATE],
        "overdue": counts[ReportState.OVERDUE],
        "total": len(rows),
        "today": on or timezone.localdate(),
    }


def _display(value, kind: str):
    if value is None:
        return ""
    if kind == ReportTemplate.FieldType.DATE:
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    if kind == ReportTemplate.FieldType.NUMBER and isinstance(value, int | float):
        return format_number(value)
    return value


def consolidated_pdf(template: ReportTemplate) -> bytes:
    with translation.override("vi"):
        html = render_to_string("pdf/annual_reports.html", consolidated(template))
    return html_to_pdf(html)


def _typed(value, kind: str):
    """A submitted value as a spreadsheet cell: a date as a date, a number as a number."""
    if value is not None and kind == ReportTemplate.FieldType.DATE:
        return date.fromisoformat(value)
    return value


def consolidated_xlsx(template: ReportTemplate) -> bytes:
    """The consolidated table as a workbook. The text comes from every agency of the
    province: the writer keeps any of it from running as a formula."""
    data = consolidated(template)
    with translation.override("vi"):
        book = XlsxWriter()
        sheet = book.sheet(str(template.year))
        sheet.append([template.title], font=Font(bold=True, size=13))
        header = [_("No."), _("Agency"), _("Status"), _("Against the deadline")] + [
            f["label"] for f in data["fields"]
        ]
        sheet.append(header, font=BOLD)
        for n, row in enumerate(data["table"], start=1):
            values = row["report"].values if row["submitted"] else {}
            cells = [_typed(values.get(f["key"]), f["type"]) for f in data["fields"]]
            sheet.append([n, row["agency"].name, row["status"], row["state"], *cells])
        sheet.width("B", 45)
        sheet.width("C", 20)
    return book.to_bytes()
