"""Who may call the API: a valid token, the session; nobody else. Tokens are stored hashed,
named, expire, record their last use and are revoked one by one on the profile page."""

import importlib
from datetime import timedelta
from io import StringIO

import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from qms.agencies.roles import Role
from qms.api.models import ApiToken, key_digest
from qms.api.tokens import token_issue, token_revoke
from tests.helpers import count_queries, make_agency, make_user

AGENCIES = "/api/v1/agencies/"


def auth(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


class TokenAuthenticationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp", code="sotp")
        # Hoa, staff of the agency, whose one-stop system calls the API.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF], username="hoa.cb")

    def test_it_accepts_a_valid_token(self):
        key = token_issue(user=self.hoa, name="Kết nối phần mềm một cửa").key
        response = self.client.get(AGENCIES, **auth(key))
        self.assertEqual(response.status_code, 200)
        self.assertEqual([a["code"] for a in response.json()["results"]], ["sotp"])

    def test_the_stored_value_is_not_the_key(self):
        issued = token_issue(user=self.hoa, name="Kết nối phần mềm một cửa")
        stored = ApiToken.objects.values().get(pk=issued.token.pk)
        for column, value in stored.items():
            self.assertNotIn(issued.key, str(value), column)
        self.assertEqual(stored["digest"], key_digest(issued.key))
        self.assertTrue(issued.key.startswith(stored["prefix"]))
        self.assertLess(len(stored["prefix"]), len(issued.key) // 3)

    def test_it_answers_401_in_json_without_a_token(self):
        response = self.client.get(AGENCIES)
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response["WWW-Authenticate"], "Token")
        self.assertEqual(set(response.json()), {"detail", "errors"})

    def test_it_answers_401_for_a_malformed_or_unknown_token(self):
        key = token_issue(user=self.hoa, name="Báo cáo").key
        forged = key[:-4] + ("aaaa" if not key.endswith("aaaa") else "bbbb")
        for header in (f"Token {forged}", "Token nonsense", "Token a b", "Bearer x"):
            with self.subTest(header=header):
                response = self.client.get(AGENCIES, HTTP_AUTHORIZATION=header)
                self.assertEqual(response.status_code, 401)

    def test_a_revoked_token_is_refused_and_the_others_still_work(self):
        one_stop = token_issue(user=self.hoa, name="Kết nối phần mềm một cửa")
        reports = token_issue(user=self.hoa, name="Công cụ báo cáo")
        token_revoke(token=one_stop.token, by=self.hoa)
        response = self.client.get(AGENCIES, **auth(one_stop.key))
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["errors"], {})
        self.assertIn("thu hồi", response.json()["detail"])
        self.assertEqual(self.client.get(AGENCIES, **auth(reports.key)).status_code, 200)

    def test_an_expired_token_is_refused_with_its_date(self):
        with time_machine.travel("2026-09-01 08:00 +07:00", tick=False):
            key = token_issue(user=self.hoa, name="Báo cáo", days=30).key
            self.assertEqual(self.client.get(AGENCIES, **auth(key)).status_code, 200)
        with time_machine.travel("2026-10-01 08:00 +07:00", tick=False):
            response = self.client.get(AGENCIES, **auth(key))
        self.assertEqual(response.status_code, 401)
        self.assertEqual(set(response.json()), {"detail", "errors"})
        self.assertIn("01/10/2026", response.json()["detail"])
        self.assertIn("hết hạn", response.json()["detail"])

    def test_the_last_use_is_recorded_at_most_once_a_minute(self):
        issued = token_issue(user=self.hoa, name="Báo cáo")
        self.assertIsNone(issued.token.last_used_at)
        with time_machine.travel("2026-12-31 23:59:00 +07:00", tick=False):
            self.client.get(AGENCIES, **auth(issued.key))
            first = ApiToken.objects.get(pk=issued.token.pk).last_used_at
            self.assertEqual(first, timezone.now())
        with time_machine.travel("2026-12-31 23:59:30 +07:00", tick=False):
            # Within the minute: no write at all.
            with CaptureQueriesContext(connection) as queries:
                self.client.get(AGENCIES, **auth(issued.key))
            self.assertFalse([q for q in queries if q["sql"].startswith("UPDATE")])
            self.assertEqual(ApiToken.objects.get(pk=issued.token.pk).last_used_at, first)
        with time_machine.travel("2027-01-01 00:00:10 +07:00", tick=False):
            self.client.get(AGENCIES, **auth(issued.key))
            self.assertEqual(ApiToken.objects.get(pk=issued.token.pk).last_used_at, timezone.now())

    def test_it_refuses_the_token_of_an_inactive_person(self):
        key = token_issue(user=self.hoa, name="Báo cáo").key
        self.hoa.is_active = False
        self.hoa.save()
        response = self.client.get(AGENCIES, **auth(key))
        self.assertEqual(response.status_code, 401)

    def test_it_accepts_the_signed_in_session(self):
        self.client.force_login(self.hoa)
        self.assertEqual(self.client.get(AGENCIES).status_code, 200)


