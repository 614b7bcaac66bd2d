"""Every page of the project, walked from the URL configuration, as every kind of visitor.

A new page is covered automatically: if it takes an object id, OBJECT_FOR must say which
object of agency A to open, or the test fails naming it. For each page and visitor the test
checks the status (sign-in for anonymous visitors; 404 for another agency's object; never a 404
or a 500 for A's own people) and that no title of A's data appears in another agency's page.
"""

import re
from datetime import date, time, timedelta
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from audits.models import FindingEvidence
from audits.services.audit_plans import schedule_item_add
from audits.services.checklists import checklist_item_add
from audits.services.context import context_issue_save, interested_party_save
from audits.services.findings import finding_record
from audits.services.objectives import objective_save
from audits.services.planned_changes import planned_change_save
from audits.services.remote import finding_evidence_add
from audits.services.reviews import review_create
from audits.services.risks import risk_save
from audits.services.satisfaction import survey_create_default
from audits.services.satisfaction_answers import response_submit
from audits.services.transition import transition_plan
from documents.services.changes import change_request_create
from documents.services.external import external_document_save
from documents.services.revisions import revision_attach_file
from qms.agencies.invitations import member_add_existing
from qms.agencies.roles import Role
from qms.api.tokens import token_issue
from qms.lib.jobs.models import Export
from qms.monitoring.selectors.reports import default_fields
from qms.monitoring.services import inspections, reports
from qms.monitoring.services.announcements import announcement_record
from tests.helpers import (
    make_agency,
    make_document,
    make_document_type,
    make_effective_document,
    make_ministry,
    make_notified_audit,
    make_pdf,
    make_planned_nonconformity,
    make_province,
    make_unit,
    make_user,
)

# Pages anyone may open without signing in.
PUBLIC = {"login", "set_language", "verify"}
# The public procedure portal and its open data.
PUBLIC |= {
    "portal:index",
    "portal:agency",
    "portal:agency-json",
    "portal:agency-csv",
    "portal:province-json",
    "portal:province-csv",
    "portal:copy",
}
# The citizen satisfaction survey.
PUBLIC |= {"survey-answer", "survey-thanks"}
# Pages outside the product's own screens: Django's admin has its own staff check; the API
# answers 401 rather than a sign-in redirect and is walked from its router by
# tests/api/test_isolation.py.
SKIPPED_PREFIXES = ("admin/", "api/")

