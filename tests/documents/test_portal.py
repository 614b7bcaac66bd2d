"""The public procedure portal and its open data: no sign-in, only effective public issues."""

import csv
import hashlib
import io
import json
from datetime import timedelta

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from documents.models import Revision
from documents.services import revisions as flow
from documents.services.external import external_document_save
from qms.agencies.models import Agency
from qms.agencies.roles import Role
from tests.documents.test_pdf import TempMediaMixin, next_issue, take_through_approval
from tests.helpers import (
    count_queries,
    make_agency,
    make_document,
    make_document_type,
    make_effective_document,
    make_province,
    make_user,
    withdraw_effective,
)

S = Revision.Status


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


class PortalBase(TempMediaMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("Ủy ban nhân dân tỉnh Lâm Đồng", code="lamdong")
        cls.agency = make_agency("Sở Tư pháp", province=cls.province, code="sotp")
        cls.procedure_type = make_document_type(cls.agency, prefix="QT")
        cls.form_type = make_document_type(cls.agency, kind="form", prefix="BM")
        cls.policy_type = make_document_type(cls.agency, kind="policy", prefix="CS")
        # Hùng, drafter of Sở Tư pháp: his name and e-mail never appear on public pages.
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER])
        # Mai, reviewer of Sở Tư pháp.
        cls.mai = make_user("Lê Thị Mai", cls.agency, [Role.REVIEWER])
        # Minh, approver of Sở Tư pháp.
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])
        # Lan, ISO secretary of Sở Tư pháp, who registers the TTHC.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY])
        cls.people = {"drafter": cls.hung, "reviewer": cls.mai, "approver": cls.minh}
        cls.tthc = external_document_save(
            agency=cls.agency,
            by=cls.lan,
            kind="tthc",
            number="1.001193",
            title="Đăng ký khai sinh",
            time_limit_days=1,
        )
        cls.birth = make_effective_document(
            cls.agency,
            title="Quy trình đăng ký khai sinh",
            administrative_procedure=cls.tthc,
            **cls.people,
        )
        cls.certify = make_effective_document(
            cls.agency, title="Quy trình chứng thực bản sao", **cls.people
        )
        cls.first_issue = cls.certify.effective_revision
        cls.second_issue = next_issue(cls.certify, **cls.people)
        cls.first_issue.refresh_from_db()
        cls.sealed = make_effective_document(
            cls.agency, title="Quy trình niêm phong kho lưu trữ", restricted=True, **cls.people
        )
        cls.birth_form = make_effective_document(
            cls.agency,
            title="Tờ khai đăng ký khai sinh",
            type=cls.form_type,
            parent=cls.birth,
            **cls.people,
        )
        cls.sealed_form = make_effective_document(
            cls.agency,
            title="Biểu mẫu biên bản niêm phong",
            type=cls.form_type,
            parent=cls.sealed,
            **cls.people,
        )
        cls.draft = make_document(cls.agency, cls.hung, "Quy trình dự thảo chưa ban hành")
        cls.policy = make_effective_document(
            cls.agency, title="Chính sách chất lượng", type=cls.policy_type, **cls.people
        )
        later = make_document(cls.agency, cls.hung, "Quy trình hiệu lực tuần sau")
        flow.revision_update_content(
            revision=later.revisions.get(),
            by=cls.hung,
            purpose="Mục đích",
            steps=[{"content": "Bước 1"}],
        )
        cls.not_yet = take_through_approval(
            later.revisions.get(),
            effective_date=timezone.localdate() + timedelta(days=7),
            **cls.people,
        )
        cls.other = make_agency("Sở Y tế", province=cls.province, code="soyt")
        # Tuấn, drafter of Sở Y tế; Hà reviews and Bình approves there.
        other_people = {
            "drafter": make_user("Trần Anh Tuấn", cls.other, [Role.DRAFTER]),
            "reviewer": make_user("Lê Thu Hà", cls.other, [Role.REVIEWER]),
            "approver": make_user("Võ Văn Bình", cls.other, [Role.APPROVER]),
        }
        make_document_type(cls.other, prefix="QT")
        cls.other_document = make_effective_document(
            cls.other, title="Quy trình cấp chứng chỉ hành nghề y", **other_people
        )

    def agency_url(self, code: str = "sotp", **query) -> str:
        url = reverse("portal:agency", args=[code])
        return url + ("?" + urlencode(query) if query else "")

    def copy_url(self, revision: Revision, code: str = "sotp") -> str:
        return reverse("portal:copy", args=[code, revision.pk])


