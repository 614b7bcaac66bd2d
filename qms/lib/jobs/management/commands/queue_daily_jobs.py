from django.core.management.base import CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qms.lib.commands import TranslatedCommand
from qms.lib.jobs.daily import daily_job_run, daily_jobs


class Command(TranslatedCommand):
    help = _(
        "Queue the daily jobs (all of them, or those named) for the worker. Without a worker "
        "they run now, one after the other."
    )

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help=_("the daily jobs to queue (default: all)"))

    def handle(self, *args, **options):
        known = daily_jobs()
        names = options["names"] or sorted(known)
        unknown = [name for name in names if name not in known]
        if unknown:
            raise CommandError(
                gettext("Not a daily job: %(names)s. Daily jobs: %(known)s.")
                % {"names": ", ".join(unknown), "known": ", ".join(sorted(known))}
            )
        for name in names:
            daily_job_run.enqueue(name=name)
        self.stdout.write(gettext("%(count)s daily job(s) queued.") % {"count": len(names)})
