from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audits.services.actions import actions_remind
from qms.lib.commands import DailyJobCommand


class Command(DailyJobCommand):
    help = _(
        "Mail the owners of actions due within three days or overdue. Run daily; a second run "
        "on the same day sends nothing new."
    )

    def run_job(self, *args, **options):
        count = actions_remind()
        self.stdout.write(gettext("%(count)s reminder(s) sent.") % {"count": count})
