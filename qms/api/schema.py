"""The OpenAPI schema: how callers authenticate, the error format on every operation, and
request bodies that refuse unknown fields as the API does."""

from drf_spectacular.authentication import SessionScheme
from drf_spectacular.openapi import AutoSchema


class QmsSessionScheme(SessionScheme):
    target_class = "qms.api.authentication.SessionAuthentication"


ERROR = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {},
            "description": "Messages per field; empty unless the data sent was refused.",
        },
    },
    "required": ["detail", "errors"],
}
# What any operation may answer besides its success. 500 is deliberately not listed.
ERROR_STATUSES = {
    "400": "The data sent is not valid (malformed JSON, wrong types, unknown fields).",
    "401": "No token, or an unknown or inactive token.",
    "403": "A role the operation needs is missing.",
    "404": "Not found, or of an agency the caller may not see.",
    "405": "Method not allowed.",
    "406": "The Accept header asks for something other than JSON.",
    "409": "Valid, but clashes with data already stored.",
    "413": "The request body is too large.",
    "415": "The body is not JSON.",
}


def add_error_responses(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_STATUSES.items():
                responses.setdefault(code, {"description": description, "content": reference})
    for name, schema in schemas.items():
        if name.endswith("Request") and schema.get("type") == "object":
            schema["additionalProperties"] = False
    return result


class OneObjectSchema(AutoSchema):
    """For a view set whose ``list`` answers one object computed from its query (a province's
    figures), not a list of rows: the schema describes that object, not an array of it."""

    def _is_list_view(self, serializer=None) -> bool:
        return False
