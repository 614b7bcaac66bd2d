"""Slowing down password guessing: failures are counted per account and per address."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from qms.agencies.models import SignInFailure


def signin_is_throttled(*, username: str, ip_address: str | None) -> bool:
    """True when the account or the address failed too often within the window."""
    since = timezone.now() - timedelta(minutes=settings.SIGNIN_WINDOW_MINUTES)
    by_account = Q(username__iexact=username) if username else Q(pk__in=[])
    by_address = Q(ip_address=ip_address) if ip_address else Q(pk__in=[])
    recent = SignInFailure.objects.filter(at__gte=since)
    # An address gets more tries than an account: a one-stop desk shares one address.
    return (
        recent.filter(by_account).count() >= settings.SIGNIN_MAX_FAILURES
        or recent.filter(by_address).count() >= settings.SIGNIN_MAX_FAILURES * 4
    )


def signin_failure_record(*, username: str, ip_address: str | None) -> None:
    SignInFailure.objects.create(username=username[:150], ip_address=ip_address)


def signin_success_record(*, username: str) -> None:
    SignInFailure.objects.filter(username__iexact=username).delete()


def client_ip(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is set by the client and cannot be trusted here.
    return request.META.get("REMOTE_ADDR") or None
