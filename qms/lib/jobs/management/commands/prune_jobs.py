from datetime import timedelta

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qms.lib.commands import TranslatedCommand
from qms.lib.jobs.exports import exports_prune
from qms.lib.jobs.once import done_keys_prune


class Command(TranslatedCommand):
    help = _(
        "Forget the keys of side effects done long ago (mails sent, copies made), after every "
        "retry of their tasks, and delete old exports with their files. Run weekly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=30,
            help=_("what is older than this many days goes (default 30)"),
        )

    def handle(self, *args, **options):
        older_than = timedelta(days=options["days"])
        keys, exports = done_keys_prune(older_than=older_than), exports_prune(older_than=older_than)
        self.stdout.write(
            gettext("%(keys)s key(s) forgotten, %(exports)s export(s) deleted.")
            % {"keys": keys, "exports": exports}
        )
