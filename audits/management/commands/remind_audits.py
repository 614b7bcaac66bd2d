from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audits.services.audit_plans import audits_remind
from qms.lib.commands import DailyJobCommand


class Command(DailyJobCommand):
    help = _(
        "Mail the team and the auditees of internal audits starting in 14 and in 3 days. Run "
        "daily; a second run on the same day sends nothing new."
    )

    def run_job(self, *args, **options):
        count = audits_remind()
        self.stdout.write(gettext("%(count)s reminder(s) sent.") % {"count": count})
