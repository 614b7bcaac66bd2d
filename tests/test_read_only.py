"""Read-only roles write nothing.

Every page of the URL configuration (walked as tests/test_isolation.py walks it, over the same
agency A) is opened and then posted, as the province's supervisor and as the Ministry's: every
form a page shows is filled with plausible values and sent to its action, and every address is
also posted on its own. Before and after each request, every table of the database is counted;
at the end of each walk every row is compared. Nothing may change but the session, and, for the
province's supervisor, the Sở KH&CN's own supervision records (its inspections, report forms,
framework lists and its recommendations to an agency): never an agency's data.
"""

import re
from html.parser import HTMLParser

from django.test import TestCase
from django.urls import reverse

from documents.models import ChangeRequest
from qms.monitoring.models import Recommendation
from tests import test_isolation as isolation
from tests.snapshots import changed, contents, counts, tables

# Tables a request may touch whoever makes it: the session and sign-in bookkeeping.
BOOKKEEPING = frozenset({"sessions.Session", "qms.SignInFailure"})
# The Sở KH&CN's own records, which its supervisors keep (roles.py): never an agency's data.
PROVINCE_RECORDS = frozenset(
    f"monitoring.{name}"
    for model in (
        "InspectionPlan",
        "Inspection",
        "InspectionCheck",
        "InspectionFinding",
        "ReportTemplate",
        "FrameworkProcedure",
        "Recommendation",
    )
    for name in (model, f"Historical{model}")
) | {"monitoring.InspectionPlan_team"}
# The person's own account, not an agency's data: signing out, the language, their profile, API
# tokens and invitations addressed to them (an agency administrator cannot invite a supervisor).
OWN_ACCOUNT = re.compile(
    r"^(logout|login|set_language|profile.*|agencies:(profile-.*|invitation-.*|agency-switch))$"
)

TEXT = "Nội dung kiểm tra chỉ đọc"


class FormHarvester(HTMLParser):
    """The POST forms of a page, each as (action, fields) with plausible values: what is
    selected or checked, else the first choice; text fields filled with words, dates with a
    day of the year, numbers with 1."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict]] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                self._form = {"action": attrs.get("action") or "", "fields": {}}
            return
        if self._form is None:
            return
        fields = self._form["fields"]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    fields.setdefault(name, attrs.get("value") or "on")
            elif kind not in ("file", "submit", "button", "reset", "image"):
                fields[name] = attrs.get("value") or plausible(name, kind)
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if value and (self._select not in fields or "selected" in attrs):
                fields[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = TEXT

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._form is not None:
            self.forms.append((self._form["action"], self._form["fields"]))
            self._form = None


def plausible(name: str, kind: str) -> str:
    if kind == "number" or name.endswith(("year", "order", "number_of")):
        return "2026" if name.endswith("year") else "1"
    if kind == "date" or name.endswith(("_on", "date", "deadline", "start", "end")):
        return "15/06/2026"
    if kind == "email":
        return "kiem.tra@example.gov.vn"
    return TEXT


def forms_of(response) -> list[tuple[str, dict]]:
    content_type = response.get("Content-Type", "")
    if response.status_code != 200 or not content_type.startswith("text/html"):
        return []
    harvester = FormHarvester()
    harvester.feed(response.content.decode(errors="replace"))
    return harvester.forms


def isolation_world(cls):
    """Give ``cls`` the world of the isolation walk (its ``setUpTestData``, builders and
    ``url_for``) without its tests: agency A with an object of every kind, its province's
    supervisor Tuấn (``supervisor``) and the Ministry's supervisor Hưng (``national``)."""
    for name, value in isolation.IsolationTests.__dict__.items():
        if not name.startswith(("test_", "__")) and name != "tearDownClass":
            setattr(cls, name, value)
    return cls


