"""Read endpoints: what each person sees, filters, the controlled copy, flat query counts."""

import base64
from datetime import date

from django.test import TestCase

from audits.services.findings import finding_record
from audits.services.objectives import measurement_record, objective_save
from documents.models import Document, Revision
from documents.services.external import external_document_save
from qms.api.pagination import KeysetPagination
from tests.api.base import ApiData
from tests.helpers import (
    count_queries,
    make_document,
    make_nonconformity,
    make_notified_audit,
    make_planned_nonconformity,
    make_unit,
)


def codes(response, key="code"):
    return sorted(row[key] for row in response.json()["results"])


class VisibilityTests(ApiData, TestCase):
    def test_it_lists_only_the_agencies_a_person_may_see(self):
        self.assertEqual(codes(self.api(self.hoa).get("/api/v1/agencies/")), ["sotp"])
        self.assertEqual(
            codes(self.api(self.tuan).get("/api/v1/agencies/")), ["lamdong", "sotp", "soyt"]
        )
        self.assertEqual(codes(self.api(self.khanh).get("/api/v1/agencies/")), ["khsotp"])

    def test_a_member_sees_restricted_documents_and_the_supervisor_never(self):
        titles = [
            d["title"] for d in self.api(self.hoa).get("/api/v1/documents/").json()["results"]
        ]
        self.assertIn(self.restricted.title, titles)
        supervisor = self.api(self.tuan)
        rows = supervisor.get("/api/v1/documents/").json()["results"]
        self.assertNotIn(self.restricted.pk, [d["id"] for d in rows])
        self.assertIn(self.document_b.pk, [d["id"] for d in rows])
        self.assertEqual(
            supervisor.get(f"/api/v1/documents/{self.restricted.pk}/").status_code, 404
        )
        revision = self.restricted.revisions.get()
        self.assertEqual(supervisor.get(f"/api/v1/revisions/{revision.pk}/").status_code, 404)

    def test_another_agencys_objects_are_a_404_and_absent_from_lists(self):
        a_objects = [
            f"/api/v1/agencies/{self.a.code}/",
            f"/api/v1/documents/{self.document.pk}/",
            f"/api/v1/revisions/{self.document.effective_revision_id}/",
            f"/api/v1/revisions/{self.document.effective_revision_id}/pdf/",
            f"/api/v1/external-documents/{self.tthc.pk}/",
            f"/api/v1/nonconformities/{self.nonconformity.pk}/",
            f"/api/v1/objectives/{self.objective.pk}/",
        ]
        for outsider in (self.binh, self.khanh):
            client = self.api(outsider)
            for url in a_objects:
                with self.subTest(url=url, outsider=outsider.full_name):
                    response = client.get(url)
                    self.assertEqual(response.status_code, 404)
                    self.assertEqual(set(response.json()), {"detail", "errors"})
            for url in ("/api/v1/documents/", "/api/v1/nonconformities/"):
                body = client.get(url, {"agency": "sotp"}).json()
                self.assertEqual(body["results"], [], url)

    def test_own_people_and_the_supervisor_read_every_object(self):
        for person in (self.hoa, self.tuan):
            client = self.api(person)
            for url in (
                f"/api/v1/documents/{self.document.pk}/",
                f"/api/v1/nonconformities/{self.nonconformity.pk}/",
                f"/api/v1/objectives/{self.objective.pk}/",
            ):
                with self.subTest(url=url, person=person.full_name):
                    self.assertEqual(client.get(url).status_code, 200)


