"""Presentation helpers of the improvement pages: status colours and numbers."""

from django import template

from audits.models import Action, ManagementReview, Nonconformity
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
}


@register.filter
def status_badge(status: str) -> str:
    """The Bootstrap badge class of a status of a nonconformity, an action or a review."""
    return BADGES.get(status, "text-bg-light border")


@register.filter
def number(value) -> str:
    """12.50 → 12,5."""
    return format_number(value)
