"""Mail is sent after the transaction commits, in Vietnamese, from templates/emails/.

A mail template's first line is the subject; the rest is the body.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


def send_after_commit(*, recipients, template: str, context: dict) -> None:
    """Queue one message per recipient with an address; nothing is sent if the
    transaction rolls back."""
    addresses = sorted({user.email for user in recipients if user.email and user.is_active})
    if not addresses:
        return
    with translation.override(settings.LANGUAGE_CODE):
        rendered = render_to_string(template, {**context, "site_url": settings.SITE_URL})
    subject, _newline, body = rendered.strip().partition("\n")

    def send():
        for address in addresses:
            send_mail(subject.strip(), body.strip() + "\n", None, [address])

    transaction.on_commit(send)
