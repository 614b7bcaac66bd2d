from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy as _

from qms.agencies.models import User
from qms.api.tokens import token_get_or_issue, token_issue
from qms.lib.commands import TranslatedCommand


class Command(TranslatedCommand):
    help = _("Print a person's API token, issuing one if they have none.")

    def add_arguments(self, parser):
        parser.add_argument("username", help=_("the person's user name"))
        parser.add_argument(
            "--regenerate", action="store_true", help=_("Replace the token with a new one.")
        )

    def handle(self, *args, username, regenerate, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not user.is_active:
            raise CommandError(
                f"{username!r} is not active; an inactive person's token is refused."
            )
        token = token_issue(user=user) if regenerate else token_get_or_issue(user=user)
        self.stdout.write(token.key)
