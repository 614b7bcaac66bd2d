"""What each app's ``tasks_for_user`` selector returns for the "Việc của tôi" page."""

from dataclasses import dataclass, field
from datetime import date


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
