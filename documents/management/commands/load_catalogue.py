from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from documents.catalogue import CatalogueRefused
from documents.clauses import SHIPPED, shipped_file
from documents.models import IsoClause
from documents.services.catalogue import catalogue_load
from qms.lib.commands import TranslatedCommand


class Command(TranslatedCommand):
    help = _(
        "Load an ISO 9001 edition's clause catalogue (a CSV file; see documents/catalogue.py), "
        "or correct the wording of one already loaded. All of it or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            help=_("the catalogue file, or an edition shipped with QMS: %(editions)s")
            % {"editions": ", ".join(SHIPPED)},
        )

    def handle(self, *args, **options):
        name = options["file"]
        path = shipped_file(name) if name in SHIPPED else Path(name)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                gettext("Cannot read %(file)s: %(error)s") % {"file": path, "error": error.strerror}
            ) from None
        try:
            edition = catalogue_load(data)
        except CatalogueRefused as refused:
            raise CommandError(
                "\n".join(
                    [gettext("The catalogue was refused; nothing was loaded.")]
                    + [str(problem) for problem in refused.problems]
                )
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                gettext("%(edition)s: %(count)s clauses loaded.")
                % {
                    "edition": edition.name,
                    "count": IsoClause.objects.filter(version=edition.code).count(),
                }
            )
        )
