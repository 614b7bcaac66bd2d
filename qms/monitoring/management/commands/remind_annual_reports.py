from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qms.lib.commands import DailyJobCommand
from qms.monitoring.services.reminders import annual_reports_remind


class Command(DailyJobCommand):
    help = _(
        "Mail agencies whose annual report is not submitted, 14 and 3 days before the deadline "
        "and each week after it. Run daily; each reminder goes once."
    )

    def run_job(self, *args, **options):
        count = annual_reports_remind()
        self.stdout.write(gettext("%(count)s reminder(s) sent.") % {"count": count})
