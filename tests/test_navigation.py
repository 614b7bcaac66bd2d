"""The main navigation: a few menus, each showing only the entries a person's roles allow; a
menu with one entry becomes a plain link, a menu with none disappears; the section one is in
marks its menu and its entry; the navigation costs no query."""

import re
from unittest import mock

from django.test import TestCase
from django.urls import reverse

from qms import navigation
from qms.agencies.permissions import agency_permissions
from qms.agencies.roles import Role
from tests.helpers import count_queries, make_agency, make_province, make_user
from tests.navigation import navigation_of


def urls(*names: str) -> list[str]:
    return [reverse(name) for name in names]


DOCUMENTS = urls("documents:register", "documents:external-list", "documents:record-register")
QUALITY = urls("audits:nonconformity-list", "audits:programme-list", "audits:dashboard")
SATISFACTION = reverse("audits:satisfaction-results")
REPORTS = urls(
    "monitoring:announcement-list",
    "monitoring:my-reports",
    "monitoring:recommendation-list",
    "monitoring:inspection-results",
    "trail",
)
SUPERVISION = urls(
    "monitoring:dashboard", "monitoring:inspection-plan-list", "monitoring:report-overview", "trail"
)
ADMINISTRATION = urls("agencies:member-list", "agencies:unit-list")


class NavigationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("Ủy ban nhân dân tỉnh Lâm Đồng")
        cls.agency = make_agency("Sở Tư pháp", province=cls.province)
        # Lan, ISO secretary of Sở Tư pháp.
        cls.secretary = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY])
        # Hùng, drafter of Sở Tư pháp.
        cls.drafter = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER])
        # Hoa, staff of Sở Tư pháp.
        cls.staff = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
        # Minh, leader of Sở Tư pháp who approves.
        cls.approver = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])
        # Thảo, internal auditor of Sở Tư pháp.
        cls.auditor = make_user("Võ Thị Thảo", cls.agency, [Role.AUDITOR])
        # Quân, administrator of Sở Tư pháp: members, units and roles.
        cls.admin = make_user("Hoàng Minh Quân", cls.agency, [Role.ADMIN])
        # Tuấn, supervisor of the province at the Sở KH&CN.
        cls.supervisor = make_user("Ngô Anh Tuấn", cls.province, [Role.SUPERVISOR])
        # Nga, supervisor who is also the ISO secretary of the province's own office.
        cls.both = make_user("Lê Thu Nga", cls.province, [Role.SUPERVISOR, Role.ISO_SECRETARY])

    def navigation(self, person, url_name: str = "home"):
        self.client.force_login(person)
        response = self.client.get(reverse(url_name))
        self.assertEqual(response.status_code, 200)
        return navigation_of(response)

    def test_each_role_sees_exactly_the_menus_its_permissions_allow(self):
        home = urls("home")
        expected = {
            "secretary": (
                home,
                {"documents": DOCUMENTS, "quality": QUALITY + [SATISFACTION], "reports": REPORTS},
            ),
            "drafter": (home, {"documents": DOCUMENTS, "quality": QUALITY}),
            "staff": (home, {"documents": DOCUMENTS, "quality": QUALITY}),
            # The approver's only report is the inspection results: a plain link, no menu.
            "approver": (
                home + urls("monitoring:inspection-results"),
                {"documents": DOCUMENTS, "quality": QUALITY + [SATISFACTION]},
            ),
            "auditor": (home, {"documents": DOCUMENTS, "quality": QUALITY + [SATISFACTION]}),
            "admin": (
                home,
                {"documents": DOCUMENTS, "quality": QUALITY, "administration": ADMINISTRATION},
            ),
            "supervisor": (
                home,
                {
                    "documents": DOCUMENTS,
                    "quality": QUALITY + [SATISFACTION],
                    "supervision": SUPERVISION,
                },
            ),
        }
        for persona, (links, menus) in expected.items():
            with self.subTest(persona):
                shown = self.navigation(getattr(self, persona))
                self.assertEqual(shown.links, links)
                self.assertEqual(shown.menus, menus)
                self.assertEqual(list(shown.menus), list(menus))  # in the navigation's order

    def test_an_entry_in_two_menus_shows_once_to_a_person_allowed_both(self):
        shown = self.navigation(self.both)
        self.assertEqual(shown.urls.count(reverse("trail")), 1)
        self.assertEqual(shown.menus["reports"], REPORTS)
        self.assertEqual(shown.menus["supervision"], SUPERVISION[:-1])

    def test_the_section_one_is_in_marks_its_menu_and_its_entry(self):
        shown = self.navigation(self.secretary, "documents:external-list")
        self.assertEqual(shown.active_menus, ["documents"])
        self.assertEqual(shown.current, urls("documents:external-list"))
        shown = self.navigation(self.supervisor, "trail")
        self.assertEqual(shown.active_menus, ["supervision"])
        self.assertEqual(shown.current, urls("trail"))
        shown = self.navigation(self.approver, "monitoring:inspection-results")
        self.assertEqual(shown.active_menus, [])
        self.assertEqual(shown.current, urls("monitoring:inspection-results"))

    def test_my_tasks_marks_no_menu(self):
        shown = self.navigation(self.secretary)
        self.assertEqual(shown.active_menus, [])
        self.assertEqual(shown.current, urls("home"))

    def test_anonymous_people_get_no_navigation(self):
        self.assertEqual(navigation_of(self.client.get(reverse("login"))).urls, [])

    def test_the_navigation_needs_no_inline_script_or_style(self):
        self.client.force_login(self.secretary)
        page = self.client.get(reverse("documents:register")).content.decode()
        self.assertNotIn(" style=", page)
        self.assertEqual(re.findall(r"<script(?![^>]*\ssrc=)", page), [])

    def test_the_navigation_costs_no_query(self):
        self.client.force_login(self.secretary)
        url = reverse("documents:register")
        with_navigation = count_queries(lambda: self.client.get(url))
        with mock.patch.object(navigation, "NAVIGATION", []):
            self.assertEqual(count_queries(lambda: self.client.get(url)), with_navigation)
        perms = agency_permissions(self.secretary, self.agency)
        with self.assertNumQueries(0):
            navigation.navigation_for(perms, None)