class FilterTests(ApiData, TestCase):
    def test_document_search_needs_no_diacritics(self):
        client = self.api(self.hoa)
        for query in ("dang ky khai sinh", "ĐĂNG KÝ", "khai"):
            with self.subTest(query=query):
                response = client.get("/api/v1/documents/", {"q": query})
                self.assertEqual(codes(response, "id"), [self.document.pk])

    def test_document_filters_match_the_register(self):
        client = self.api(self.tuan)
        self.assertEqual(
            codes(client.get("/api/v1/documents/", {"agency": "soyt"}), "id"), [self.document_b.pk]
        )
        self.assertEqual(
            codes(client.get("/api/v1/documents/", {"status": "effective"}), "id"),
            [self.document.pk],
        )
        in_progress = codes(client.get("/api/v1/documents/", {"status": "in_progress"}), "id")
        self.assertEqual(in_progress, sorted([self.draft.pk, self.document_b.pk]))
        self.assertEqual(
            codes(client.get("/api/v1/documents/", {"unit": self.unit.pk}), "id"),
            [self.document.pk],
        )
        self.assertEqual(
            codes(client.get("/api/v1/documents/", {"procedure": "1.000050"}), "id"),
            [self.document.pk],
        )
        self.assertEqual(client.get("/api/v1/documents/", {"type": "BM"}).json()["results"], [])
        self.assertEqual(client.get("/api/v1/documents/", {"status": "nonsense"}).status_code, 400)

    def test_external_and_nonconformity_search_needs_no_diacritics(self):
        client = self.api(self.hoa)
        self.assertEqual(
            codes(client.get("/api/v1/external-documents/", {"q": "thu tuc khai sinh"}), "id"),
            [self.tthc.pk],
        )
        self.assertEqual(
            codes(client.get("/api/v1/nonconformities/", {"q": "tre han khai sinh"}), "id"),
            [self.nonconformity.pk],
        )
        self.assertEqual(
            client.get("/api/v1/nonconformities/", {"status": "closed"}).json()["results"], []
        )

    def test_pages_are_capped_and_a_forged_cursor_is_a_404(self):
        for index in range(KeysetPagination.max_page_size + 1 - 3):
            make_document(self.a, self.lan, f"Quy trình số {index:03}", owner_unit=self.unit)
        body = self.api(self.hoa).get("/api/v1/documents/", {"page_size": 1000}).json()
        self.assertEqual(len(body["results"]), KeysetPagination.max_page_size)
        self.assertIsNotNone(body["next"])
        forged = base64.b64encode(b"o=first&p=1").decode()
        response = self.api(self.hoa).get("/api/v1/documents/", {"cursor": forged})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(set(response.json()), {"detail", "errors"})


class KeysetPageTests(ApiData, TestCase):
    """Each page starts after the last row of the one before: whatever is added or removed
    meanwhile, a walk through the pages meets every row that stayed exactly once."""

    def walk(self, client, url, *, between=None):
        seen, link, pages = [], f"{url}?page_size=3", 0
        while link:
            body = client.get(link).json()
            seen += [row["id"] for row in body["results"]]
            link, pages = body["next"], pages + 1
            if between and pages == 1:
                between()
        return seen

    def test_a_walk_meets_every_row_once_while_rows_are_added_and_removed(self):
        for index in range(7):
            make_document(self.a, self.lan, f"Quy trình số {index}", owner_unit=self.unit)
        client = self.api(self.tuan)  # the supervisor: a restricted document leaves his list
        before = self.walk(client, "/api/v1/documents/")
        self.assertEqual(before, sorted(before))
        self.assertEqual(len(before), len(set(before)))
        added = []

        def change():
            # After the first page: a new document, and one of a later page out of reach.
            added.append(make_document(self.a, self.lan, "Quy trình mới", owner_unit=self.unit).pk)
            Document.objects.filter(pk=before[-1]).update(restricted=True)

        during = self.walk(client, "/api/v1/documents/", between=change)
        self.assertEqual(during, [*before[:-1], *added])

    def test_revisions_come_document_by_document_each_once(self):
        for index in range(4):
            make_document(self.a, self.lan, f"Biểu mẫu số {index}", owner_unit=self.unit)
        seen = self.walk(self.api(self.hoa), "/api/v1/revisions/")
        expected = Revision.objects.filter(document__agency=self.a).order_by("document_id", "pk")
        self.assertEqual(seen, list(expected.values_list("pk", flat=True)))

    def test_a_deep_page_reads_as_many_rows_as_the_first(self):
        for index in range(9):
            make_document(self.a, self.lan, f"Quy trình số {index}", owner_unit=self.unit)
        client = self.api(self.hoa)
        first = client.get("/api/v1/documents/", {"page_size": 3}).json()
        deep = first
        for _page in range(2):
            deep_url = deep["next"]
            deep = client.get(deep_url).json()
        self.assertEqual(len(deep["results"]), 3)
        self.assertEqual(
            count_queries(lambda: client.get("/api/v1/documents/", {"page_size": 3})),
            count_queries(lambda: client.get(deep_url)),
        )


