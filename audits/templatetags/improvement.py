"""Presentation helpers of the improvement pages: status colours and numbers."""

from django import template

from audits.models import Action, Audit, AuditProgramme, Finding, ManagementReview, Nonconformity
from audits.numbers import format_number

register = template.Library()

N, A, R = Nonconformity.Status, Action.Status, ManagementReview.Status
BADGES = {
    N.OPEN: "text-bg-danger",
    N.ANALYSED: "text-bg-warning",
    N.ACTION_PLAN: "text-bg-warning",
    N.IN_PROGRESS: "text-bg-primary",
    N.AWAITING_VERIFICATION: "text-bg-info",
    N.CLOSED: "text-bg-success",
    N.CANCELLED: "text-bg-secondary",
    A.DONE: "text-bg-success",
    R.DRAFT: "text-bg-warning",
    R.AWAITING_APPROVAL: "text-bg-info",
    R.APPROVED: "text-bg-success",
    AuditProgramme.Status.PROPOSED: "text-bg-info",
    Audit.Status.PLANNED: "text-bg-warning",
    Audit.Status.NOTIFIED: "text-bg-primary",
    Audit.Status.COMPLETED: "text-bg-info",
    Audit.Status.REPORT_PROPOSED: "text-bg-info",
}
GRADE_BADGES = {
    Finding.Grade.MAJOR: "text-bg-danger",
    Finding.Grade.MINOR: "text-bg-warning",
    Finding.Grade.OBSERVATION: "text-bg-info",
    Finding.Grade.IMPROVEMENT: "text-bg-success",
}


@register.filter
def status_badge(status: str) -> str:
    """The Bootstrap badge class of a status of a nonconformity, an action or a review."""
    return BADGES.get(status, "text-bg-light border")


@register.filter
def grade_badge(grade: str) -> str:
    """The Bootstrap badge class of an audit finding's grade."""
    return GRADE_BADGES.get(grade, "text-bg-light border")


@register.filter
def number(value) -> str:
    """12.50 → 12,5."""
    return format_number(value)
