"""Slowing down password guessing without letting anyone lock another person out.

Usernames follow public patterns (``approver.<code>``), so a rule that locks an account after
a few failures lets anyone lock out an approver before a deadline. Failures are therefore
counted by the address they come from, and only that address waits (see the README, "Sign-in
throttling"). Within the last ``SIGNIN_WINDOW_MINUTES``:

- an address with ``SIGNIN_MAX_FAILURES`` failures for one account may not try that account
  again until the oldest of them leaves the window; the account itself is never locked, and
  its owner signs in from any other address;
- an address with ``SIGNIN_ADDRESS_MAX_FAILURES`` failures, all accounts together, waits the
  same way for every account (a one-stop desk shares one address, hence the higher limit);
- an account with ``SIGNIN_ACCOUNT_SLOWDOWN_FAILURES`` failures from all addresses together
  (guessing spread over many machines) allows each address one failure instead of
  ``SIGNIN_MAX_FAILURES``: a first try, such as the owner's, always goes through.

A successful sign-in forgets that account's failures from that address. Failures older than
the window are deleted whenever a new one is recorded, so the table stays small.
"""

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from qms.agencies.models import SignInFailure


@dataclass(frozen=True)
class Throttle:
    """Why an address must wait, and how long."""

    for_account: bool  # True: this account from this address; False: every account
    retry_after: timedelta

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after.total_seconds() / 60))


def _window() -> timedelta:
    return timedelta(minutes=settings.SIGNIN_WINDOW_MINUTES)


def _account(username: str) -> str:
    # Usernames are matched case-insensitively at sign-in in practice; one spelling here.
    return username.strip().lower()[:150]


def _nth_latest(failures: QuerySet, n: int) -> datetime | None:
    """When the n-th most recent of ``failures`` happened, or None when there are fewer:
    one indexed query that reads at most n rows however many failures there are."""
    return next(iter(failures.order_by("-at").values_list("at", flat=True)[n - 1 : n]), None)


def signin_throttle(*, username: str, ip_address: str | None) -> Throttle | None:
    """The wait imposed on ``ip_address`` for ``username`` (module docstring), or None."""
    now = timezone.now()
    window = _window()
    recent = SignInFailure.objects.filter(at__gt=now - window)
    from_address = recent.filter(ip_address=ip_address)
    account = _account(username)
    waits = []
    if account:
        per_address = settings.SIGNIN_MAX_FAILURES
        spread = _nth_latest(
            recent.filter(username=account), settings.SIGNIN_ACCOUNT_SLOWDOWN_FAILURES
        )
        if spread is not None:
            per_address = 1
        oldest = _nth_latest(from_address.filter(username=account), per_address)
        if oldest is not None:
            waits.append(Throttle(for_account=True, retry_after=oldest + window - now))
    oldest = _nth_latest(from_address, settings.SIGNIN_ADDRESS_MAX_FAILURES)
    if oldest is not None:
        waits.append(Throttle(for_account=False, retry_after=oldest + window - now))
    return max(waits, key=lambda throttle: throttle.retry_after, default=None)


def signin_failure_record(*, username: str, ip_address: str | None) -> None:
    now = timezone.now()
    SignInFailure.objects.filter(at__lte=now - _window()).delete()
    SignInFailure.objects.create(username=_account(username), ip_address=ip_address)


def signin_success_record(*, username: str, ip_address: str | None) -> None:
    SignInFailure.objects.filter(username=_account(username), ip_address=ip_address).delete()


def client_ip(request) -> str | None:
    """The address a request comes from: REMOTE_ADDR, or behind the HTTPS proxy
    (``BEHIND_HTTPS_PROXY``) the address that proxy appended to X-Forwarded-For. Only the
    last entry is the proxy's: a client writes whatever it likes in the ones before."""
    remote = request.META.get("REMOTE_ADDR") or None
    if not settings.BEHIND_HTTPS_PROXY:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(forwarded))
    except ValueError:
        return remote
