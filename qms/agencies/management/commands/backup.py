from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.lib.backup import backup_create
from qms.lib.commands import TranslatedCommand


class Command(TranslatedCommand):
    help = _("Back up the database and the media files into one .tar.gz archive.")

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", help=_("archive to write (default qms-backup-<time>.tar.gz)")
        )

    def handle(self, *args, path=None, **options):
        target = Path(path or f"qms-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz")
        rows, files = backup_create(target)
        self.stdout.write(f"Backed up {rows} rows and {files} files to {target}")
