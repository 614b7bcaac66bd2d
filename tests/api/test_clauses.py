"""The clause view over the API: an agency's clauses with their evidence and status, the codes of
the documents for its own people, their number for the supervisor, 404 for anyone else, and the
same queries whatever the number of documents."""

from django.test import TestCase

from audits.services.risks import risk_save
from documents.models import IsoClause
from documents.services.documents import document_update
from qms.agencies.roles import Role
from tests.api.base import ApiData
from tests.helpers import count_queries, make_agency, make_effective_document, make_user


class ClauseApiTests(ApiData, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cited = list(IsoClause.objects.filter(version="2015", number__in=["7.5.3", "8.5.1"]))
        document_update(document=cls.document, by=cls.lan, reason="Ghi điều khoản", clauses=cited)

    def clauses(self, user, agency="sotp", **query):
        return self.api(user).get(f"/api/v1/clauses/{agency}/", query)

    def test_the_agency_reads_each_clause_with_its_documents_and_status(self):
        # The objective is of 2026: the view is read as of 30 June 2026, whatever today is.
        body = self.clauses(self.hoa, as_of="2026-06-30").json()
        self.assertEqual((body["agency"], body["edition"]), ("sotp", "2015"))
        rows = {row["number"]: row for row in body["clauses"]}
        self.assertEqual(rows["7.5.3"]["document_codes"], [self.document.code])
        self.assertEqual(rows["7.5.3"]["documents"], 1)
        # The audit has not reported, so nothing is covered yet: evidence without an audit.
        self.assertEqual(rows["7.5.3"]["status"], "attention")
        self.assertEqual(rows["9.2"]["status"], "none")
        self.assertIsNone(rows["9.2"]["last_audit"])
        self.assertEqual(rows["10.2"]["open_nonconformities"], 0)
        self.assertEqual(rows["6.2"]["objectives"], 1)

    def test_the_supervisor_counts_the_documents_without_their_codes(self):
        rows = {row["number"]: row for row in self.clauses(self.tuan).json()["clauses"]}
        self.assertEqual(rows["7.5.3"]["documents"], 1)
        self.assertEqual(rows["7.5.3"]["document_codes"], [])

    def test_another_agency_or_province_is_a_404(self):
        self.assertEqual(self.clauses(self.binh).status_code, 404)
        self.assertEqual(self.clauses(self.khanh).status_code, 404)
        self.assertEqual(self.clauses(self.tuan, agency="khsotp").status_code, 404)
        self.assertEqual(self.clauses(self.hoa, agency="khong-co").status_code, 404)
        self.assertEqual(self.api().get("/api/v1/clauses/sotp/").status_code, 401)

    def test_an_agency_on_2026_reads_its_own_clauses(self):
        agency = make_agency("Sở Xây dựng", province=self.province, code="soxd", iso_version="2026")
        secretary = make_user("Hồ Thị Ngọc", agency, [Role.ISO_SECRETARY])
        risk_save(
            agency=agency,
            by=secretary,
            kind="opportunity",
            title="Liên thông",
            likelihood=2,
            impact=4,
        )
        body = self.clauses(secretary, agency="soxd").json()
        rows = {row["number"]: row for row in body["clauses"]}
        self.assertEqual(body["edition"], "2026")
        self.assertEqual(rows["6.1.3"]["change"], "changed")
        self.assertEqual(rows["6.1.3"]["risks"], 1)
        self.assertIn("văn hóa chất lượng", rows["5.1.1"]["title"])

    def test_the_queries_stay_the_same_as_documents_grow(self):
        client = self.api(self.hoa)
        before = count_queries(lambda: client.get("/api/v1/clauses/sotp/"))
        cited = list(IsoClause.objects.filter(version="2015", number__in=["7.1.5", "9.1"]))
        for number in range(5):
            document = make_effective_document(
                self.a,
                drafter=self.lan,
                reviewer=self.mai,
                approver=self.minh,
                title=f"Quy trình số {number}",
            )
            document_update(document=document, by=self.lan, reason="Ghi điều khoản", clauses=cited)
        self.assertEqual(count_queries(lambda: client.get("/api/v1/clauses/sotp/")), before)

    def test_the_so_reads_the_province_clause_by_clause(self):
        body = self.api(self.tuan).get("/api/v1/province-clauses/", {"version": "2015"}).json()
        self.assertEqual((body["province"], body["edition"]), ("lamdong", "2015"))
        rows = {row["number"]: row["counts"] for row in body["clauses"]}
        self.assertEqual(sum(rows["7.5.3"].values()), body["agencies"])
        self.assertEqual(rows["7.5.3"]["attention"], 1)  # Sở Tư pháp's procedure, not audited
        refused = self.api(self.tuan).get("/api/v1/province-clauses/", {"version": "1994"})
        self.assertEqual(refused.status_code, 400)
        self.assertEqual(self.api(self.hoa).get("/api/v1/province-clauses/").status_code, 403)
        other = self.api(self.tuan).get(
            "/api/v1/province-clauses/", {"province": self.c.province.code}
        )
        self.assertEqual(other.status_code, 404)
