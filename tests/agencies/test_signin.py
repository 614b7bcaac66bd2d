"""Sign-in throttling hurts the attacker, not the victim: an address that keeps guessing
waits, while the account's owner signs in from anywhere else."""

import time_machine
from django.test import TestCase, override_settings
from django.urls import reverse

from qms.agencies.models import SignInFailure
from qms.agencies.roles import Role
from tests.helpers import count_queries, make_agency, make_user

PASSWORD = "Qms-an-toan-2026"
ATTACKER = "203.0.113.66"
OFFICE = "10.20.30.40"


@override_settings(
    SIGNIN_MAX_FAILURES=5,
    SIGNIN_ADDRESS_MAX_FAILURES=20,
    SIGNIN_ACCOUNT_SLOWDOWN_FAILURES=50,
    SIGNIN_WINDOW_MINUTES=15,
    BEHIND_HTTPS_PROXY=False,
)
class SignInThrottlingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp", code="sotp")
        # Minh, approver of the agency, whose username follows the public pattern.
        cls.minh = make_user(
            "Phạm Văn Minh",
            cls.agency,
            [Role.APPROVER],
            username="approver.sotp",
            password=PASSWORD,
        )
        # Hoa, staff of the agency, who signs in from the same office as Minh.
        cls.hoa = make_user(
            "Đỗ Thị Hoa", cls.agency, [Role.STAFF], username="hoa.cb", password=PASSWORD
        )

    def sign_in(self, password, *, username="approver.sotp", address=ATTACKER, **headers):
        self.client.logout()
        return self.client.post(
            reverse("login"),
            {"username": username, "password": password},
            REMOTE_ADDR=address,
            **headers,
        )

    def guess(self, times, *, username="approver.sotp", address=ATTACKER):
        for attempt in range(times):
            self.sign_in(f"doan-mo-{attempt}", username=username, address=address)

    def assertSignedIn(self, response):
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)

    def test_an_attacker_cannot_keep_the_owner_out(self):
        with time_machine.travel("2026-12-31 16:00 +07:00", tick=False):
            self.guess(60)
            self.assertSignedIn(self.sign_in(PASSWORD, address=OFFICE))

    def test_the_attackers_address_waits_after_five_failures_even_with_the_right_password(self):
        with time_machine.travel("2026-06-30 08:00 +07:00", tick=False):
            self.guess(4)
            self.assertContains(self.sign_in("sai-mat-khau"), "không đúng")  # the fifth
            response = self.sign_in(PASSWORD)
        self.assertContains(response, "Bạn đã đăng nhập sai quá nhiều lần", status_code=429)
        self.assertContains(response, "15 phút", status_code=429)
        self.assertContains(response, "không bị khóa", status_code=429)
        self.assertEqual(response["Retry-After"], "901")
        self.assertNotIn("_auth_user_id", self.client.session)
        # The page is still the sign-in form, with the name kept.
        self.assertContains(response, 'name="password"', status_code=429)

    def test_the_wait_ends_when_the_oldest_failure_leaves_the_window(self):
        with time_machine.travel("2026-02-28 08:00 +07:00", tick=False):
            self.guess(1)
        with time_machine.travel("2026-02-28 08:10 +07:00", tick=False):
            self.guess(4)
            self.assertEqual(self.sign_in(PASSWORD).status_code, 429)
        with time_machine.travel("2026-02-28 08:14 +07:00", tick=False):
            response = self.sign_in(PASSWORD)
        self.assertContains(response, "1 phút", status_code=429)
        with time_machine.travel("2026-02-28 08:15:01 +07:00", tick=False):
            self.assertSignedIn(self.sign_in(PASSWORD))

    def test_another_account_from_the_waiting_address_is_not_affected_below_its_limit(self):
        with time_machine.travel("2026-11-30 08:00 +07:00", tick=False):
            self.guess(5)
            self.assertSignedIn(self.sign_in(PASSWORD, username="hoa.cb"))

    def test_an_address_guessing_many_accounts_waits_for_every_account(self):
        with time_machine.travel("2026-11-30 08:00 +07:00", tick=False):
            for index in range(20):
                self.guess(1, username=f"approver.so{index}")
            response = self.sign_in(PASSWORD, username="hoa.cb")
            self.assertContains(response, "từ địa chỉ mạng của bạn", status_code=429)
            self.assertNotContains(response, "không bị khóa", status_code=429)
            # The office is another address.
            self.assertSignedIn(self.sign_in(PASSWORD, username="hoa.cb", address=OFFICE))

    def test_a_success_forgets_that_address_failures_for_that_account_only(self):
        with time_machine.travel("2026-01-01 00:05 +07:00", tick=False):
            self.guess(4, address=OFFICE)
            self.guess(3)
            self.assertSignedIn(self.sign_in(PASSWORD, address=OFFICE))
            self.assertFalse(
                SignInFailure.objects.filter(username="approver.sotp", ip_address=OFFICE).exists()
            )
            self.assertEqual(SignInFailure.objects.filter(ip_address=ATTACKER).count(), 3)
            # The owner mistyping again starts from zero: five more tries.
            self.guess(4, address=OFFICE)
            self.assertSignedIn(self.sign_in(PASSWORD, address=OFFICE))

    def test_guessing_from_many_addresses_leaves_each_one_try_but_the_owner_gets_in(self):
        with time_machine.travel("2026-12-31 23:50 +07:00", tick=False):
            for index in range(50):
                self.guess(1, address=f"198.51.100.{index}")
            # A machine that already failed once must now wait …
            self.assertEqual(self.sign_in(PASSWORD, address="198.51.100.7").status_code, 429)
            # … while the owner's first try from the office goes through.
            self.assertSignedIn(self.sign_in(PASSWORD, address=OFFICE))

    def test_usernames_are_counted_whatever_their_case(self):
        with time_machine.travel("2026-06-30 08:00 +07:00", tick=False):
            self.guess(3, username="Approver.SOTP")
            self.guess(2)
            self.assertEqual(self.sign_in(PASSWORD).status_code, 429)

    def test_old_failures_are_deleted_when_new_ones_are_recorded(self):
        with time_machine.travel("2026-02-28 08:00 +07:00", tick=False):
            self.guess(3)
        with time_machine.travel("2026-03-01 08:00 +07:00", tick=False):
            self.guess(1, address=OFFICE)
        self.assertEqual(SignInFailure.objects.count(), 1)

    def test_the_checks_cost_the_same_queries_however_many_failures(self):
        with time_machine.travel("2026-06-30 08:00 +07:00", tick=False):
            self.guess(2, address=OFFICE)
            few = count_queries(lambda: self.sign_in("sai-mat-khau", address="192.0.2.1"))
            self.guess(40, username="khach")
            self.guess(40)
            many = count_queries(lambda: self.sign_in("sai-mat-khau", address="192.0.2.2"))
            self.assertEqual(many, few)

    @override_settings(BEHIND_HTTPS_PROXY=True)
    def test_behind_the_proxy_the_address_it_appended_counts_not_the_ones_sent(self):
        with time_machine.travel("2026-06-30 08:00 +07:00", tick=False):
            for attempt in range(5):
                # The attacker varies the start of the header; the proxy appends his address.
                forwarded = f"10.0.0.{attempt}, {ATTACKER}"
                self.sign_in("sai", address="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
            response = self.sign_in(
                PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR=f"10.9.9.9, {ATTACKER}"
            )
            self.assertEqual(response.status_code, 429)
            self.assertSignedIn(
                self.sign_in(PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR=OFFICE)
            )

    def test_without_a_proxy_the_forwarded_header_is_ignored(self):
        with time_machine.travel("2026-06-30 08:00 +07:00", tick=False):
            for attempt in range(5):
                self.sign_in("sai", HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}")
            self.assertEqual(self.sign_in(PASSWORD, HTTP_X_FORWARDED_FOR=OFFICE).status_code, 429)
