"""The audit plan and the audit report as Vietnamese A4 PDFs (Decree 30/2020 layout)."""

from django.template.loader import render_to_string
from django.utils import translation

from audits.models import Audit
from audits.selectors.internal_audits import audit_context
from qms.lib.pdf import html_to_pdf


def _render(template: str, audit: Audit, **extra) -> bytes:
    # Official papers are Vietnamese whatever language the reader picked on screen.
    with translation.override("vi"):
        return html_to_pdf(render_to_string(template, {**audit_context(audit), **extra}))


def plan_pdf(audit: Audit) -> bytes:
    return _render("pdf/audit_plan.html", audit)


def report_pdf(audit: Audit) -> bytes:
    """The report; before approval it carries a draft mark and is never stored."""
    return _render("pdf/audit_report.html", audit, draft=not audit.is_report_approved)
