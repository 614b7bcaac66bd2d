from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from documents.services.revisions import revisions_activate_due


class Command(BaseCommand):
    help = _("Make effective every approved revision whose effective date has come. Run daily.")

    def handle(self, *args, **options):
        count = revisions_activate_due()
        self.stdout.write(_("%(count)s revision(s) took effect.") % {"count": count})
