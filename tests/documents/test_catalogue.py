"""The ISO 9001 editions are clause catalogues loaded as data: 2008 and 2015 as the project
always had them, 2026 with the clauses of 2015 each one carries on. A corrected wording is a
file loaded again; a file with a duplicate or missing number, or a mapping to a clause that
does not exist, is refused with the line and the reason, and nothing changes."""

import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from audits.services.risks import uses_risks
from documents.catalogue import CatalogueRefused
from documents.clauses import shipped_file
from documents.models import IsoClause, IsoEdition
from documents.services.catalogue import catalogue_load
from qms.agencies.roles import Role
from tests.helpers import make_agency, make_document, make_user

HEADER = (
    "# edition: 2026\n# name: TCVN ISO 9001:2026\n# follows: 2015\nnumber,title,follows,change\n"
)


def shipped_2026() -> str:
    return shipped_file("2026").read_text(encoding="utf-8")


def titles(version: str) -> dict[str, str]:
    return dict(IsoClause.objects.filter(version=version).values_list("number", "title"))


class ShippedEditionTests(TestCase):
    def test_three_editions_are_loaded_and_2026_follows_2015(self):
        editions = {e.code: e for e in IsoEdition.objects.select_related("follows")}
        self.assertEqual(set(editions), {"2008", "2015", "2026"})
        self.assertEqual(editions["2026"].follows, editions["2015"])
        self.assertIsNone(editions["2015"].follows)

    def test_the_2026_catalogue_carries_the_published_changes(self):
        clauses = {c.number: c for c in IsoClause.objects.filter(version="2026")}
        self.assertIn("khí hậu", clauses["4.1"].title)
        self.assertIn("văn hóa chất lượng", clauses["5.1.1"].title)
        self.assertIn("văn hóa chất lượng", clauses["7.3"].title)
        self.assertIn("hiệu lực", clauses["6.3"].title)
        for number in ("6.1.2", "6.1.3"):
            self.assertEqual(clauses[number].change, IsoClause.Change.CHANGED)
            self.assertEqual(
                [(c.version, c.number) for c in clauses[number].follows.all()], [("2015", "6.1")]
            )
        self.assertEqual(clauses["7.5.3"].change, IsoClause.Change.UNCHANGED)
        self.assertEqual(
            [c.title for c in clauses["7.5.3"].follows.all()], [titles("2015")["7.5.3"]]
        )
        # The 2015 clause knows which 2026 clauses carry it on.
        risks_2015 = IsoClause.objects.get(version="2015", number="6.1")
        self.assertEqual(
            sorted(risks_2015.carried_on_by.values_list("number", flat=True)),
            ["6.1", "6.1.1", "6.1.2", "6.1.3"],
        )


