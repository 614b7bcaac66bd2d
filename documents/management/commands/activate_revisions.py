from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from documents.services.activation import revisions_activate_due
from qms.lib.commands import DailyJobCommand


class Command(DailyJobCommand):
    help = _("Make effective every approved revision whose effective date has come. Run daily.")

    def run_job(self, *args, **options):
        count = revisions_activate_due()
        self.stdout.write(gettext("%(count)s revision(s) took effect.") % {"count": count})
