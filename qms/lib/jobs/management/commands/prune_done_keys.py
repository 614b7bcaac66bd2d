from datetime import timedelta

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qms.lib.commands import TranslatedCommand
from qms.lib.jobs.once import done_keys_prune


class Command(TranslatedCommand):
    help = _(
        "Forget the keys of side effects done (mails sent, copies made) long ago, after every "
        "retry of their tasks. Run weekly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=30,
            help=_("forget the keys done more than this many days ago (default 30)"),
        )

    def handle(self, *args, **options):
        count = done_keys_prune(older_than=timedelta(days=options["days"]))
        self.stdout.write(gettext("%(count)s key(s) forgotten.") % {"count": count})
