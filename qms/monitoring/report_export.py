"""The consolidated provincial report of a year: one row per agency, one column per field, as
a Vietnamese A4 PDF (landscape) and as an .xlsx workbook."""

import io
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from qms.lib.pdf import html_to_pdf
from qms.monitoring.inspection_selectors import report_rows
from qms.monitoring.models import ReportTemplate


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
                "status": row.status_label,
                "late": row.late,
                "cells": [_display(values.get(f["key"]), f["type"]) for f in template.fields],
            }
        )
    return {
        "template": template,
        "fields": template.fields,
        "table": table,
        "submitted": sum(1 for row in rows if row.submitted),
        "late": sum(1 for row in rows if row.late and not row.submitted),
        "total": len(rows),
        "today": on or timezone.localdate(),
    }


def _display(value, kind: str):
    if value is None:
        return ""
    if kind == ReportTemplate.FieldType.DATE:
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    return value


def consolidated_pdf(template: ReportTemplate) -> bytes:
    with translation.override("vi"):
        html = render_to_string("pdf/annual_reports.html", consolidated(template))
    return html_to_pdf(html)


def consolidated_xlsx(template: ReportTemplate) -> bytes:
    data = consolidated(template)
    with translation.override("vi"):
        book = Workbook()
        sheet = book.active
        sheet.title = str(template.year)
        sheet.append([template.title])
        sheet["A1"].font = Font(bold=True, size=13)
        header = [_("No."), _("Agency"), _("Status"), _("Submitted late")] + [
            f["label"] for f in data["fields"]
        ]
        sheet.append(header)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for n, row in enumerate(data["table"], start=1):
            late = _("Yes") if row["late"] else ""
            sheet.append([n, row["agency"].name, row["status"], late, *row["cells"]])
        sheet.column_dimensions["B"].width = 45
        sheet.column_dimensions["C"].width = 20
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
