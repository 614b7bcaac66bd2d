from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from qms.agencies.demo import DEMO_PASSWORD
from qms.demo import LOADERS


class Command(BaseCommand):
    help = _("Build the Lâm Đồng demo province. Running it again changes nothing.")

    def handle(self, *args, **options):
        for load in LOADERS:
            load()
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo data loaded. Every demo account's password: %(password)s")
                % {"password": DEMO_PASSWORD}
            )
        )
