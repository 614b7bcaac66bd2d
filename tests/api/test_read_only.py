"""Read-only roles write nothing through the API either.

Every operation of the router (each route with every method it answers) is called as the
province's supervisor and as the Ministry's, with a body a writer of agency A would send; no
table of the database changes.
"""

from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from qms.agencies.roles import Role
from qms.api_urls import ROUTES, router
from tests.api.base import ApiData
from tests.helpers import make_ministry, make_user
from tests.snapshots import changed, contents, counts, tables

# What agency A's writers send successfully (tests/api/test_writes.py), by route.
LATE_DOSSIER = {
    "agency": "sotp",
    "source": "late_dossier",
    "source_reference": "Hồ sơ 000.00.21.H36-261120-0001",
    "title": "Hồ sơ khai sinh trả kết quả trễ hạn",
    "description": "Hệ thống một cửa báo hồ sơ trễ 1 ngày so với thời hạn.",
    "procedure": "1.000050",
}
DECREE = {
    "agency": "sotp",
    "kind": "decree",
    "number": "30/2020/NĐ-CP",
    "title": "Nghị định về công tác văn thư",
    "issuer": "Chính phủ",
    "issued_on": "2020-03-05",
    "effective_on": "2020-03-05",
}
MEASUREMENT = {"period": "Q2/2026", "period_end": "2026-06-30", "value": "93.5"}
BODY_FOR = {
    "nonconformity-list": LATE_DOSSIER,
    "external-document-list": DECREE,
    "objective-measurements": MEASUREMENT,
}
OBJECT_FOR = {
    "agency": ("a", "code"),
    "document": ("document", "pk"),
    "revision": ("revision", "pk"),
    "external-document": ("tthc", "pk"),
    "nonconformity": ("nonconformity", "pk"),
    "objective": ("objective", "pk"),
    "audit": ("audit", "pk"),
    "finding": ("finding", "pk"),
    "coverage": ("province", "code"),
    "clause": ("a", "code"),
    "province-clause": ("province", "code"),
}
BOOKKEEPING = frozenset({"sessions.Session", "qms.SignInFailure", "qms_api.ApiToken"})


class ApiReadOnlyTests(ApiData, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.revision = cls.document.effective_revision
        # Hưng, supervisor at the Ministry: reads every province, changes nothing.
        cls.hung = make_user("Phạm Quang Hưng", make_ministry(), [Role.SUPERVISOR])

    def operations(self):
        """(method, url, body) for every route of the router and every method it answers."""
        for url_pattern in router.urls:
            if url_pattern.name == "api-root":
                continue
            basename = next(b for _p, _v, b in ROUTES if url_pattern.name.startswith(f"{b}-"))
            args = []
            if "(?P<" in str(url_pattern.pattern):
                attribute, field = OBJECT_FOR[basename]
                args = [getattr(getattr(self, attribute), field)]
            url = reverse(f"api:{url_pattern.name}", args=args)
            body = BODY_FOR.get(url_pattern.name, LATE_DOSSIER)
            for method in ("get", "post", "put", "patch", "delete"):
                yield method, url, body

    def walk(self, person):
        client = APIClient()
        client.force_authenticate(person)
        watched = tables(exclude=BOOKKEEPING)
        rows_before, before = contents(watched), counts(watched)
        for method, url, body in self.operations():
            with self.subTest(method=method, url=url):
                response = getattr(client, method)(url, body, format="json")
                self.assertLess(response.status_code, 500)
                if method != "get":
                    # Refused: no role (403), not a route (405), or, for the Ministry, whose
                    # reach writes nowhere, an agency code it may not write to (400).
                    self.assertIn(response.status_code, (400, 403, 404, 405), response.content)
                self.assertEqual(changed(before, counts(watched)), [])
        self.assertEqual(changed(rows_before, contents(watched)), [])

    def test_the_province_supervisor_writes_nothing(self):
        self.walk(self.tuan)

    def test_the_ministry_supervisor_writes_nothing(self):
        self.walk(self.hung)