# URL name (regular expression) → the object of agency A whose id fills <pk> (or, for the
# public verification page, whose token fills <token>).
OBJECT_FOR = [
    (r"^verify$", "revision"),
    (r"^portal:copy$", "revision"),
    (r"^documents:revision-file$", "draft_with_file"),
    (r"^documents:(document-|changerequest-create$)", "document"),
    (r"^documents:revision-", "revision"),
    (r"^documents:changerequest-decide$", "change_request"),
    (r"^documents:external-", "external"),
    (r"^documents:type-", "document_type"),
    (r"^audits:(nonconformity-(?!list$|create$)|nonconformity-action-create$)", "nonconformity"),
    (r"^audits:action-(?!list$)", "action"),
    (r"^audits:objective-(?!list$|create$)", "objective"),
    (r"^audits:risk-(?!list$|create$)", "risk"),
    (r"^audits:review-(?!list$|create$)", "review"),
    (r"^audits:programme-(?!list$|create$)", "programme"),
    (r"^audits:audit-", "audit"),
    (r"^audits:team-", "assignment"),
    (r"^audits:schedule-", "schedule_item"),
    (r"^audits:checklistitem-", "checklist_item"),
    (r"^audits:finding-", "finding"),
    (r"^audits:evidence-", "evidence"),
    (r"^audits:context-issue-", "context_issue"),
    (r"^audits:context-party-", "interested_party"),
    (r"^audits:transition-item$", "transition_item"),
    (r"^audits:planned-change-(?!create$)", "planned_change"),
    (r"^survey-", "survey_public"),
    (r"^audits:satisfaction-survey-", "survey"),
    (r"^audits:satisfaction-response-", "survey_response"),
    (r"^agencies:member-", "member"),
    (r"^agencies:invitation-", "invitation"),
    (r"^agencies:unit-", "unit"),
    (r"^monitoring:announcement-", "announcement"),
    (r"^monitoring:agency-", "agency"),
    (r"^monitoring:national-province", "agency"),
    (r"^monitoring:inspection-plan-(?!list$|create$)", "inspection_plan"),
    (r"^monitoring:inspection-(detail|checklist|finding-create)$", "inspection"),
    (r"^monitoring:report-(detail|edit|submit|return)$", "annual_report"),
    (r"^trail-agency", "agency"),
    (r"^export-", "export"),
    (r"^profile-token-revoke$", "api_token"),
    (r"^audits:programme-history", "programme"),
    (r"^audits:audit-history", "audit"),
    (r"^audits:finding-history", "finding"),
    (r"^audits:satisfaction-survey-history", "survey"),
    (r"^monitoring:announcement-history", "announcement"),
    (r"^monitoring:inspection-plan-history", "inspection_plan"),
    (r"^monitoring:inspection-history", "inspection"),
    (r"^monitoring:report-history", "annual_report"),
]
# A person's own export (the trail written by the queue): everyone else, A's people
# included, gets a 404; test_an_export_opens_for_its_owner_only.
OWNER_ONLY = {"export-detail", "export-status", "export-file"}
# A's data that must never appear on another agency's pages.
SECRETS = [
    "Quy trình niêm phong kho lưu trữ",
    "Nghị định niêm phong 99/2099/NĐ-CP",
    "Phòng Niêm phong",
]


def walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(
                pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace
            )
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield prefix + str(pattern.pattern), name


def pages():
    return [
        (route, name)
        for route, name in walk(get_resolver().url_patterns)
        if not route.startswith(SKIPPED_PREFIXES)
    ]


class IsolationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("Ủy ban nhân dân tỉnh Lâm Đồng")
        cls.a = make_agency("Sở Tư pháp", province=cls.province)
        cls.b = make_agency("Sở Y tế", province=cls.province)
        cls.c = make_agency("Sở Tư pháp Khánh Hòa", province=make_province("UBND tỉnh Khánh Hòa"))
        # One person for each role of agency A.
        cls.people_of_a = {
            role: make_user(f"Người {role} của A", cls.a, [role])
            for role in Role
            if role != Role.SUPERVISOR
        }
        # The Sở KH&CN supervisor of A's province: reads A, never changes it.
        cls.supervisor = make_user("Ngô Anh Tuấn", cls.province, [Role.SUPERVISOR])
        # The Ministry's supervisor: reads every province, changes nothing.
        cls.national = make_user("Phạm Quang Hưng", make_ministry(), [Role.SUPERVISOR])
        # Outsiders who hold every role in their own agency: same province, other province.
        every_role = [role for role in Role if role != Role.SUPERVISOR]
        cls.outsiders = [
            make_user("Người của B", cls.b, every_role),
            make_user("Người của C", cls.c, every_role),
        ]
        drafter, reviewer = cls.people_of_a[Role.DRAFTER], cls.people_of_a[Role.REVIEWER]
        approver, secretary = cls.people_of_a[Role.APPROVER], cls.people_of_a[Role.ISO_SECRETARY]
        unit = make_unit(cls.a, SECRETS[2])
        make_document_type(cls.a)
        document = make_effective_document(
            cls.a, drafter=drafter, reviewer=reviewer, approver=approver, title=SECRETS[0]
        )
        cls.objects = {
            "document": document,
            "revision": document.effective_revision,
            "change_request": change_request_create(document=document, by=secretary, reason="Sửa"),
            "external": external_document_save(
                agency=cls.a, by=secretary, kind="decree", number="99/2099/NĐ-CP", title=SECRETS[1]
            ),
            "document_type": document.type,
            "member": cls.people_of_a[Role.STAFF],
            "unit": unit,
            "agency": cls.a,
            # The secretary's API token: nobody else may revoke it.
            "api_token": token_issue(user=secretary, name="Kết nối phần mềm một cửa").token,
            # The secretary's export of the trail: nobody else opens it.
            "export": Export.objects.create(owner=secretary, name="nhat-ky.xlsx"),
        }
        # A's invitation to a person of B who is not among the outsiders: only that person
        # answers it; to everyone else, A's people included, it is a 404.
        invited = make_user("Người được A mời", cls.b, [Role.STAFF])
        member_add_existing(
            agency=cls.a, by=cls.people_of_a[Role.ADMIN], username=invited.username, roles=["staff"]
        )
        cls.objects["invitation"] = invited.invitations.get()
        nonconformity, actions = make_planned_nonconformity(
            cls.a, secretary, [cls.people_of_a[Role.STAFF]], title="Sự không phù hợp niêm phong"
        )
        cls.objects["nonconformity"], cls.objects["action"] = nonconformity, actions[0]
        cls.objects["objective"] = objective_save(
            agency=cls.a,
            by=secretary,
            year=2026,
            title="Mục tiêu niêm phong",
            indicator="Tỷ lệ hồ sơ đúng hạn",
            unit_of_measure="%",
            target=95,
            direction="at_least",
            frequency="quarterly",
            responsible=secretary,
        )
        cls.objects["risk"] = risk_save(
            agency=cls.a,
            by=secretary,
            title="Rủi ro niêm phong",
            likelihood=3,
            impact=4,
            owner=secretary,
            unit=unit,
        )
        cls.objects["review"] = review_create(
            agency=cls.a,
            by=secretary,
            title="Xem xét của lãnh đạo năm 2026",
            held_on=date(2026, 12, 15),
            chair=approver,
        )
        cls.add_audit(secretary, approver, unit)
        survey = survey_create_default(agency=cls.a, by=secretary)
        cls.objects["survey"] = survey
        # The public survey pages take the survey's token where other pages take an id.
        cls.objects["survey_public"] = SimpleNamespace(
            pk=survey.pk, verification_token=survey.token
        )
        questions = survey.questions.order_by("position")
        cls.objects["survey_response"] = response_submit(
            survey=survey, values={q.pk: 1 for q in questions}, comment="Phòng Niêm phong chậm trễ"
        )
        cls.add_announcement(secretary, document)
        cls.add_supervision(secretary)
        draft = make_document(cls.a, drafter, "Dự thảo của A").revisions.get()
        upload = SimpleUploadedFile("du-thao.pdf", make_pdf())
        cls.objects["draft_with_file"] = revision_attach_file(
            revision=draft, by=drafter, upload=upload
        )

    @classmethod
    def add_audit(cls, secretary, approver, unit):
        auditor = cls.people_of_a[Role.AUDITOR]
        audit = make_notified_audit(
            cls.a,
            secretary=secretary,
            approver=approver,
            lead=auditor,
            auditee=cls.people_of_a[Role.STAFF],
            units=[unit],
            title="Đánh giá niêm phong",
        )
        item = checklist_item_add(audit=audit, by=auditor, question="Kiểm tra sổ niêm phong")
        cls.objects |= {
            "programme": audit.programme,
            "audit": audit,
            "assignment": audit.team.get(),
            "schedule_item": schedule_item_add(
                audit=audit,
                by=secretary,
                on=audit.start_on,
                starts_at=time(8),
                ends_at=time(9),
                activity="Họp khai mạc",
            ),
            "checklist_item": item,
            "finding": finding_record(
                audit=audit,
                by=auditor,
                grade="observation",
                statement="Sổ niêm phong thiếu chữ ký",
                evidence="Sổ tháng 6",
                clause=audit.clauses.first(),
                unit=unit,
            ),
        }
        cls.objects["context_issue"] = context_issue_save(
            agency=cls.a,
            by=secretary,
            origin="external",
            title="Sáp nhập đơn vị hành chính cấp xã",
        )
        cls.objects["interested_party"] = interested_party_save(
            agency=cls.a, by=secretary, name="Người dân", requirements="Đúng hạn"
        )
        plan = transition_plan(
            agency=cls.a, by=secretary, target_on=timezone.localdate() + timedelta(days=365)
        )
        cls.objects["transition_item"] = plan.items.first()
        cls.objects["planned_change"] = planned_change_save(
            agency=cls.a,
            by=secretary,
            title="Tiếp nhận hồ sơ trực tuyến toàn trình",
            purpose="Giảm thời gian đi lại của người dân.",
            owner=secretary,
            due_on=timezone.localdate() + timedelta(days=90),
            documents=[cls.objects["document"]],
        )
        cls.objects["evidence"] = finding_evidence_add(
            finding=cls.objects["finding"],
            by=auditor,
            kind=FindingEvidence.Kind.DOCUMENT,
            upload=SimpleUploadedFile("so-niem-phong.pdf", make_pdf()),
        )

    @classmethod
    def add_announcement(cls, secretary, document):
        cls.objects["agency"] = cls.a
        cls.objects["announcement"] = announcement_record(
            agency=cls.a,
            by=secretary,
            decision_number="01/QĐ-NP",
            decided_on=date(2026, 1, 5),
            signer="Giám đốc",
            iso_version="2015",
            procedures=[document],
            upload=SimpleUploadedFile("cong-bo.pdf", make_pdf()),
        )

    @classmethod
    def add_supervision(cls, secretary):
        """An inspection of A in progress, and A's annual report."""
        second = make_user("Đỗ Thu Hà", cls.province, [Role.SUPERVISOR])
        plan = inspections.plan_create(
            province=cls.province,
            by=second,
            year=2026,
            title="Kiểm tra ISO năm 2026",
            starts_on=date(2026, 6, 1),
            ends_on=date(2026, 8, 31),
            team=[cls.supervisor],
            agencies=[cls.a],
        )
        inspections.plan_approve(plan=plan, by=cls.supervisor)
        inspections.plan_start(plan=plan, by=cls.supervisor)
        # This year's form: the consolidated report pages open the current year's.
        year = timezone.localdate().year
        template = reports.template_save(
            province=cls.province,
            by=cls.supervisor,
            year=year,
            title=f"Báo cáo năm {year}",
            deadline=date(year, 12, 15),
            fields=default_fields(),
        )
        cls.objects |= {
            "inspection_plan": plan,
            "inspection": plan.inspections.get(),
            "annual_report": reports.report_start(template=template, agency=cls.a, by=secretary),
        }

    @classmethod
    def tearDownClass(cls):
        cls.objects["draft_with_file"].source_file.delete(save=False)
        cls.objects["announcement"].file.delete(save=False)
        super().tearDownClass()

    def url_for(self, route: str, name: str) -> str:
        # The portal names agencies by their code.
        route = route.replace("<str:agency_code>", self.a.code)
        route = route.replace("<str:province_code>", self.province.code)
        if "<" not in route:
            return "/" + route
        key = next((key for pattern, key in OBJECT_FOR if re.search(pattern, name)), None)
        self.assertIsNotNone(key, f"{name} ({route}) takes an id: add it to OBJECT_FOR")
        obj = self.objects[key]
        value = obj.verification_token if "<str:token>" in route else obj.pk
        return "/" + re.sub(r"<(?:int:|str:)?\w+>", str(value), route)

    def test_every_page_has_an_object_to_open(self):
        for route, name in pages():
            with self.subTest(name=name):
                self.url_for(route, name)

    def test_anonymous_visitors_are_sent_to_sign_in(self):
        for route, name in pages():
            if name in PUBLIC:
                continue
            with self.subTest(name=name):
                response = self.client.get(self.url_for(route, name))
                self.assertIn(response.status_code, (302, 405), name)
                if response.status_code == 302:
                    self.assertIn("/accounts/login/", response["Location"], name)

    def test_another_agency_sees_a_404_and_never_a_title(self):
        for outsider in self.outsiders:
            self.client.force_login(outsider)
            for route, name in pages():
                if name in ("logout",):
                    continue
                url = self.url_for(route, name)
                with self.subTest(name=name, outsider=outsider.full_name):
                    response = self.client.get(url)
                    if response.status_code == 405:
                        # A button: it must not act on, or reveal, another agency's object.
                        response = self.client.post(url, {})
                    self.assertNotEqual(response.status_code, 500)
                    if "<" in route and name not in PUBLIC:
                        self.assertEqual(response.status_code, 404, name)
                    body = (
                        response.content.decode(errors="replace")
                        if hasattr(response, "content")
                        else ""
                    )
                    if name in PUBLIC:
                        continue  # the verification page shows a copy's title to anyone
                    for secret in SECRETS:
                        self.assertNotIn(secret, body, name)

    def test_a_person_of_a_who_joins_b_shows_b_nothing_of_a_and_stays_a_persons(self):
        """The member and profile pages of a person who works in both agencies: B sees only
        what it gave (roles, its unit), never A's unit, and cannot rewrite the account."""
        admin_of_b = self.outsiders[0]
        guest = make_user(
            "Người của A làm việc ở B", self.a, [Role.STAFF], unit=self.objects["unit"]
        )
        member_add_existing(agency=self.b, by=admin_of_b, username=guest.username, roles=["staff"])
        self.client.force_login(guest)
        self.client.post(f"/agency/invitations/{guest.invitations.get().pk}/accept/")
        self.client.force_login(admin_of_b)
        edit = f"/agency/members/{guest.pk}/"
        for url in ("/agency/members/", edit, "/accounts/profile/"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                for secret in SECRETS:
                    self.assertNotIn(secret, response.content.decode(), url)
        self.client.post(edit, {"full_name": "Đổi tên", "email": "b@example.com", "roles": []})
        guest.refresh_from_db()
        self.assertEqual(guest.full_name, "Người của A làm việc ở B")
        self.assertEqual(guest.unit, self.objects["unit"])
        self.assertFalse(guest.has_perm("qms.view_qms", self.b))

    def test_the_agencys_own_people_never_meet_a_404_or_a_500(self):
        for role, person in [*self.people_of_a.items(), (Role.SUPERVISOR, self.supervisor)]:
            self.client.force_login(person)
            for route, name in pages():
                if name in ("logout",) or name in OWNER_ONLY:
                    continue
                with self.subTest(name=name, role=role):
                    response = self.client.get(self.url_for(route, name))
                    self.assertIn(response.status_code, (200, 302, 403, 405), name)

    def test_an_export_opens_for_its_owner_only(self):
        owner = self.people_of_a[Role.ISO_SECRETARY]
        for person in [*self.people_of_a.values(), self.supervisor, self.national]:
            self.client.force_login(person)
            for route, name in pages():
                if name not in OWNER_ONLY or name == "export-file":  # no file while running
                    continue
                with self.subTest(name=name, person=person.full_name):
                    response = self.client.get(self.url_for(route, name))
                    self.assertEqual(response.status_code, 200 if person == owner else 404)

    def test_the_ministry_reads_every_province_and_changes_nothing(self):
        # A province's own supervision work (its inspection plans, its consolidated report)
        # stays with its Sở KH&CN: hidden from the Ministry, which has the national roll-up.
        province_work = ("monitoring:inspection-plan-", "monitoring:report-consolidated-")
        self.client.force_login(self.national)
        for route, name in pages():
            if name in ("logout", "profile-token-issue", "profile-token-revoke") or (
                name in OWNER_ONLY
            ):
                continue  # signing out, the person's own API token and exports are not A's data
            url = self.url_for(route, name)
            with self.subTest(name=name):
                response = self.client.get(url)
                allowed = (200, 302, 403, 404, 405) if name.startswith(province_work) else None
                self.assertIn(response.status_code, allowed or (200, 302, 403, 405), name)
                if response.status_code == 405:
                    # A button: the Ministry's read-only reach never passes it.
                    response = self.client.post(url, {})
                    self.assertIn(response.status_code, (403, 404), name)
