"""Management commands whose help texts speak the language active when they run, and the
daily jobs that two machines never run at once."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from qms.lib.jobs.leases import leased


class TranslatedCommand(BaseCommand):
    """Declare ``help`` and each argument's ``help=`` with ``gettext_lazy``.

    argparse needs str (a lazy string crashes ``--help``), and ``gettext`` at class definition
    would freeze the language of the first import; so the texts become str here, when the
    parser is built for this run.
    """

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        if parser.description is not None:
            parser.description = str(parser.description)
        for action in parser._actions:
            if action.help is not None:
                action.help = str(action.help)
        return parser


class DailyJobCommand(TranslatedCommand):
    """A job that cron starts every day, on every machine that serves the site.

    It runs under a lease named after the command (``qms.lib.jobs.leases``): when two machines
    start it at the same tick, one runs it and the other says so and stops. The lease is given
    back when the job ends, however it ends; a machine that dies during the job leaves a
    lease that expires after ``lease_seconds``, so the next tick runs. Subclasses write
    ``run_job`` where a command writes ``handle``.
    """

    # Longer than the longest run (a province's status rebuild takes minutes), shorter than
    # the day between two ticks.
    lease_seconds = 2 * 60 * 60

    @property
    def job_name(self) -> str:
        return self.__class__.__module__.rpartition(".")[2]

    def handle(self, *args, **options):
        with leased(f"daily:{self.job_name}", seconds=self.lease_seconds) as held:
            if not held:
                self.stdout.write(
                    gettext("%(job)s is running on another machine now; nothing was done here.")
                    % {"job": self.job_name}
                )
                return None
            return self.run_job(*args, **options)

    def run_job(self, *args, **options):
        raise NotImplementedError