class PortalPageTests(PortalBase):
    def test_it_lists_only_the_effective_public_procedures_and_forms_of_the_agency(self):
        response = self.client.get(self.agency_url())
        self.assertEqual(response.status_code, 200)
        shown = {row["document"].pk for row in response.context["rows"]}
        self.assertEqual(shown, {self.birth.pk, self.birth_form.pk, self.certify.pk})
        issues = {row["document"].pk: row["revision"].number for row in response.context["rows"]}
        self.assertEqual(issues[self.certify.pk], 2)

    def test_it_never_shows_restricted_drafts_policies_or_other_agencies(self):
        content = self.client.get(self.agency_url()).content.decode()
        for hidden in (
            "Quy trình niêm phong kho lưu trữ",
            "Biểu mẫu biên bản niêm phong",
            "Quy trình dự thảo chưa ban hành",
            "Quy trình hiệu lực tuần sau",
            "Chính sách chất lượng",
            "Quy trình cấp chứng chỉ hành nghề y",
        ):
            self.assertNotIn(hidden, content)

    def test_it_never_reveals_people(self):
        pages = [reverse("portal:index"), self.agency_url()]
        pages += [reverse(f"portal:agency-{fmt}", args=["sotp"]) for fmt in ("json", "csv")]
        for url in pages:
            content = body(self.client.get(url)).decode("utf-8-sig")
            for person in ("Trần Văn Hùng", "Lê Thị Mai", "Phạm Văn Minh", "Nguyễn Thị Lan"):
                self.assertNotIn(person, content, url)
            self.assertNotIn("@example.gov.vn", content, url)

    def test_it_shows_the_administrative_procedure_the_document_implements(self):
        rows = self.client.get(self.agency_url()).context["rows"]
        tthc = {row["document"].pk: row["tthc"] for row in rows}
        self.assertEqual(tthc[self.birth.pk], self.tthc)
        self.assertEqual(tthc[self.birth_form.pk], self.tthc)  # through its procedure
        self.assertIsNone(tthc[self.certify.pk])

    def test_it_searches_without_diacritics(self):
        for query, expected in (
            ("khai sinh", {self.birth.pk, self.birth_form.pk}),
            ("quy trinh chung thuc", {self.certify.pk}),
            ("to khai dang ky", {self.birth_form.pk}),
            ("niem phong", set()),
        ):
            with self.subTest(query=query):
                rows = self.client.get(self.agency_url(q=query)).context["rows"]
                self.assertEqual({row["document"].pk for row in rows}, expected)

    def test_the_index_groups_publishing_agencies_by_province_and_level(self):
        response = self.client.get(reverse("portal:index"))
        self.assertEqual(response.status_code, 200)
        (group,) = response.context["provinces"]
        self.assertEqual(group.province, self.province)
        (level, agencies) = group.levels[0]
        self.assertEqual([(a.code, a.public_count) for a in agencies], [("sotp", 3), ("soyt", 1)])
        self.assertEqual(level, str(Agency.Level.DEPARTMENT.label))

    def test_an_unknown_inactive_or_silent_agency_is_a_404(self):
        make_agency("Sở Xây dựng", province=self.province, code="soxd")
        for code in ("khong-co", "soxd", "lamdong"):
            with self.subTest(code=code):
                self.assertEqual(self.client.get(self.agency_url(code)).status_code, 404)

    def test_signed_in_people_see_the_public_layout_without_their_menu(self):
        self.client.force_login(self.lan)
        response = self.client.get(self.agency_url())
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Nguyễn Thị Lan")
        self.assertNotContains(response, reverse("logout"))

    def test_the_query_count_does_not_grow_with_documents(self):
        url = self.agency_url()
        before = count_queries(lambda: self.client.get(url))
        for title in ("Quy trình cấp bản sao trích lục", "Quy trình đăng ký kết hôn"):
            make_effective_document(self.agency, title=title, **self.people)
        after = count_queries(lambda: self.client.get(url))
        self.assertEqual(len(self.client.get(url).context["rows"]), 5)
        self.assertEqual(before, after)


