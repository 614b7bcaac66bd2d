"""What each app's ``tasks_for_user`` selector returns for the "Việc của tôi" page."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, QuerySet, Window

# Each group shows its first few items and says how many there are in all, with a link to the
# full list: the page costs the same for an agency of 100 documents or of 10,000.
SHOWN = 10


@dataclass
class TaskItem:
    title: str
    url: str
    detail: str = ""
    due: date | None = None
    overdue: bool = False


@dataclass
class TaskGroup:
    title: str
    items: list[TaskItem] = field(default_factory=list)
    # How many wait in all, when more than the items shown; None when the items are all.
    total: int | None = None
    # The page that lists them all.
    more_url: str = ""

    @property
    def count(self) -> int:
        return len(self.items) if self.total is None else self.total

    @property
    def more(self) -> int:
        """How many are not shown."""
        return self.count - len(self.items)


def first_rows(queryset: QuerySet, limit: int = SHOWN) -> tuple[list, int]:
    """The first ``limit`` rows of ``queryset`` and how many rows it has in all, in one query:
    the count is a window over the whole result, read from any row of the page."""
    rows = list(queryset.annotate(rows_in_all=Window(Count("pk")))[:limit])
    return rows, (rows[0].rows_in_all if rows else 0)