class EarlierTokenMigrationTests(TestCase):
    """Tokens of the framework's ``authtoken_token`` table, kept in clear before: hashed in
    place so that the systems using them keep working until they expire, and the table goes."""

    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp", code="sotp")
        # Hoa, whose one-stop system has used the same key since 2025.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])

    def test_an_earlier_clear_key_keeps_working_hashed_and_the_clear_table_goes(self):
        migration = importlib.import_module("qms.api.migrations.0002_hash_earlier_tokens")
        key = "0123456789abcdef0123456789abcdef01234567"
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, "
                "user_id bigint NOT NULL, created timestamp with time zone NOT NULL)"
                if connection.vendor == "postgresql"
                else "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, "
                "user_id bigint NOT NULL, created datetime NOT NULL)"
            )
            cursor.execute(
                "INSERT INTO authtoken_token VALUES (%s, %s, %s)",
                [key, self.hoa.pk, timezone.now() - timedelta(days=400)],
            )
        self.assertEqual(migration.hash_table(connection, ApiToken), 1)
        self.assertNotIn("authtoken_token", connection.introspection.table_names())
        token = ApiToken.objects.get(user=self.hoa)
        self.assertEqual(token.digest, key_digest(key))
        self.assertGreater(token.expires_at, timezone.now() + timedelta(days=89))
        self.assertEqual(self.client.get(AGENCIES, **auth(key)).status_code, 200)

    def test_a_new_installation_has_nothing_to_move(self):
        migration = importlib.import_module("qms.api.migrations.0002_hash_earlier_tokens")
        self.assertEqual(migration.hash_table(connection, ApiToken), 0)


class ApiTokenCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Hoa, a person who will use the API from a script.
        cls.hoa = make_user("Đỗ Thị Hoa", username="hoa.cb")

    def run_command(self, *args) -> str:
        out = StringIO()
        call_command("api_token", *args, stdout=out)
        return out.getvalue().strip()

    def test_it_prints_a_new_working_key_once_and_stores_only_its_hash(self):
        key = self.run_command("hoa.cb", "--name", "Kết nối phần mềm một cửa", "--days", "30")
        token = ApiToken.objects.get(user=self.hoa)
        self.assertEqual(token.name, "Kết nối phần mềm một cửa")
        self.assertTrue(token.matches(key))
        self.assertEqual((token.expires_at - token.created_at).days, 30)
        self.assertEqual(self.client.get(AGENCIES, **auth(key)).status_code, 200)

    def test_regenerate_revokes_the_earlier_tokens(self):
        first = self.run_command("hoa.cb")
        self.assertNotEqual(self.run_command("hoa.cb"), first)
        renewed = self.run_command("hoa.cb", "--regenerate")
        self.assertEqual(ApiToken.objects.filter(user=self.hoa).usable().count(), 1)
        self.assertEqual(self.client.get(AGENCIES, **auth(first)).status_code, 401)
        self.assertTrue(ApiToken.objects.usable().get(user=self.hoa).matches(renewed))

    def test_it_fails_for_an_unknown_person(self):
        with self.assertRaises(CommandError):
            self.run_command("nobody")
        self.assertFalse(ApiToken.objects.exists())


class ProfileTokenPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp", code="sotp")
        # Hoa, staff of the agency, managing her own tokens.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF], position="Chuyên viên")
        # Bình, another person whose token Hoa must never touch.
        cls.binh = make_user("Trần Văn Bình", cls.agency, [Role.STAFF])

    def create(self, name="Kết nối phần mềm một cửa", days=90):
        return self.client.post("/accounts/profile/tokens/", {"name": name, "days": days})

    def test_it_sends_anonymous_visitors_to_sign_in(self):
        response = self.client.get("/accounts/profile/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])

    def test_it_shows_the_person_their_roles_and_no_token_yet(self):
        self.client.force_login(self.hoa)
        response = self.client.get("/accounts/profile/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["roles"][0]["agency"], self.agency)
        self.assertEqual(list(response.context["tokens"]), [])
        self.assertContains(response, "Chuyên viên")
        self.assertContains(response, "Bạn chưa có token API")

    def test_the_pages_are_never_stored_in_a_cache(self):
        self.client.force_login(self.hoa)
        for response in (self.client.get("/accounts/profile/"), self.create()):
            self.assertIn("no-store", response["Cache-Control"])

    def test_the_key_is_shown_once_then_never_again(self):
        self.client.force_login(self.hoa)
        response = self.create(days=180)
        self.assertEqual(response.status_code, 200)
        key = response.context["issued"].key
        self.assertContains(response, key)
        self.assertContains(response, "chỉ hiển thị một lần")
        token = ApiToken.objects.get(user=self.hoa)
        self.assertEqual(token.name, "Kết nối phần mềm một cửa")
        self.assertEqual((token.expires_at - token.created_at).days, 180)
        later = self.client.get("/accounts/profile/")
        self.assertNotContains(later, key)
        self.assertNotContains(later, key[len(token.prefix) :])
        self.assertContains(later, "Kết nối phần mềm một cửa")
        self.assertContains(later, token.prefix)

    def test_a_token_without_a_name_or_with_an_unknown_lifetime_is_refused(self):
        self.client.force_login(self.hoa)
        self.assertContains(self.create(name=""), "Trường này là bắt buộc")
        self.assertEqual(self.create(days=3650).status_code, 200)
        self.assertFalse(ApiToken.objects.exists())

    def test_the_list_shows_name_dates_and_last_use(self):
        with time_machine.travel("2026-06-30 09:00 +07:00", tick=False):
            issued = token_issue(user=self.hoa, name="Công cụ báo cáo", days=30)
            self.client.get(AGENCIES, **auth(issued.key))
        self.client.force_login(self.hoa)
        with time_machine.travel("2026-08-01 09:00 +07:00", tick=False):
            response = self.client.get("/accounts/profile/")
        self.assertContains(response, "Công cụ báo cáo")
        self.assertContains(response, "30/06/2026")  # created
        self.assertContains(response, "30/07/2026")  # expires
        self.assertContains(response, "30/06/2026 09:00")  # last used
        self.assertContains(response, "Đã hết hạn")

    def test_tokens_are_revoked_one_by_one(self):
        self.client.force_login(self.hoa)
        one_stop = token_issue(user=self.hoa, name="Kết nối phần mềm một cửa")
        reports = token_issue(user=self.hoa, name="Công cụ báo cáo")
        url = f"/accounts/profile/tokens/{one_stop.token.pk}/revoke/"
        listed = self.client.post(url, follow=True)
        self.assertRedirects(listed, "/accounts/profile/")
        self.assertContains(listed, "Token “Kết nối phần mềm một cửa” đã được thu hồi")
        self.assertEqual(list(listed.context["tokens"]), [reports.token])
        self.assertEqual(self.client.get(AGENCIES, **auth(one_stop.key)).status_code, 401)
        self.assertEqual(self.client.get(AGENCIES, **auth(reports.key)).status_code, 200)
        # Revoking again finds nothing to revoke.
        self.assertEqual(self.client.post(url).status_code, 404)

    def test_another_persons_token_is_a_404(self):
        theirs = token_issue(user=self.binh, name="Máy chủ của Bình")
        self.client.force_login(self.hoa)
        response = self.client.post(f"/accounts/profile/tokens/{theirs.token.pk}/revoke/")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.client.get(AGENCIES, **auth(theirs.key)).status_code, 200)
        self.assertNotContains(self.client.get("/accounts/profile/"), "Máy chủ của Bình")

    def test_it_changes_nothing_on_get(self):
        token = token_issue(user=self.hoa, name="Báo cáo").token
        self.client.force_login(self.hoa)
        self.assertEqual(self.client.get("/accounts/profile/tokens/").status_code, 405)
        revoke = f"/accounts/profile/tokens/{token.pk}/revoke/"
        self.assertEqual(self.client.get(revoke).status_code, 405)
        self.assertEqual(ApiToken.objects.usable().count(), 1)

    def test_the_list_costs_the_same_queries_however_many_tokens(self):
        self.client.force_login(self.hoa)
        token_issue(user=self.hoa, name="Một")
        few = count_queries(lambda: self.client.get("/accounts/profile/"))
        for index in range(5):
            token_issue(user=self.hoa, name=f"Hệ thống {index}")
        self.assertEqual(count_queries(lambda: self.client.get("/accounts/profile/")), few)
