from django.conf import settings
from django.core.files.storage import storages
from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy as _

from qms.lib.backup import verify_stored_files
from qms.lib.commands import TranslatedCommand
from qms.lib.conversions import CACHE_FOLDER
from qms.lib.storage import StorageUnavailable, copy_storage

# STORAGES also names the static files, which collectstatic writes; they are not media.
NOT_MEDIA = {"default", "staticfiles"}


class Command(TranslatedCommand):
    help = _(
        "Copy every stored file from one file storage to another (the local folder and the "
        "S3 bucket named in the settings), read each one back to compare its SHA-256, then "
        "check every file whose SHA-256 the database records. The source is left as it was. "
        "Exits with an error if anything differs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from", dest="source", required=True, help=_("storage to copy from: local or s3")
        )
        parser.add_argument(
            "--to", dest="target", required=True, help=_("storage to copy into: local or s3")
        )

    def handle(self, *args, source, target, **options):
        known = sorted(set(settings.STORAGES) - NOT_MEDIA)
        for alias in (source, target):
            if alias not in known:
                raise CommandError(
                    f"Unknown file storage {alias!r}; this installation has: {', '.join(known)}."
                    + ("" if "s3" in known else " Set S3_BUCKET and the S3_* variables for s3.")
                )
        if source == target:
            raise CommandError("--from and --to name the same storage.")
        try:
            copied = copy_storage(storages[source], storages[target], skip=(CACHE_FOLDER,))
            verified = verify_stored_files(storage=storages[target])
        except StorageUnavailable as error:
            raise CommandError(f"The file storage did not answer: {error}") from None
        self.stdout.write(
            f"Copied {copied.copied} files from {source} to {target} "
            f"({copied.already_there} were already there, unchanged); "
            f"{verified.verified} files match the SHA-256 the database records."
        )
        problems = copied.problems + verified.problems
        if problems:
            raise CommandError("Problems found:\n" + "\n".join(problems))
        self.stdout.write(f"Set FILE_STORAGE={target} and restart the app servers to use it.")
