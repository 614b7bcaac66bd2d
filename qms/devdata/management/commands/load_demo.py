import time

from django.core.management.base import CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qms.devdata.demo import LOADERS
from qms.devdata.demo.agencies import AGENCIES, DEMO_PASSWORD
from qms.devdata.demo.run import DemoRun
from qms.lib.commands import TranslatedCommand
from qms.monitoring.services.status_figures import figures_deferred


class Command(TranslatedCommand):
    help = _("Build the Lâm Đồng demo province. Running it again changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--agencies",
            default="",
            help=_(
                "build only these agencies (codes, comma-separated) besides the province and "
                "its people, e.g. sotp,p-xuanhuong"
            ),
        )

    def handle(self, *args, **options):
        only = frozenset(code.strip() for code in options["agencies"].split(",") if code.strip())
        unknown = only - {row[0] for row in AGENCIES}
        if unknown:
            raise CommandError(
                gettext("The demo province has no agency with the code %(codes)s.")
                % {"codes": ", ".join(sorted(unknown))}
            )
        started = time.monotonic()
        quiet = options["verbosity"] == 0

        def say(line: str) -> None:
            if not quiet:
                self.stdout.write(f"[{time.monotonic() - started:5.1f} s] {line}")
                self.stdout.flush()

        run = DemoRun(only=only, say=say)
        # Each agency's status figures are computed once at the end, not after every save.
        with figures_deferred():
            for step, (title, load) in enumerate(LOADERS, start=1):
                say(
                    gettext("Step %(step)s of %(steps)s: %(title)s")
                    % {"step": step, "steps": len(LOADERS), "title": title}
                )
                load(run)
        say(gettext("Done."))
        self.stdout.write(
            self.style.SUCCESS(
                gettext("Demo data loaded. Every demo account's password: %(password)s")
                % {"password": DEMO_PASSWORD}
            )
        )
