"""Every API route, walked from the router, as every kind of caller (the project-wide walk in
tests/test_isolation.py skips api/): no credentials is a 401, another agency's object a 404,
and A's own people and the supervisor never meet a 404 or a 5xx on A's objects."""

from django.test import TestCase
from django.urls import reverse

from qms.api_urls import ROUTES, router
from tests.api.base import ApiData

# basename → attribute of ApiData holding agency A's object, and how the URL names it.
OBJECT_FOR = {
    "agency": ("a", "code"),
    "document": ("document", "pk"),
    "revision": ("revision", "pk"),
    "external-document": ("tthc", "pk"),
    "nonconformity": ("nonconformity", "pk"),
    "objective": ("objective", "pk"),
    "audit": ("audit", "pk"),
    "finding": ("finding", "pk"),
    # A list only: the province is a query parameter.
    "coverage": ("province", "code"),
    "clause": ("a", "code"),
    "province-clause": ("province", "code"),
}


class ApiIsolationTests(ApiData, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.revision = cls.document.effective_revision

    def urls(self):
        """(url, takes an object) for every GET route of the router."""
        for url_pattern in router.urls:
            name = url_pattern.name
            if name == "api-root":
                continue
            basename = next(b for _p, _v, b in ROUTES if name.startswith(f"{b}-"))
            if "(?P<" not in str(url_pattern.pattern):
                yield reverse(f"api:{name}"), False
                continue
            attribute, field = OBJECT_FOR[basename]
            value = getattr(getattr(self, attribute), field)
            yield reverse(f"api:{name}", args=[value]), True

    def test_every_route_has_an_object(self):
        self.assertEqual({b for _p, _v, b in ROUTES}, set(OBJECT_FOR))

    def test_no_credentials_is_a_401(self):
        for url, _object in self.urls():
            with self.subTest(url=url):
                self.assertEqual(self.api().get(url).status_code, 401)

    def test_another_agency_gets_a_404_on_a_s_objects(self):
        for outsider in (self.binh, self.khanh):
            client = self.api(outsider)
            for url, takes_object in self.urls():
                if not takes_object:
                    continue
                with self.subTest(url=url, outsider=outsider.full_name):
                    response = client.get(url)
                    if response.status_code == 405:
                        response = client.post(url, {})
                    self.assertEqual(response.status_code, 404)

    def test_own_people_and_the_supervisor_never_meet_a_404_or_a_5xx(self):
        for person in (self.lan, self.hoa, self.thao, self.tuan):
            client = self.api(person)
            for url, _object in self.urls():
                with self.subTest(url=url, person=person.full_name):
                    self.assertIn(client.get(url).status_code, (200, 403, 405), url)
