from django.test import TestCase, override_settings
from django.urls import reverse

from qms.agencies.models import SignInFailure
from qms.agencies.roles import Role
from tests.helpers import count_queries, make_agency, make_user


class SignInTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        # Lan, ISO secretary, signs in with her password.
        cls.lan = make_user(
            "Nguyễn Thị Lan",
            cls.agency,
            [Role.ISO_SECRETARY],
            username="lan.tk",
            password="Qms-an-toan-2026",
        )

    def _sign_in(self, password):
        return self.client.post(reverse("login"), {"username": "lan.tk", "password": password})

    def test_the_sign_in_page_speaks_vietnamese(self):
        response = self.client.get(reverse("login"))
        self.assertContains(response, "Đăng nhập QMS")
        self.assertContains(response, 'lang="vi"')
        self.assertContains(response, "csrfmiddlewaretoken")

    def test_a_right_password_opens_my_tasks(self):
        response = self._sign_in("Qms-an-toan-2026")
        self.assertRedirects(response, reverse("home"))

    def test_a_wrong_password_gets_a_clear_vietnamese_message(self):
        response = self._sign_in("sai-mat-khau")
        self.assertContains(response, "Tên đăng nhập hoặc mật khẩu không đúng")
        self.assertEqual(SignInFailure.objects.filter(username="lan.tk").count(), 1)

    @override_settings(SIGNIN_MAX_FAILURES=3)
    def test_repeated_failures_are_slowed_down_even_with_the_right_password(self):
        for _attempt in range(3):
            self._sign_in("sai-mat-khau")
        response = self._sign_in("Qms-an-toan-2026")
        self.assertContains(response, "Bạn đã đăng nhập sai quá nhiều lần", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_success_forgets_earlier_failures(self):
        self._sign_in("sai-mat-khau")
        self._sign_in("Qms-an-toan-2026")
        self.assertFalse(SignInFailure.objects.filter(username="lan.tk").exists())

    def test_sign_out_is_a_post(self):
        self.client.force_login(self.lan)
        self.assertEqual(self.client.get(reverse("logout")).status_code, 405)
        self.assertRedirects(self.client.post(reverse("logout")), reverse("login"))

    def test_password_change_in_vietnamese(self):
        self.client.force_login(self.lan)
        url = reverse("password_change")
        self.assertContains(self.client.get(url), "Đổi mật khẩu")
        response = self.client.post(
            url,
            {
                "old_password": "Qms-an-toan-2026",
                "new_password1": "Mat-khau-moi-2027",
                "new_password2": "Mat-khau-moi-2027",
            },
        )
        self.assertRedirects(response, reverse("password_change_done"))
        self.lan.refresh_from_db()
        self.assertTrue(self.lan.check_password("Mat-khau-moi-2027"))


class ShellTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.sotp = make_agency("Sở Tư pháp", short_name="Sở Tư pháp")
        cls.ward = make_agency("UBND phường Xuân Hương - Đà Lạt", level="commune")
        # Yến works in two places: administrator of the ward, auditor at Sở Tư pháp.
        cls.yen = make_user("Bùi Thị Hải Yến", cls.ward, [Role.ADMIN])
        from qms.agencies.services import agency_roles_assign

        agency_roles_assign(agency=cls.sotp, user=cls.yen, roles=[Role.AUDITOR])
        # Hoa, staff of Sở Tư pháp only.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.sotp, [Role.STAFF])
        # Khách, an account nobody has given a role yet.
        cls.khach = make_user("Người Mới", None, [])

    def test_home_asks_anonymous_people_to_sign_in(self):
        response = self.client.get(reverse("home"))
        self.assertRedirects(response, reverse("login") + "?next=/")

    def test_a_person_without_membership_sees_a_clear_page(self):
        self.client.force_login(self.khach)
        response = self.client.get(reverse("home"))
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "Bạn chưa thuộc cơ quan nào", status_code=403)
        response = self.client.get(reverse("agencies:member-list"))
        self.assertContains(response, "Bạn chưa thuộc cơ quan nào", status_code=403)

    def test_my_tasks_shows_the_agency_and_my_roles(self):
        self.client.force_login(self.hoa)
        response = self.client.get(reverse("home"))
        self.assertContains(response, "Việc của tôi")
        self.assertContains(response, "Sở Tư pháp")
        self.assertContains(response, "Cán bộ, công chức")

    def test_navigation_shows_only_what_the_person_may_use(self):
        self.client.force_login(self.hoa)
        response = self.client.get(reverse("home"))
        self.assertNotContains(response, reverse("agencies:member-list"))
        self.client.force_login(self.yen)
        self.client.post(reverse("agencies:agency-switch"), {"agency": self.ward.pk})
        response = self.client.get(reverse("home"))
        self.assertContains(response, reverse("agencies:member-list"))

    def test_the_switcher_changes_the_current_agency(self):
        self.client.force_login(self.yen)
        response = self.client.get(reverse("home"))
        self.assertContains(response, 'name="agency"')
        self.client.post(reverse("agencies:agency-switch"), {"agency": self.sotp.pk})
        response = self.client.get(reverse("home"))
        self.assertEqual(response.context["agency"], self.sotp)
        # At Sở Tư pháp Yến is an auditor, not an administrator.
        self.assertEqual(self.client.get(reverse("agencies:member-list")).status_code, 403)

    def test_the_switcher_refuses_an_agency_of_which_one_is_not_a_member(self):
        self.client.force_login(self.hoa)
        response = self.client.post(reverse("agencies:agency-switch"), {"agency": self.ward.pk})
        self.assertEqual(response.status_code, 404)

    def test_the_switcher_does_not_redirect_off_site(self):
        self.client.force_login(self.yen)
        response = self.client.post(
            reverse("agencies:agency-switch"),
            {"agency": self.sotp.pk, "next": "https://example.com/"},
        )
        self.assertRedirects(response, reverse("home"))

    def test_the_language_switcher_turns_the_interface_english(self):
        self.client.force_login(self.hoa)
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        response = self.client.get(reverse("home"))
        self.assertContains(response, "My tasks")
        self.assertContains(response, 'lang="en"')
        self.assertContains(response, "Tiếng Việt")

    def test_every_page_sends_a_content_security_policy(self):
        response = self.client.get(reverse("login"))
        policy = response["Content-Security-Policy"]
        self.assertIn("default-src 'self'", policy)
        self.assertIn("script-src 'self'", policy)
        self.assertNotIn("unsafe-inline", policy)

    def test_bootstrap_is_served_by_the_app_itself(self):
        response = self.client.get(reverse("login"))
        self.assertContains(response, "/static/bootstrap/css/bootstrap.min.css")
        self.assertNotContains(response, "cdn")

    def test_dates_are_written_the_vietnamese_way(self):
        from datetime import date

        from django.template import Context, Template

        rendered = Template("{{ d|date:'SHORT_DATE_FORMAT' }}").render(
            Context({"d": date(2026, 11, 25)})
        )
        self.assertEqual(rendered, "25/11/2026")

    def test_home_query_count_does_not_grow_with_memberships(self):
        self.client.force_login(self.yen)
        self.client.post(reverse("agencies:agency-switch"), {"agency": self.ward.pk})
        few = count_queries(lambda: self.client.get(reverse("home")))
        for index in range(8):
            extra = make_agency(f"Chi cục {index}")
            from qms.agencies.services import agency_roles_assign

            agency_roles_assign(agency=extra, user=self.yen, roles=[Role.STAFF])
        self.assertEqual(count_queries(lambda: self.client.get(reverse("home"))), few)


class LanguageTests(TestCase):
    def test_vietnamese_is_spoken_even_to_an_english_browser(self):
        response = self.client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        self.assertContains(response, "Đăng nhập QMS")
        self.assertEqual(response["Content-Language"], "vi")

    def test_an_unknown_language_cookie_falls_back_to_vietnamese(self):
        self.client.cookies["django_language"] = "fr"
        self.assertContains(self.client.get(reverse("login")), "Đăng nhập QMS")
