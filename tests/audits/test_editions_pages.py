"""Every page, PDF and API that names ISO clauses works for each edition of TCVN ISO 9001, with
the clock on 30 June 2026: an agency on 2008, one on 2015 and one on 2026 each cite a clause in
a procedure, audit it, find a major nonconformity, hold a management review; each page names
the clauses of the agency's own edition."""

from datetime import date

import time_machine
from django.test import TestCase
from django.urls import reverse

from audits.models import Nonconformity
from audits.services import reviews
from documents.models import IsoClause
from qms.agencies.roles import Role
from tests.audits.test_clause_view import closed_audit, effective
from tests.helpers import make_agency, make_document_type, make_province, make_unit, make_user
from tests.test_report_pdfs import pdf_lines

CLOCK = time_machine.travel("2026-06-30 09:00 +07:00", tick=False)
# A clause each edition has under its own number and title: what a procedure cites.
CITED = {"2008": "4.2.3", "2015": "7.5.3", "2026": "7.5.3"}


def title_of(version: str, number: str) -> str:
    return IsoClause.objects.get(version=version, number=number).title


@CLOCK
class EditionPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.sets = {}
        with CLOCK:
            province = make_province()
            for version, name in (
                ("2008", "UBND xã Lang Biang"),
                ("2015", "Sở Tư pháp"),
                ("2026", "Sở Y tế"),
            ):
                agency = make_agency(name, province=province, iso_version=version)
                people = {
                    role: make_user(f"{role} {version}", agency, [role])
                    for role in (Role.ISO_SECRETARY, Role.APPROVER, Role.AUDITOR, Role.STAFF)
                }
                unit = make_unit(agency, "Văn phòng")
                make_document_type(agency)
                document = effective(
                    agency, people[Role.ISO_SECRETARY], "Quy trình kiểm soát hồ sơ", CITED[version]
                )
                audit, _major = closed_audit(
                    agency,
                    secretary=people[Role.ISO_SECRETARY],
                    approver=people[Role.APPROVER],
                    lead=people[Role.AUDITOR],
                    auditee=people[Role.STAFF],
                    unit=unit,
                    chosen=["8.2" if version == "2008" else "9.2"],
                    approved_on=date(2026, 3, 20),
                )
                review = reviews.review_create(
                    agency=agency,
                    by=people[Role.ISO_SECRETARY],
                    title="Xem xét của lãnh đạo 6 tháng đầu năm",
                    held_on=date(2026, 6, 30),
                    chair=people[Role.APPROVER],
                )
                reviews.review_compile(review=review, by=people[Role.ISO_SECRETARY])
                cls.sets[version] = {
                    "agency": agency,
                    "people": people,
                    "document": document,
                    "audit": audit,
                    "review": review,
                    "nonconformity": Nonconformity.objects.get(agency=agency),
                }
            cls.supervisor = make_user("Ngô Anh Tuấn", province, [Role.SUPERVISOR])

    def test_each_page_names_the_clauses_of_the_agencys_edition(self):
        for version, objects in self.sets.items():
            secretary = objects["people"][Role.ISO_SECRETARY]
            self.client.force_login(secretary)
            audited = "8.2" if version == "2008" else "9.2"
            # (page, the clause it names, whether it names it with its title)
            pages = [
                (reverse("documents:document-detail", args=[objects["document"].pk]), CITED, 0),
                (reverse("audits:audit-detail", args=[objects["audit"].pk]), audited, 1),
                (reverse("audits:audit-report", args=[objects["audit"].pk]), "8.5.1", 0),
                (
                    reverse("audits:nonconformity-detail", args=[objects["nonconformity"].pk]),
                    "8.5.1",
                    1,
                ),
                (reverse("audits:clause-view"), CITED, 1),
            ]
            for url, number, titled in pages:
                number = number[version] if isinstance(number, dict) else number
                with self.subTest(version=version, url=url):
                    page = self.client.get(url)
                    self.assertContains(page, number)
                    if titled:
                        self.assertContains(page, title_of(version, number))

    def test_each_pdf_names_its_editions_clauses_and_inputs(self):
        for version, objects in self.sets.items():
            self.client.force_login(objects["people"][Role.ISO_SECRETARY])
            audited = "8.2" if version == "2008" else "9.2"
            with self.subTest(version=version, pdf="audit plan"):
                plan = self.client.get(reverse("audits:audit-plan-pdf", args=[objects["audit"].pk]))
                self.assertIn(audited, " ".join(pdf_lines(plan.content)))
            with self.subTest(version=version, pdf="review"):
                pdf = self.client.get(reverse("audits:review-pdf", args=[objects["review"].pk]))
                self.assertEqual(pdf.status_code, 200)
                self.assertIn(f"TCVN ISO 9001:{version}", " ".join(pdf_lines(pdf.content)))

    def test_the_clause_api_serves_each_edition(self):
        for version, objects in self.sets.items():
            agency = objects["agency"]
            self.client.force_login(objects["people"][Role.STAFF])
            with self.subTest(version=version):
                response = self.client.get(f"/api/v1/clauses/{agency.code}/")
                self.assertEqual(response.status_code, 200)
                body = response.json()
                self.assertEqual(body["edition"], version)
                numbers = {row["number"] for row in body["clauses"]}
                self.assertEqual(
                    numbers,
                    set(
                        IsoClause.objects.filter(version=version, number__contains=".").values_list(
                            "number", flat=True
                        )
                    ),
                )

    def test_the_so_reads_each_agencys_clauses(self):
        self.client.force_login(self.supervisor)
        for version, objects in self.sets.items():
            with self.subTest(version=version):
                url = reverse("monitoring:agency-clauses", args=[objects["agency"].pk])
                page = self.client.get(url)
                self.assertContains(page, CITED[version])
                self.assertContains(page, title_of(version, CITED[version]))
                province = self.client.get(reverse("monitoring:clauses"), {"version": version})
                self.assertContains(province, title_of(version, CITED[version]))
