"""The daily jobs as tasks, for a worker to run: ``manage.py queue_daily_jobs`` queues them
(all, or those named), from cron on any machine. Each still takes its lease when it runs
(``qms.lib.commands.DailyJobCommand``), so queuing it twice runs it once at a time, and each
catches up what a missed day left.
"""

from io import StringIO

from django.core.management import call_command, get_commands, load_command_class
from django_tasks import task

from qms.lib.commands import DailyJobCommand


def daily_jobs() -> dict[str, DailyJobCommand]:
    """Every command of the project that is a daily job, by name."""
    commands = {}
    for name, app in get_commands().items():
        command = load_command_class(app, name)
        if isinstance(command, DailyJobCommand):
            commands[name] = command
    return commands


@task()
def daily_job_run(*, name: str) -> str:
    """Run the daily job ``name``; returns what it printed."""
    app = get_commands().get(name)
    command = load_command_class(app, name) if app else None
    if not isinstance(command, DailyJobCommand):
        raise ValueError(f"{name} is not a daily job.")
    output = StringIO()
    call_command(command, stdout=output)
    return output.getvalue()
