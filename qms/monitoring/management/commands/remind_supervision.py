from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qms.lib.commands import DailyJobCommand
from qms.monitoring.reminders import monitoring_remind


class Command(DailyJobCommand):
    help = _(
        "Mail the ISO secretaries of agencies behind (at most once a week each) and the weekly "
        "digest to each province's supervisors. Run daily."
    )

    def run_job(self, *args, **options):
        reminders, digests = monitoring_remind()
        self.stdout.write(
            gettext("%(reminders)s reminder(s) and %(digests)s digest(s) sent.")
            % {"reminders": reminders, "digests": digests}
        )
