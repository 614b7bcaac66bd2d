"""Who may call the API: a valid token, the session; nobody else."""

from django.core.management import call_command
from django.test import TestCase
from rest_framework.authtoken.models import Token

from qms.agencies.roles import Role
from qms.api.tokens import token_issue
from tests.helpers import make_agency, make_user


class TokenAuthenticationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp", code="sotp")
        # Hoa, staff of the agency.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF], username="hoa.cb")

    def test_it_accepts_a_valid_token(self):
        key = token_issue(user=self.hoa).key
        response = self.client.get("/api/v1/agencies/", HTTP_AUTHORIZATION=f"Token {key}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual([a["code"] for a in response.json()["results"]], ["sotp"])

    def test_it_answers_401_in_json_without_a_token(self):
        response = self.client.get("/api/v1/agencies/")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response["WWW-Authenticate"], "Token")
        self.assertEqual(set(response.json()), {"detail", "errors"})

    def test_it_answers_401_for_a_bad_or_revoked_token(self):
        key = token_issue(user=self.hoa).key
        token_issue(user=self.hoa)  # regenerated: the old key no longer works
        for header in (f"Token {key}", "Token nonsense", "Token a b", "Bearer x"):
            with self.subTest(header=header):
                response = self.client.get("/api/v1/agencies/", HTTP_AUTHORIZATION=header)
                self.assertEqual(response.status_code, 401)

    def test_it_refuses_the_token_of_an_inactive_person(self):
        key = token_issue(user=self.hoa).key
        self.hoa.is_active = False
        self.hoa.save()
        response = self.client.get("/api/v1/agencies/", HTTP_AUTHORIZATION=f"Token {key}")
        self.assertEqual(response.status_code, 401)

    def test_it_accepts_the_signed_in_session(self):
        self.client.force_login(self.hoa)
        self.assertEqual(self.client.get("/api/v1/agencies/").status_code, 200)


class ApiTokenCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Hoa, a person who will use the API from a script.
        cls.hoa = make_user("Đỗ Thị Hoa", username="hoa.cb")

    def run_command(self, *args) -> str:
        from io import StringIO

        out = StringIO()
        call_command("api_token", *args, stdout=out)
        return out.getvalue().strip()

    def test_it_prints_the_same_token_twice_and_regenerates_on_request(self):
        first = self.run_command("hoa.cb")
        self.assertEqual(first, Token.objects.get(user=self.hoa).key)
        self.assertEqual(self.run_command("hoa.cb"), first)
        renewed = self.run_command("hoa.cb", "--regenerate")
        self.assertNotEqual(renewed, first)
        self.assertEqual(Token.objects.filter(user=self.hoa).count(), 1)

    def test_it_fails_for_an_unknown_person(self):
        from django.core.management import CommandError

        with self.assertRaises(CommandError):
            self.run_command("nobody")
        self.assertFalse(Token.objects.exists())


class ProfileTokenPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp", code="sotp")
        # Hoa, staff of the agency, managing her own token.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF], position="Chuyên viên")
        # Bình, another person whose token must not change.
        cls.binh = make_user("Trần Văn Bình", cls.agency, [Role.STAFF])

    def test_it_sends_anonymous_visitors_to_sign_in(self):
        response = self.client.get("/accounts/profile/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])

    def test_it_shows_the_person_their_roles_and_no_token_yet(self):
        self.client.force_login(self.hoa)
        response = self.client.get("/accounts/profile/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["roles"][0]["agency"], self.agency)
        self.assertIsNone(response.context["token"])
        self.assertContains(response, "Chuyên viên")

    def test_it_creates_regenerates_and_revokes_the_token(self):
        other = token_issue(user=self.binh).key
        self.client.force_login(self.hoa)
        self.assertRedirects(self.client.post("/accounts/profile/token/"), "/accounts/profile/")
        first = Token.objects.get(user=self.hoa).key
        self.assertContains(self.client.get("/accounts/profile/"), first)
        self.client.post("/accounts/profile/token/")
        self.assertNotEqual(Token.objects.get(user=self.hoa).key, first)
        self.client.post("/accounts/profile/token/revoke/")
        self.assertFalse(Token.objects.filter(user=self.hoa).exists())
        self.assertEqual(Token.objects.get(user=self.binh).key, other)

    def test_it_changes_nothing_on_get(self):
        self.client.force_login(self.hoa)
        self.assertEqual(self.client.get("/accounts/profile/token/").status_code, 405)
        self.assertFalse(Token.objects.exists())
