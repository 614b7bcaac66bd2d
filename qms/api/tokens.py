"""API tokens: one per person, shown on the profile page, replaced or revoked there."""

from django.db import transaction
from rest_framework.authtoken.models import Token

from qms.agencies.models import User


@transaction.atomic
def token_issue(*, user: User) -> Token:
    """Give ``user`` a new token; an earlier key stops working at once."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


@transaction.atomic
def token_get_or_issue(*, user: User) -> Token:
    """The person's current token, issued if they have none."""
    token = Token.objects.filter(user=user).first()
    return token or Token.objects.create(user=user)


@transaction.atomic
def token_revoke(*, user: User) -> bool:
    """Revoke ``user``'s token; False when there was none."""
    deleted, _rows = Token.objects.filter(user=user).delete()
    return bool(deleted)
