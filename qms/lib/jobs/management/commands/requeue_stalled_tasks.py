from datetime import timedelta

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qms.lib.commands import TranslatedCommand
from qms.lib.jobs.queue import tasks_requeue_stalled


class Command(TranslatedCommand):
    help = _(
        "Put back in the queue the tasks that a worker started and never finished (the worker "
        "died). Run every few minutes beside db_worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes",
            type=int,
            default=30,
            help=_("how long a task may run before it counts as stalled (default 30)"),
        )

    def handle(self, *args, **options):
        count = tasks_requeue_stalled(older_than=timedelta(minutes=options["minutes"]))
        self.stdout.write(gettext("%(count)s stalled task(s) queued again.") % {"count": count})
