"""The question every page asks before showing a button: would the service accept this step?

A workflow's checks raise PermissionDenied or ValidationError, exactly as its services do
before acting; these helpers turn them into answers, so that a page and a service never give
two."""

from django.core.exceptions import PermissionDenied, ValidationError


def passes(check, *args) -> bool:
    """Whether ``check`` accepts ``args``."""
    try:
        check(*args)
    except (PermissionDenied, ValidationError):
        return False
    return True


def allowed_names(checks: dict, *args) -> frozenset[str]:
    """The names of ``checks`` whose check passes for ``args``."""
    return frozenset(name for name, check in checks.items() if passes(check, *args))