@isolation_world
class ReadOnlyWalkTests(TestCase):
    @classmethod
    def tearDownClass(cls):
        cls.objects["draft_with_file"].source_file.delete(save=False)
        cls.objects["announcement"].file.delete(save=False)
        super().tearDownClass()

    def walk(self, person, allowed: frozenset[str]):
        """Open and post every page as ``person``; fail naming the request and the table when
        anything outside ``allowed`` changes."""
        self.client.force_login(person)
        watched = tables(exclude=BOOKKEEPING | allowed)
        rows_before = contents(watched)
        before = counts(watched)
        seen_forms = set()
        for route, name in isolation.pages():
            if OWN_ACCOUNT.match(name or ""):
                continue
            url = self.url_for(route, name)
            posts = [(url, {})]
            for action, fields in forms_of(self.client.get(url)):
                target = action if action.startswith("/") else url
                key = (target, tuple(sorted(fields)))
                if key not in seen_forms and not OWN_ACCOUNT.match(_name_of(target)):
                    seen_forms.add(key)
                    posts.append((target, fields))
            after = counts(watched)
            self.assertEqual(changed(before, after), [], f"GET {url} ({name})")
            for target, data in posts:
                response = self.client.post(target, data)
                self.assertNotEqual(response.status_code, 500, f"POST {target}")
                after = counts(watched)
                self.assertEqual(changed(before, after), [], f"POST {target} ({name}) {data}")
        self.assertEqual(changed(rows_before, contents(watched)), [], "a row changed in place")

    def test_the_province_supervisor_changes_no_agency_data(self):
        self.walk(self.supervisor, PROVINCE_RECORDS)

    def test_the_ministry_supervisor_changes_nothing(self):
        self.walk(self.national, frozenset())

    def test_a_supervisor_may_not_request_a_change(self):
        url = reverse("documents:changerequest-create", args=[self.objects["document"].pk])
        for person in (self.supervisor, self.national):
            with self.subTest(person=person.full_name):
                self.client.force_login(person)
                self.assertEqual(self.client.get(url).status_code, 403)
                response = self.client.post(url, {"reason": "Sở yêu cầu sửa"})
                self.assertEqual(response.status_code, 403)
                page = self.client.get(
                    reverse("documents:document-detail", args=[self.objects["document"].pk])
                )
                self.assertNotContains(page, url)
        self.assertEqual(ChangeRequest.objects.count(), 1)  # the fixture's own

    def test_the_ministry_is_offered_no_province_work(self):
        self.client.force_login(self.national)
        for name in ("monitoring:inspection-plan-create", "monitoring:framework-edit"):
            with self.subTest(name):
                self.assertEqual(self.client.get(reverse(name)).status_code, 403)
        page = self.client.get(reverse("monitoring:national")).content.decode()
        for name in ("monitoring:inspection-plan-create", "monitoring:framework-edit"):
            self.assertNotIn(f'href="{reverse(name)}', page)
        menu = self.client.get(reverse("monitoring:national"))
        self.assertNotContains(menu, reverse("monitoring:inspection-plan-list"))

    def test_the_province_supervisor_records_a_recommendation(self):
        agency = self.objects["agency"]
        url = reverse("monitoring:agency-recommendation-create", args=[agency.pk])
        self.client.force_login(self.supervisor)
        self.assertContains(
            self.client.get(reverse("monitoring:agency-detail", args=[agency.pk])), url
        )
        response = self.client.post(url, {"text": "Đề nghị rà soát quy trình tiếp nhận."})
        self.assertRedirects(response, reverse("monitoring:agency-detail", args=[agency.pk]))
        recommendation = Recommendation.objects.get()
        self.assertEqual(recommendation.agency, agency)
        self.assertEqual(recommendation.created_by, self.supervisor)
        self.assertEqual(recommendation.history.get().history_user, self.supervisor)
        # The national supervisor reads the agency but recommends nothing.
        self.client.force_login(self.national)
        self.assertEqual(self.client.post(url, {"text": "Không được"}).status_code, 403)


def _name_of(path: str) -> str:
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return ""
    return match.view_name
