from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy as _

from qms.lib.backup import backup_restore
from qms.lib.commands import TranslatedCommand


class Command(TranslatedCommand):
    help = _(
        "Restore a backup into an empty, migrated database and verify every stored controlled "
        "PDF against its SHA-256. Exits with an error if anything is missing or changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("archive written by manage.py backup"))

    def handle(self, *args, path, **options):
        try:
            report = backup_restore(Path(path))
        except (ValueError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored {report.rows} rows and {report.files} files; "
            f"{report.verified} stored files match their SHA-256."
        )
        if report.problems:
            raise CommandError("Problems found:\n" + "\n".join(report.problems))
