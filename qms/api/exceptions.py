"""Every API error is JSON: ``{"detail": "<message>", "errors": {"<field>": ["<message>"]}}``.

A service's ValidationError is a 400 with its field messages; a clash with what is stored is a
409; Django's PermissionDenied and Http404 become 403 and 404 as on the web pages.
"""

import logging

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)


class Conflict(exceptions.APIException):
    """The request is valid but clashes with what is stored (a duplicate, a state that no
    longer allows it): the client should look the data up rather than correct its input."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("This conflicts with data already stored.")
    default_code = "conflict"


def service_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    """A service's ValidationError as field → messages, non-field messages under
    ``non_field_errors`` as DRF names them."""
    if not hasattr(error, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: list(error.messages)}
    return {
        (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): list(
            DjangoValidationError(errors).messages
        )
        for field, errors in error.error_dict.items()
    }


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(service_errors(exc))
    elif isinstance(exc, IntegrityError):
        # Two requests raced past the service's own check; the database kept one. Logged, as
        # it could also be a constraint no service checks.
        logger.warning("API write refused by the database", exc_info=exc)
        exc = Conflict()
    elif isinstance(exc, exceptions.ParseError):
        # DRF's own message names the parser's error in English only.
        exc = exceptions.ParseError(_("The body is not valid JSON."))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    response.data = error_body(exc, response.data)
    return response


def error_body(exc, data) -> dict:
    if isinstance(exc, exceptions.ValidationError) or (
        isinstance(exc, Conflict) and isinstance(exc.detail, dict)
    ):
        errors = data if isinstance(data, dict) else {api_settings.NON_FIELD_ERRORS_KEY: data}
        detail = (
            str(Conflict.default_detail)
            if isinstance(exc, Conflict)
            else _("The data sent is not valid.")
        )
        return {"detail": detail, "errors": errors}
    detail = data.get("detail", "") if isinstance(data, dict) else str(data)
    return {"detail": str(detail), "errors": {}}
