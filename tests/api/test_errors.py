"""Errors are JSON with the right status, in Vietnamese by default; never an HTML page."""

import json

from django.test import Client, RequestFactory, TestCase

from audits.models import Nonconformity
from qms.agencies.roles import Role
from qms.api.errors import server_error
from qms.api.parsers import MAX_BODY_BYTES
from qms.api.tokens import token_issue
from tests.helpers import make_agency, make_user

URL = "/api/v1/nonconformities/"


class ErrorFormatTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp", code="sotp")
        # Lan, ISO secretary: may raise nonconformities, so only her input is at fault.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY])

    def setUp(self):
        self.auth = {
            "HTTP_AUTHORIZATION": f"Token {token_issue(user=self.lan, name='Kiểm thử API').key}"
        }

    def post(self, body, content_type="application/json"):
        return self.client.post(URL, body, content_type=content_type, **self.auth)

    def assert_error(self, response, status):
        self.assertEqual(response.status_code, status, response.content)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(set(response.json()), {"detail", "errors"})
        self.assertTrue(response.json()["detail"])

    def test_bad_bodies_get_the_right_status_and_store_nothing(self):
        cases = [
            ("{not json", "application/json", 400),
            ("[1, 2]", "application/json", 400),
            ('"text"', "application/json", 400),
            ('{"agency": NaN}', "application/json", 400),
            ("agency=sotp", "application/x-www-form-urlencoded", 415),
            ("<xml/>", "application/xml", 415),
            ('{"x": "' + "a" * MAX_BODY_BYTES + '"}', "application/json", 413),
        ]
        for body, content_type, status in cases:
            with self.subTest(body=body[:20], status=status):
                self.assert_error(self.post(body, content_type), status)
        self.assertFalse(Nonconformity.objects.exists())

    def test_unknown_fields_are_named(self):
        response = self.post('{"agency": "sotp", "titel": "x"}')
        self.assert_error(response, 400)
        self.assertIn("titel", response.json()["errors"])

    def test_a_method_not_offered_is_a_405(self):
        self.assert_error(self.client.delete(URL, **self.auth), 405)
        self.assert_error(self.client.put("/api/v1/documents/", {}, **self.auth), 405)

    def test_unknown_addresses_under_api_are_json_404_and_html_elsewhere(self):
        self.assert_error(self.client.get("/api/v1/nothing/", **self.auth), 404)
        self.assert_error(self.client.get("/api/v1/documents/abc/", **self.auth), 404)
        self.assert_error(
            self.client.get("/api/v1/documents/99999999999999999999/", **self.auth), 404
        )
        response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertTrue(response["Content-Type"].startswith("text/html"))

    def test_a_crash_under_api_is_answered_in_json(self):
        response = server_error(RequestFactory().get("/api/v1/documents/"))
        self.assertEqual(response.status_code, 500)
        self.assertEqual(set(json.loads(response.content)), {"detail", "errors"})
        self.assertEqual(response["Content-Type"], "application/json")

    def test_messages_are_vietnamese_by_default(self):
        response = self.client.get("/api/v1/documents/")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["detail"], "Chưa cung cấp thông tin xác thực.")
        self.assertEqual(response["Content-Language"], "vi")

    def test_a_session_write_needs_the_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.lan)
        response = client.post(URL, "{}", content_type="application/json")
        self.assert_error(response, 403)


class DocumentationTests(TestCase):
    def test_the_schema_and_the_docs_are_served_without_a_cdn(self):
        schema = self.client.get("/api/schema/", HTTP_ACCEPT="application/json")
        self.assertEqual(schema.status_code, 200)
        self.assertTrue(schema.json()["openapi"].startswith("3."))
        self.assertIn("/api/v1/nonconformities/", schema.json()["paths"])
        docs = self.client.get("/api/docs/")
        self.assertEqual(docs.status_code, 200)
        self.assertNotIn(b"https://", docs.content)
        self.assertNotIn(b"<script>", docs.content)
        script = self.client.get("/api/docs/?script=")
        self.assertEqual(script.status_code, 200)

    def test_only_the_docs_page_allows_inline_styles(self):
        docs_policy = self.client.get("/api/docs/")["Content-Security-Policy"]
        self.assertIn("style-src 'self' 'unsafe-inline'", docs_policy)
        self.assertIn("script-src 'self';", docs_policy)
        for url in ("/accounts/login/", "/api/v1/"):
            with self.subTest(url=url):
                policy = self.client.get(url)["Content-Security-Policy"]
                self.assertNotIn("unsafe-inline", policy)