class PortalCopyTests(PortalBase):
    def stored(self, revision: Revision) -> bytes:
        with revision.pdf_file.open("rb") as handle:
            return handle.read()

    def test_the_download_is_the_stored_controlled_copy(self):
        revision = self.birth.effective_revision
        response = self.client.get(self.copy_url(revision))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        digest = hashlib.sha256(body(response)).hexdigest()
        self.assertEqual(digest, revision.pdf_sha256)
        self.assertEqual(digest, hashlib.sha256(self.stored(revision)).hexdigest())

    def test_superseded_restricted_not_yet_effective_and_draft_issues_are_404(self):
        draft = self.draft.revisions.get()
        for label, revision in (
            ("superseded", self.first_issue),
            ("restricted", self.sealed.effective_revision),
            ("not yet effective", self.not_yet),
            ("draft", draft),
            ("policy", self.policy.effective_revision),
        ):
            with self.subTest(label):
                self.assertEqual(self.client.get(self.copy_url(revision)).status_code, 404)
        self.assertEqual(self.first_issue.status, S.SUPERSEDED)
        self.assertEqual(self.not_yet.status, S.APPROVED)

    def test_a_copy_is_only_served_under_its_own_agency(self):
        revision = self.other_document.effective_revision
        self.assertEqual(self.client.get(self.copy_url(revision, "sotp")).status_code, 404)
        self.assertEqual(self.client.get(self.copy_url(revision, "soyt")).status_code, 200)

    def test_a_withdrawn_document_disappears(self):
        revision = self.birth.effective_revision
        withdraw_effective(
            revision, secretary=self.lan, leader=self.minh, reason="Không còn áp dụng"
        )
        self.assertEqual(self.client.get(self.copy_url(revision)).status_code, 404)
        rows = self.client.get(self.agency_url()).context["rows"]
        self.assertEqual(
            {row["document"].pk for row in rows}, {self.birth_form.pk, self.certify.pk}
        )


class OpenDataTests(PortalBase):
    FIELDS = [
        "agency_code",
        "agency_name",
        "document_code",
        "title",
        "type",
        "issue_number",
        "effective_date",
        "pdf_url",
        "verify_url",
        "tthc_codes",
    ]

    def test_the_json_lists_the_public_documents_with_stable_fields(self):
        response = self.client.get(reverse("portal:agency-json", args=["sotp"]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        data = json.loads(body(response))
        rows = {row["document_code"]: row for row in data["procedures"]}
        self.assertEqual(set(rows), {self.birth.code, self.birth_form.code, self.certify.code})
        self.assertEqual(rows[self.birth_form.code]["type"], "form")
        self.assertEqual(rows[self.birth_form.code]["tthc_codes"], ["1.001193"])
        birth = rows[self.birth.code]
        self.assertEqual(list(birth), self.FIELDS)
        revision = self.birth.effective_revision
        self.assertEqual(birth["agency_code"], "sotp")
        self.assertEqual(birth["agency_name"], "Sở Tư pháp")
        self.assertEqual(birth["title"], "Quy trình đăng ký khai sinh")
        self.assertEqual(birth["type"], "procedure")
        self.assertEqual(birth["issue_number"], 1)
        self.assertEqual(birth["effective_date"], revision.effective_date.isoformat())
        self.assertTrue(birth["pdf_url"].endswith(self.copy_url(revision)))
        self.assertTrue(birth["verify_url"].endswith(f"/verify/{revision.verification_token}/"))
        self.assertEqual(birth["tthc_codes"], ["1.001193"])
        self.assertEqual(rows[self.certify.code]["issue_number"], 2)

    def test_the_csv_is_utf8_with_a_bom_and_the_same_rows(self):
        response = self.client.get(reverse("portal:agency-csv", args=["sotp"]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        raw = body(response)
        self.assertTrue(raw.startswith("\ufeff".encode()))
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        self.assertEqual(list(rows[0]), self.FIELDS)
        by_code = {row["document_code"]: row for row in rows}
        self.assertEqual(set(by_code), {self.birth.code, self.birth_form.code, self.certify.code})
        self.assertEqual(by_code[self.birth.code]["title"], "Quy trình đăng ký khai sinh")
        self.assertEqual(by_code[self.birth.code]["tthc_codes"], "1.001193")
        self.assertEqual(by_code[self.certify.code]["issue_number"], "2")

    def test_the_province_listing_gathers_every_agency_of_the_province(self):
        other_province = make_province("UBND tỉnh Khánh Hòa", code="khanhhoa")
        for fmt in ("json", "csv"):
            response = self.client.get(reverse(f"portal:province-{fmt}", args=["lamdong"]))
            self.assertEqual(response.status_code, 200)
            text = body(response).decode("utf-8-sig")
            if fmt == "json":
                codes = {row["agency_code"] for row in json.loads(text)["procedures"]}
            else:
                codes = {row["agency_code"] for row in csv.DictReader(io.StringIO(text))}
            self.assertEqual(codes, {"sotp", "soyt"})
            self.assertNotIn("niêm phong", text)
            empty = self.client.get(reverse(f"portal:province-{fmt}", args=[other_province.code]))
            self.assertEqual(empty.status_code, 200)
        self.assertEqual(
            self.client.get(reverse("portal:province-json", args=["sotp"])).status_code, 404
        )

    def test_the_open_data_query_count_does_not_grow_with_documents(self):
        url = reverse("portal:province-csv", args=["lamdong"])
        before = count_queries(lambda: body(self.client.get(url)))
        make_effective_document(self.agency, title="Quy trình đăng ký kết hôn", **self.people)
        after = count_queries(lambda: body(self.client.get(url)))
        self.assertEqual(before, after)
