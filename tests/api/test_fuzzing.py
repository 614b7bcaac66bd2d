"""Schema-driven fuzzing: schemathesis generates requests from /api/schema/ (valid ones and
invalid ones) and sends them through the WSGI application, in process, as Lan (ISO
secretary of A). No answer may be a 5xx, and every answer must match the schema (status,
content type, body). Examples are few and derandomised, so the run is short and repeatable."""

import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import TestCase
from hypothesis import HealthCheck, given, settings
from schemathesis import checks
from schemathesis.generation import GenerationMode

from qms.api.tokens import token_issue
from tests.api.base import ApiData

EXAMPLES = 3
# No 5xx, and every answer as the schema describes it. Schemathesis's stricter checks (that
# every schema-valid body is accepted, every lenient filter value refused) are left out: the
# services refuse schema-valid data for business reasons (an unknown agency code, a future
# date), and unknown or empty filter values are ignored as on the web register.
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


class SchemaFuzzingTests(ApiData, TestCase):
    def setUp(self):
        # As Django's test client does: the requests run inside the test's transaction, so
        # the end of a request must not close the connection (PostgreSQL would lose it).
        for signal in (request_started, request_finished):
            signal.disconnect(close_old_connections)
            self.addCleanup(signal.connect, close_old_connections)

    def test_no_request_generated_from_the_schema_breaks_the_api(self):
        schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
        headers = {"Authorization": f"Token {token_issue(user=self.lan, name='Kiểm thử API').key}"}
        operations = [result.ok() for result in schema.get_all_operations()]
        self.assertGreaterEqual(len(operations), 12)
        for operation in operations:
            for mode in GenerationMode:
                with self.subTest(operation=operation.label, mode=mode.value):
                    self.fuzz(operation, mode, headers)

    def fuzz(self, operation, mode, headers):
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        run()