class ControlledCopyTests(ApiData, TestCase):
    def test_the_revision_links_its_stored_pdf_and_verification_page(self):
        revision = self.document.effective_revision
        body = self.api(self.hoa).get(f"/api/v1/revisions/{revision.pk}/").json()
        self.assertEqual(body["pdf_url"], f"http://testserver/api/v1/revisions/{revision.pk}/pdf/")
        self.assertEqual(
            body["verify_url"], f"http://testserver/verify/{revision.verification_token}/"
        )
        self.assertEqual(body["pdf_sha256"], revision.pdf_sha256)
        response = self.api(self.hoa).get(body["pdf_url"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(b"".join(response.streaming_content).startswith(b"%PDF"))

    def test_a_draft_has_no_controlled_copy_and_prints_on_the_fly(self):
        draft = self.draft.revisions.get()
        self.assertEqual(draft.status, Revision.Status.DRAFT)
        body = self.api(self.hoa).get(f"/api/v1/revisions/{draft.pk}/").json()
        self.assertIsNone(body["pdf_url"])
        self.assertIsNone(body["verify_url"])
        response = self.api(self.hoa).get(f"/api/v1/revisions/{draft.pk}/pdf/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Cache-Control"], "no-store")
        self.assertTrue(response.content.startswith(b"%PDF"))


class QueryCountTests(ApiData, TestCase):
    LISTS = [
        "/api/v1/agencies/",
        "/api/v1/documents/",
        "/api/v1/revisions/",
        "/api/v1/external-documents/",
        "/api/v1/nonconformities/",
        "/api/v1/objectives/",
        "/api/v1/audits/",
        "/api/v1/findings/",
    ]

    def test_every_list_keeps_its_query_count_flat_as_rows_grow(self):
        client = self.api(self.lan)
        before = {url: count_queries(lambda url=url: client.get(url)) for url in self.LISTS}
        for n in range(4):
            make_document(self.a, self.lan, f"Quy trình bổ sung {n}")
            make_nonconformity(self.a, self.lan, f"Sự không phù hợp bổ sung {n}")
        make_unit(self.a)
        external_document_save(
            agency=self.a, by=self.lan, kind="decree", number="30/2020/NĐ-CP", title="Nghị định"
        )
        objective = objective_save(
            agency=self.a,
            by=self.lan,
            year=2026,
            title="Mục tiêu bổ sung",
            indicator="Tỷ lệ",
            target=90,
            responsible=self.hoa,
        )
        for month in (3, 6):
            measurement_record(
                objective=objective,
                by=self.lan,
                period=f"{month}/2026",
                period_end=date(2026, month, 28),
                value=91,
            )
        make_planned_nonconformity(self.a, self.lan, [self.hoa, self.thao])
        other = make_notified_audit(
            self.a,
            secretary=self.lan,
            approver=self.minh,
            lead=self.thao,
            auditee=self.hoa,
            units=[self.unit],
        )
        for grade in ("major", "observation"):
            finding_record(
                audit=other,
                by=self.thao,
                grade=grade,
                statement="Thiếu hồ sơ",
                evidence="Sổ",
                clause=other.clauses.first(),
                unit=self.unit,
            )
        for url in self.LISTS:
            with self.subTest(url=url):
                self.assertEqual(count_queries(lambda url=url: client.get(url)), before[url])


class AuditReadTests(ApiData, TestCase):
    def test_audits_show_their_team_scope_and_finding_counts(self):
        body = self.api(self.hoa).get("/api/v1/audits/", {"agency": "sotp"}).json()
        audit = next(row for row in body["results"] if row["code"] == self.audit.code)
        self.assertEqual(
            audit["team"], [{"name": "Võ Thị Thảo", "is_lead": True, "justification": ""}]
        )
        self.assertEqual(audit["finding_counts"]["minor"], 1)
        self.assertEqual(audit["units"][0]["id"], self.unit.pk)

    def test_findings_name_the_nonconformity_they_opened(self):
        body = self.api(self.tuan).get("/api/v1/findings/", {"grade": "minor"}).json()
        self.assertEqual(
            [(row["code"], row["nonconformity"]) for row in body["results"]],
            [(self.finding.code, self.finding.nonconformity.code)],
        )

    def test_another_agency_sees_neither(self):
        client = self.api(self.binh)
        self.assertEqual(client.get("/api/v1/findings/").json()["results"], [])
        self.assertEqual(client.get(f"/api/v1/audits/{self.audit.pk}/").status_code, 404)
