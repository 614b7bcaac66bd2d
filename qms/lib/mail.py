"""Mail is sent after the transaction commits, in Vietnamese, from templates/emails/.

A mail template's first line is the subject; the rest is the body.

Each message is a task (``mail_send``) queued when the transaction commits, with a key of its
own: the task sends it once by that key, so a retry after a failure, or a second worker, never
sends it twice. Without a worker (``TASKS_BACKEND=immediate``) the task runs at once, as the
request commits, and a failure is logged rather than retried.
"""

import logging
import uuid

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from qms.lib.jobs.once import run_once
from qms.lib.jobs.queue import retry_later

logger = logging.getLogger(__name__)


def send_after_commit(*, recipients, template: str, context: dict) -> None:
    """Queue one message per recipient with an address; nothing is sent if the
    transaction rolls back."""
    addresses = sorted({user.email for user in recipients if user.email and user.is_active})
    if not addresses:
        return
    with translation.override(settings.LANGUAGE_CODE):
        rendered = render_to_string(template, {**context, "site_url": settings.SITE_URL})
    subject, _newline, body = rendered.strip().partition("\n")
    # The keys are made now, once: a retry of a message carries the same key.
    messages = [
        {
            "key": f"mail:{uuid.uuid4().hex}",
            "address": address,
            "subject": subject.strip(),
            "body": body.strip() + "\n",
        }
        for address in addresses
    ]

    def queue():
        for message in messages:
            mail_send.enqueue(**message)

    transaction.on_commit(queue)


@task()
def mail_send(*, key: str, address: str, subject: str, body: str, attempt: int = 1) -> bool:
    """Send one message unless its key was sent already; True when sent now. A failure
    (the mail server refuses or does not answer) is retried later with a backoff."""
    try:
        return run_once(key, lambda: send_mail(subject, body, None, [address]))
    except Exception:
        retried = retry_later(
            mail_send, attempt=attempt, key=key, address=address, subject=subject, body=body
        )
        if not retried:
            logger.exception("Mail %s to %s not sent (attempt %s)", key, address, attempt)
        raise
