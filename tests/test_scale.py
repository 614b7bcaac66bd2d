import json
import tempfile
from io import StringIO
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q
from django.test import TestCase

from audits.models import Action, ManagementReview, Nonconformity
from documents.models import (
    Acknowledgement,
    ApprovalDecision,
    Distribution,
    Document,
    RecordItem,
    Revision,
)
from qms.agencies.models import Agency, User
from qms.agencies.roles import Role
from qms.devdata.scale.bench import CASES, percentile
from qms.devdata.scale.bench_sizes import LIST_CASES
from qms.lib.text import searchable

S = Revision.Status


def seed_tiny(code: str = "tiny") -> None:
    call_command(
        "seed_scale",
        "--preset=small",
        f"--province-code={code}",
        "--documents-per-agency=12",
        "--nonconformities=3",
        stdout=StringIO(),
    )


class SeedScaleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # A tiny province: every level, a handful of documents per agency.
        seed_tiny()
        cls.province = Agency.objects.get(code="tiny")

    def test_it_builds_agencies_at_every_level(self):
        agencies = Agency.objects.in_province(self.province)
        levels = set(Agency.Level.values) - {Agency.Level.MINISTRY}  # the Ministry is national
        self.assertEqual(set(agencies.values_list("level", flat=True)), levels)
        self.assertTrue(Agency.objects.filter(level=Agency.Level.MINISTRY).exists())
        merged = agencies.filter(level=Agency.Level.DISTRICT).first()
        self.assertFalse(merged.is_active)
        self.assertIsNotNone(merged.merged_into_id)

    def test_every_document_has_at_most_one_effective_revision_and_it_is_the_documents(self):
        documents = Document.objects.filter(agency__province=self.province).annotate(
            effective=Count("revisions", filter=Q(revisions__status=S.EFFECTIVE))
        )
        self.assertGreater(documents.count(), 0)
        for document in documents:
            self.assertLessEqual(document.effective, 1, document.code)
            if document.status == Document.Status.EFFECTIVE:
                self.assertEqual(document.effective, 1, document.code)
                self.assertEqual(document.effective_revision.status, S.EFFECTIVE)
                self.assertEqual(document.effective_revision.document_id, document.pk)
            else:
                self.assertIsNone(document.effective_revision_id, document.code)

    def test_derived_columns_are_those_the_services_would_keep(self):
        listing = Exists(RecordItem.objects.filter(revision=OuterRef("effective_revision")))
        documents = Document.objects.filter(agency__province=self.province)
        self.assertTrue(documents.filter(lists_records=True).exists())
        self.assertEqual(
            set(documents.filter(lists_records=True).values_list("pk", flat=True)),
            set(documents.filter(listing).values_list("pk", flat=True)),
        )
        sent = Exists(Distribution.objects.filter(revision=OuterRef("effective_revision")))
        self.assertTrue(documents.filter(is_distributed=True).exists())
        self.assertEqual(
            set(documents.filter(is_distributed=True).values_list("pk", flat=True)),
            set(documents.filter(sent).values_list("pk", flat=True)),
        )
        for code, title, search_title in documents.values_list("code", "title", "search_title"):
            self.assertEqual(search_title, searchable(code, title), code)

    def test_codes_are_unique_per_agency(self):
        duplicates = (
            Document.objects.values("agency", "code").annotate(n=Count("pk")).filter(n__gt=1)
        )
        self.assertFalse(duplicates.exists())
        self.assertEqual(
            Nonconformity.objects.values("agency", "code")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .count(),
            0,
        )

    def test_history_rows_are_written_for_tracked_rows(self):
        for model in (Agency, User, Document, Revision, Nonconformity, Action, ManagementReview):
            with self.subTest(model=model.__name__):
                rows = model.objects.count()
                self.assertGreater(rows, 0)
                self.assertGreaterEqual(model.history.count(), rows)
        revision = Revision.objects.filter(status=S.EFFECTIVE).first()
        self.assertEqual(revision.history.get().history_user, revision.approved_by)

    def test_every_agency_has_its_audit_programme_with_findings_of_every_grade(self):
        from audits.models import Audit, AuditProgramme, Finding

        agencies = Agency.objects.filter(is_active=True, province__isnull=False)
        self.assertEqual(AuditProgramme.objects.count(), agencies.count())
        closed = Audit.objects.filter(status=Audit.Status.CLOSED)
        self.assertEqual(closed.count(), agencies.count())
        self.assertTrue(
            all(audit.report_pdf.storage.exists(audit.report_pdf.name) for audit in closed)
        )
        self.assertEqual(
            set(Finding.objects.values_list("grade", flat=True)), set(Finding.Grade.values)
        )
        self.assertEqual(Finding.history.count(), Finding.objects.count())

    def test_announcements_cover_the_procedures_then_in_force(self):
        from qms.monitoring.models import Announcement

        self.assertTrue(Announcement.objects.exists())
        for announcement in Announcement.objects.all():
            self.assertTrue(announcement.procedures.exists())
            self.assertFalse(
                announcement.procedures.exclude(agency_id=announcement.agency_id).exists()
            )

    def test_issued_revisions_point_at_a_stored_pdf_with_its_sha256(self):
        issued = Revision.objects.filter(status__in=Revision.LOCKED)
        self.assertFalse(issued.filter(Q(pdf_file="") | Q(pdf_sha256="")).exists())
        self.assertFalse(issued.filter(verification_token__isnull=True).exists())
        self.assertFalse(Revision.objects.filter(status=S.DRAFT).exclude(pdf_file="").exists())
        revision = issued.first()
        self.assertTrue(default_storage.exists(revision.pdf_file.name))
        with revision.pdf_file.open("rb") as handle:
            self.assertTrue(handle.read().startswith(b"%PDF"))

    def test_issued_revisions_carry_their_decisions(self):
        effective = Revision.objects.filter(status=S.EFFECTIVE).first()
        steps = set(effective.decisions.values_list("step", flat=True))
        self.assertEqual(
            steps,
            {
                ApprovalDecision.Step.SUBMIT,
                ApprovalDecision.Step.REVIEW,
                ApprovalDecision.Step.APPROVAL,
            },
        )
        self.assertNotEqual(effective.drafted_by_id, effective.approved_by_id)
        self.assertTrue(Acknowledgement.objects.exists())

    def test_every_role_is_held_and_the_people_sign_in(self):
        held = set(
            User.objects.filter(groups__agency_role__agency__province=self.province).values_list(
                "groups__agency_role__role", flat=True
            )
        )
        self.assertEqual(held | {Role.SUPERVISOR}, set(Role.values))
        supervisor = User.objects.get(username="supervisor1.tiny")
        self.assertTrue(supervisor.has_perm("qms.supervise", Agency.objects.get(code="tiny-sonv")))
        self.assertTrue(self.client.login(username="secretary.tiny-sonv", password="qms-demo-2026"))

    def test_it_refuses_a_province_code_already_used(self):
        with self.assertRaises(CommandError):
            seed_tiny()


class BenchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed_tiny("bench")

    def test_it_measures_every_case_and_writes_json(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bench.json"
            call_command(
                "bench",
                "--runs=1",
                "--pdf-runs=1",
                "--load-seconds=0",
                "--import-procedures=0",
                f"--json={path}",
                stdout=StringIO(),
                stderr=StringIO(),
            )
            report = json.loads(path.read_text())
        names = [case["name"] for case in report["cases"]]
        self.assertEqual(names, [case.name for case in CASES] + ["Render a 10-page controlled PDF"])
        self.assertEqual(report["database"], connection.vendor)
        self.assertGreater(report["data"]["documents"], 0)
        for case in report["cases"]:
            with self.subTest(case=case["name"]):
                if case["skipped"]:
                    continue
                self.assertEqual(case["status"], 200)
                self.assertEqual(case["runs"], 1)
        cases = {case["name"]: case for case in report["cases"]}
        self.assertEqual(cases["Render a 10-page controlled PDF"]["pages"], 10)
        download = cases["Download an approved PDF"]
        self.assertFalse(download["rendered"])
        self.assertEqual(download["content_type"], "application/pdf")
        # The 10-page procedure was rolled back.
        self.assertFalse(Document.objects.filter(code="QT-BENCH-10").exists())

    def test_sizes_compares_every_list_of_the_smallest_and_the_largest_agency(self):
        with self.assertRaises(CommandError):  # every agency holds 12 documents: no pair
            call_command("bench", "--sizes", "--runs=1", stdout=StringIO(), stderr=StringIO())
        call_command(
            "seed_scale",
            "--preset=small",
            "--province-code=lon",
            "--documents-per-agency=30",
            stdout=StringIO(),
        )
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "sizes.json"
            call_command(
                "bench",
                "--sizes",
                "--runs=1",
                f"--json={path}",
                stdout=StringIO(),
                stderr=StringIO(),
            )
            report = json.loads(path.read_text())
        self.assertEqual(
            (report["sizes"]["small"]["documents"], report["sizes"]["large"]["documents"]), (12, 30)
        )
        self.assertEqual([pair["name"] for pair in report["pairs"]], list(LIST_CASES))
        for pair in report["pairs"]:
            with self.subTest(case=pair["name"]):
                self.assertEqual((pair["small"]["status"], pair["large"]["status"]), (200, 200))
                self.assertEqual(
                    pair["ratio"],
                    round(pair["large"]["median_ms"] / pair["small"]["median_ms"], 2),
                )
                # The same queries for 12 documents as for 30.
                self.assertEqual(pair["small"]["queries"], pair["large"]["queries"])

    def test_it_stops_without_data(self):
        Agency.objects.all().update(is_active=False)
        with self.assertRaises(CommandError):
            call_command(
                "bench", "--runs=1", "--load-seconds=0", stdout=StringIO(), stderr=StringIO()
            )


class PercentileTests(TestCase):
    def test_nearest_rank(self):
        values = [float(n) for n in range(1, 21)]
        self.assertEqual(percentile(values, 50), 10)
        self.assertEqual(percentile(values, 95), 19)
        self.assertEqual(percentile([3.0], 95), 3)


class QueryCountTests(TestCase):
    """Every page the benchmark opens keeps its query count when the agency has more rows."""

    def counts(self) -> dict[str, int]:
        from django.test.utils import override_settings

        from qms.devdata.scale.bench import find_target, run_case

        target = find_target()
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            results = [run_case(case, target, runs=1) for case in CASES]
        # A revision's page depends on that revision's shape (earlier issues, a TTHC, forms),
        # which differs between the two data sets; list pages and downloads do not.
        return {r.name: r.queries for r in results if not r.skipped and r.name != "Revision detail"}

    def test_query_counts_do_not_grow_with_the_data(self):
        seed_tiny("few")
        few = self.counts()
        call_command(
            "seed_scale",
            "--preset=small",
            "--province-code=many",
            "--documents-per-agency=60",
            "--revisions=3",
            "--nonconformities=15",
            stdout=StringIO(),
        )
        many = self.counts()
        self.assertEqual(set(few), set(many))
        for name, count in few.items():
            with self.subTest(page=name):
                self.assertEqual(many[name], count)