class CatalogueLoadTests(TestCase):
    def test_a_corrected_wording_is_loaded_without_a_code_change(self):
        before = IsoClause.objects.get(version="2026", number="6.1.3")
        corrected = shipped_2026().replace(
            "6.1.3,Hành động giải quyết cơ hội,", "6.1.3,Hành động nắm bắt cơ hội,"
        )
        catalogue_load(corrected.encode())
        after = IsoClause.objects.get(version="2026", number="6.1.3")
        self.assertEqual(after.pk, before.pk)  # what cites it keeps citing it
        self.assertEqual(after.title, "Hành động nắm bắt cơ hội")
        self.assertEqual([c.number for c in after.follows.all()], ["6.1"])
        self.assertEqual(IsoClause.objects.filter(version="2026").count(), 52)

    def test_a_new_clause_can_be_added_and_an_unused_one_dropped(self):
        text = shipped_2026().replace("6.1.1,Khái quát,6.1,changed\n", "")
        text += "10.4,Văn hóa chất lượng,,new\n"
        catalogue_load(text.encode())
        numbers = set(titles("2026"))
        self.assertNotIn("6.1.1", numbers)
        self.assertEqual(IsoClause.objects.get(version="2026", number="10.4").change, "new")

    def assertRefused(self, text: str, *expected: tuple[int, str]):
        before = titles("2026")
        with translation.override("en"), self.assertRaises(CatalogueRefused) as refused:
            catalogue_load(text.encode())
        found = [(problem.line, problem.reason) for problem in refused.exception.problems]
        for line, words in expected:
            self.assertTrue(
                any(at == line and words in reason for at, reason in found), (line, words, found)
            )
        self.assertEqual(titles("2026"), before)  # nothing loaded

    def test_a_duplicate_number_is_refused_with_both_lines(self):
        self.assertRefused(
            HEADER + "4,Bối cảnh,4,unchanged\n4,Bối cảnh của tổ chức,4,changed\n",
            (6, "already on line 5"),
        )

    def test_a_missing_number_title_or_parent_is_refused(self):
        self.assertRefused(
            HEADER + "4,Bối cảnh,4,unchanged\n,Không số,4,changed\n4.1,,4.1,changed\n"
            "7.1.5,Nguồn lực theo dõi,7.1.5,unchanged\n",
            (6, "number is missing"),
            (7, "title is missing"),
            (8, "no clause 7.1 above it"),
        )

    def test_a_mapping_to_a_clause_that_does_not_exist_is_refused(self):
        self.assertRefused(
            HEADER + "4,Bối cảnh,4,unchanged\n4.1,Hiểu tổ chức,4.9,changed\n",
            (6, "Clause 4.9 of TCVN ISO 9001:2015"),
        )

    def test_a_bad_change_or_an_unknown_previous_edition_is_refused(self):
        self.assertRefused(
            HEADER + "4,Bối cảnh,4,renamed\n4.1,Hiểu tổ chức,4.1,new\n",
            (5, "not “renamed”"),
            (6, "follows no clause"),
        )
        self.assertRefused(
            HEADER.replace("follows: 2015", "follows: 2000") + "4,Bối cảnh,4,unchanged\n",
            (1, "2000"),
        )

    def test_dropping_a_clause_that_a_document_cites_is_refused(self):
        agency = make_agency("Sở Tư pháp", iso_version="2026")
        secretary = make_user("Bùi Thị Hải Yến", agency, [Role.ISO_SECRETARY])
        cited = IsoClause.objects.get(version="2026", number="6.1.1")
        make_document(agency, secretary, clauses=[cited])
        self.assertRefused(
            shipped_2026().replace("6.1.1,Khái quát,6.1,changed\n", ""),
            (1, "Clause 6.1.1 is cited by 1 records"),
        )

    def test_the_command_prints_each_refused_line(self):
        path = self.tmp_file(HEADER + "4,Bối cảnh,4,unchanged\n4,Lặp,4,changed\n")
        with self.assertRaises(CommandError) as error:
            call_command("load_catalogue", path)
        self.assertIn("Dòng 6: Điều 4 đã có ở dòng 5.", str(error.exception))
        out = StringIO()
        call_command("load_catalogue", "2026", stdout=out)
        self.assertIn("52", out.getvalue())

    def tmp_file(self, text: str) -> str:
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder)
        path = Path(folder) / "iso-9001-2026.csv"
        path.write_text(text, encoding="utf-8")
        return str(path)


class EveryEditionPagesTests(TestCase):
    """The pages that name clauses offer the agency's own edition, for all three."""

    def test_each_edition_names_its_own_clauses(self):
        own = {"2008": "8.5.3", "2015": "6.1", "2026": "6.1.3"}
        for version, number in own.items():
            with self.subTest(version=version):
                agency = make_agency(f"Sở Thử {version}", code=f"so{version}", iso_version=version)
                secretary = make_user(
                    f"Thư ký {version}",
                    agency,
                    [Role.ISO_SECRETARY, Role.AUDITOR, Role.APPROVER],
                    username=f"thuky{version}",
                )
                self.client.force_login(secretary)
                session = self.client.session
                session["agency_id"] = agency.pk
                session.save()
                title = titles(version)[number]
                for url in (
                    reverse("documents:document-create"),
                    reverse("audits:clause-view"),
                ):
                    response = self.client.get(url)
                    self.assertContains(response, title, msg_prefix=f"{version} {url}")
                response = self.client.get(reverse("audits:clause-view"))
                for other_version, other in own.items():
                    if other_version != version and other not in titles(version):
                        self.assertNotContains(response, titles(other_version)[other])
                self.assertEqual(uses_risks(agency), version != "2008")
