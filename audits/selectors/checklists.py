"""Reads of an audit's checklist: its items in order and how far the answering has got."""

from dataclasses import dataclass

from audits.models import Audit, ChecklistItem


def checklist_items_of(audit: Audit) -> list[ChecklistItem]:
    """The items in order, with what each row shows, in one query whatever their number."""
    return list(
        audit.checklist.select_related("clause", "document", "unit", "answered_by").order_by(
            "order"
        )
    )


@dataclass(frozen=True)
class ChecklistProgress:
    total: int
    unanswered: int
    next_unanswered: int | None  # the order number of the first item without a result


def checklist_progress(items: list[ChecklistItem]) -> ChecklistProgress:
    left = [item.order for item in items if not item.result]
    return ChecklistProgress(len(items), len(left), left[0] if left else None)


def checklist_progress_of(audit: Audit) -> ChecklistProgress:
    """The progress without loading the items: for the answer of a single save."""
    orders = list(
        audit.checklist.filter(result="").order_by("order").values_list("order", flat=True)
    )
    return ChecklistProgress(audit.checklist.count(), len(orders), orders[0] if orders else None)
