import dataclasses
import time

from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from qms.agencies.models import Agency
from qms.devdata.scale import SEEDERS
from qms.devdata.scale.seeding import PRESETS, Seeding
from qms.lib.commands import TranslatedCommand
from qms.monitoring.services.status_figures import figures_deferred

# Option name -> Plan field and help; every option overrides the preset.
SIZES = {
    "provinces": ("provinces", _("number of provinces")),
    "agencies": ("agencies", _("agencies per province, the root included")),
    "documents_per_agency": ("documents", _("documents per agency")),
    "revisions": ("revisions", _("issues per document, the last one effective")),
    "steps": ("steps", _("rows of each procedure's steps table")),
    "staff": ("staff", _("staff per agency besides the ISO team")),
    "nonconformities": ("nonconformities", _("nonconformities per agency")),
    "reviews": ("reviews", _("management reviews per agency")),
}


class Command(TranslatedCommand):
    help = _(
        "Build a realistic data set of any size for the benchmark: provinces with agencies at "
        "every level, people in every role, documents with their issues and history, "
        "nonconformities, actions and management reviews."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--preset",
            choices=sorted(PRESETS),
            default="small",
            help=_("data set size; the options below override it"),
        )
        parser.add_argument("--province-code", help=_("code of the (first) province root"))
        parser.add_argument(
            "--seed", type=int, help=_("random seed (the same seed, the same data)")
        )
        for option, (_field, text) in SIZES.items():
            parser.add_argument("--" + option.replace("_", "-"), type=int, help=text)

    def handle(self, *args, **options):
        plan = PRESETS[options["preset"]]
        changes = {
            field: options[opt] for opt, (field, _text) in SIZES.items() if options[opt] is not None
        }
        if options["province_code"]:
            changes["province_code"] = options["province_code"]
        if options["seed"] is not None:
            changes["seed"] = options["seed"]
        plan = dataclasses.replace(plan, **changes)
        if plan.agencies < 2 or plan.documents < 3 or plan.revisions < 1 or plan.provinces < 1:
            raise CommandError("Need at least 2 agencies, 3 documents and 1 revision.")
        if Agency.objects.filter(code=plan.province_code).exists():
            raise CommandError(
                f"A province with the code {plan.province_code!r} exists already; "
                "choose another --province-code or start from an empty database."
            )
        seeding = Seeding(plan=plan, today=timezone.localdate(), log=self.stdout.write)
        started = time.monotonic()
        self.stdout.write(f"Seeding {plan}")
        # The rows go in by COPY and bulk inserts, past the signals: every agency's status
        # figures are computed once at the end.
        with translation.override("vi"), transaction.atomic(), figures_deferred():
            for seed in SEEDERS:
                seed(seeding)
        elapsed = time.monotonic() - started
        for label, count in sorted(seeding.counts.items()):
            self.stdout.write(f"  {label:<40} {count:>10,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {sum(seeding.counts.values()):,} rows in {elapsed:.1f} s. "
                f"Every account's password: qms-demo-2026 (e.g. secretary.{plan.province_code}-sonv)."
            )
        )
