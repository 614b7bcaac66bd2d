"""The lists behind "Việc của tôi", gathered from each app's ``tasks_for_user`` selector."""

from audits.audit_selectors import tasks_for_user as audit_tasks
from audits.selectors import tasks_for_user as improvement_tasks
from documents.selectors import tasks_for_user as document_tasks
from qms.agencies.selectors import tasks_for_user as invitation_tasks
from qms.lib.tasks import TaskGroup
from qms.monitoring.inspection_selectors import tasks_for_user as supervision_tasks

# In the order the groups appear on the page.
PROVIDERS = [invitation_tasks, document_tasks, audit_tasks, improvement_tasks, supervision_tasks]


def tasks_for_user(*, user, agency) -> list[TaskGroup]:
    groups: list[TaskGroup] = []
    for provider in PROVIDERS:
        groups.extend(group for group in provider(user=user, agency=agency) if group.items)
    return groups
