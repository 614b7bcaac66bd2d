"""The lists behind "Việc của tôi", gathered from each app's ``tasks_for_user`` selector."""

from audits.selectors.tasks import tasks_for_user as audit_tasks
from documents.selectors.tasks import tasks_for_user as document_tasks
from qms.agencies.selectors import tasks_for_user as invitation_tasks
from qms.lib.tasks import TaskGroup
from qms.monitoring.selectors.tasks import tasks_for_user as supervision_tasks

# In the order the groups appear on the page.
PROVIDERS = [invitation_tasks, document_tasks, audit_tasks, supervision_tasks]


def tasks_for_user(*, user, agency) -> list[TaskGroup]:
    groups: list[TaskGroup] = []
    for provider in PROVIDERS:
        groups.extend(group for group in provider(user=user, agency=agency) if group.items)
    return groups
