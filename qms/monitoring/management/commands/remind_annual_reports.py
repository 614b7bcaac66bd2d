from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from qms.monitoring.services.reminders import annual_reports_remind


class Command(BaseCommand):
    help = _(
        "Mail agencies whose annual report is not submitted, 14 and 3 days before the deadline "
        "and each week after it. Run daily; each reminder goes once."
    )

    def handle(self, *args, **options):
        count = annual_reports_remind()
        self.stdout.write(_("%(count)s reminder(s) sent.") % {"count": count})
