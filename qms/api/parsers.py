"""JSON in, with a size limit: a huge body is a 413 before it is parsed."""

import io

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers, status
from rest_framework.exceptions import APIException

# Every API body is a small record; files are not sent through the API.
MAX_BODY_BYTES = 256 * 1024


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "payload_too_large"


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser reading at most MAX_BODY_BYTES (Django's own limit only guards
    ``request.body``, which DRF does not use)."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = stream.read(MAX_BODY_BYTES + 1)
        if len(data) > MAX_BODY_BYTES:
            raise PayloadTooLarge
        return super().parse(io.BytesIO(data), media_type, parser_context)
