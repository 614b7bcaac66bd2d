from django.core.management.base import CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qms.lib.commands import DailyJobCommand
from qms.monitoring.services.status_figures import status_rebuild


class Command(DailyJobCommand):
    help = _(
        "Recompute every agency's status figures from its data, report the stored figures of "
        "today that differ (none is expected) and store today's. Run daily, after midnight."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help=_("exit with an error when a stored figure differed"),
        )

    def run_job(self, *args, **options):
        result = status_rebuild()
        for code, figure, stored, computed in result.differences:
            self.stdout.write(
                gettext("%(agency)s: %(figure)s was %(stored)s, the data say %(computed)s")
                % {"agency": code, "figure": figure, "stored": stored, "computed": computed}
            )
        self.stdout.write(
            gettext(
                "%(agencies)s agencies: %(differences)s differences, %(stale)s brought to %(day)s."
            )
            % {
                "agencies": result.agencies,
                "differences": len(result.differences),
                "stale": result.stale,
                "day": result.on.strftime("%d/%m/%Y"),
            }
        )
        if options["check"] and result.differences:
            raise CommandError(gettext("Stored status figures differed from the data."))
