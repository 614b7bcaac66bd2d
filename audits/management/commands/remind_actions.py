from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from audits.services.actions import actions_remind


class Command(BaseCommand):
    help = _(
        "Mail the owners of actions due within three days or overdue. Run daily; a second run "
        "on the same day sends nothing new."
    )

    def handle(self, *args, **options):
        count = actions_remind()
        self.stdout.write(_("%(count)s reminder(s) sent.") % {"count": count})
