"""The lists behind "Việc của tôi", gathered from each app's ``tasks_for_user`` selector."""

from dataclasses import dataclass, field


@dataclass
class TaskItem:
    title: str
    url: str
    detail: str = ""
    due: object = None
    overdue: bool = False


@dataclass
class TaskGroup:
    title: str
    items: list[TaskItem] = field(default_factory=list)


# Each provider is a callable (user, agency) -> list[TaskGroup]; apps register theirs here
# as they land, in the order the groups appear on the page.
TASK_PROVIDERS: list = []


def tasks_for_user(*, user, agency) -> list[TaskGroup]:
    groups: list[TaskGroup] = []
    for provider in TASK_PROVIDERS:
        groups.extend(group for group in provider(user=user, agency=agency) if group.items)
    return groups
