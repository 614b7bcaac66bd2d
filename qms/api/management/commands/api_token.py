from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy as _

from qms.agencies.models import User
from qms.api.models import ApiToken
from qms.api.tokens import DEFAULT_LIFETIME, token_issue, token_revoke_all
from qms.lib.commands import TranslatedCommand


class Command(TranslatedCommand):
    help = _(
        "Create an API token for a person and print its key. The key is shown only this once: "
        "only its hash is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help=_("the person's user name"))
        parser.add_argument(
            "--name",
            default="manage.py api_token",
            help=_("what the token is for, as listed on the person's profile page"),
        )
        parser.add_argument(
            "--days",
            type=int,
            default=int(DEFAULT_LIFETIME),
            choices=ApiToken.Lifetime.values,
            help=_("how many days the token stays valid"),
        )
        parser.add_argument(
            "--regenerate",
            action="store_true",
            help=_("Revoke the person's earlier tokens too."),
        )

    def handle(self, *args, username, name, days, regenerate, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not user.is_active:
            raise CommandError(
                f"{username!r} is not active; an inactive person's token is refused."
            )
        if regenerate:
            token_revoke_all(user=user)
        self.stdout.write(token_issue(user=user, name=name, days=days).key)
