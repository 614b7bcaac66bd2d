from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from audits.services.programmes import audits_remind


class Command(BaseCommand):
    help = _(
        "Mail the team and the auditees of internal audits starting in 14 and in 3 days. Run "
        "daily; a second run on the same day sends nothing new."
    )

    def handle(self, *args, **options):
        count = audits_remind()
        self.stdout.write(_("%(count)s reminder(s) sent.") % {"count": count})
