import io
import zipfile
from datetime import date
from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.db.models import Count, Q, Sum

from documents.models import (
    ApprovalDecision,
    ChangeRequest,
    Document,
    DocumentReview,
    DocumentType,
    ExternalDocument,
    ProcedureStep,
    RecordItem,
    Revision,
)
from documents.word.reading import read_procedure
from documents.word.writing import procedure_docx
from qms.agencies.models import Agency, AgencyRole, User
from qms.devdata.demo import documents as demo_documents
from qms.devdata.demo.documents import paper, system
from qms.devdata.demo.documents.specs import context

S = Revision.Status


def snapshot() -> dict[str, int]:
    return {
        "types": DocumentType.objects.count(),
        "documents": Document.objects.count(),
        "revisions": Revision.objects.count(),
        "steps": ProcedureStep.objects.count(),
        "records": RecordItem.objects.count(),
        "decisions": ApprovalDecision.objects.count(),
        "change_requests": ChangeRequest.objects.count(),
        "reviews": DocumentReview.objects.count(),
        "external": ExternalDocument.objects.count(),
        "type_history": DocumentType.history.count(),
        "document_history": Document.history.count(),
        "revision_history": Revision.history.count(),
        "change_request_history": ChangeRequest.history.count(),
        "external_history": ExternalDocument.history.count(),
        "role_memberships": AgencyRole.objects.filter(group__user__isnull=False).count(),
    }


class DocumentDemoChecks:
    """What the demo's document control holds; mixed into tests/test_demo.py's LoadDemoTests so
    that the (slow) demo is built once for every check."""

    sotp: Agency  # Sở Tư pháp and UBND phường Xuân Hương carry the full story;
    ward: Agency  # the other agencies the basics.

    def doc(self, agency, code):
        return Document.objects.get(agency=agency, code=code)

    def test_sotp_has_revisions_in_every_status(self):
        statuses = set(
            Revision.objects.filter(document__agency=self.sotp).values_list("status", flat=True)
        )
        self.assertEqual(statuses, set(S.values))
        self.assertEqual(self.doc(self.sotp, "QT-13").revisions.get().status, S.APPROVED)
        approved = self.doc(self.sotp, "QT-13").revisions.get()
        self.assertGreater(approved.effective_date, approved.approved_at.date())

    def test_the_superseded_issue_has_a_successor_with_a_summary_and_a_change_request(self):
        superseded = Revision.objects.get(document__agency=self.sotp, status=S.SUPERSEDED)
        successor = superseded.document.revisions.get(number=superseded.number + 1)
        self.assertEqual(successor.status, S.EFFECTIVE)
        self.assertTrue(successor.change_summary.strip())
        self.assertEqual(successor.change_request.status, ChangeRequest.Status.ACCEPTED)
        self.assertEqual(successor.change_request.decided_by.username, "lan.tk")
        self.assertEqual(superseded.ended_on, successor.effective_date)
        self.assertEqual(
            list(successor.decisions.values_list("decision", "by__username")),
            [("submitted", "lan.tk"), ("passed", "mai.xx"), ("approved", "minh.ld")],
        )

    def test_a_document_citing_the_replaced_decree_needs_an_update(self):
        decree = ExternalDocument.objects.get(agency=self.sotp, number="61/2018/NĐ-CP")
        self.assertEqual(decree.status, ExternalDocument.Status.REPLACED)
        self.assertEqual(decree.replaced_by.number, "118/2025/NĐ-CP")
        stale = Document.objects.of_agency(self.sotp).needs_update()
        self.assertIn("QT-09", set(stale.values_list("code", flat=True)))
        self.assertTrue(
            self.doc(self.sotp, "QT-09")
            .change_requests.filter(status=ChangeRequest.Status.OPEN, source="legal_change")
            .exists()
        )

    def test_one_procedure_takes_longer_than_its_legal_time_limit(self):
        over = [
            document.code
            for document in Document.objects.of_agency(self.sotp)
            .effective()
            .filter(administrative_procedure__isnull=False)
            .select_related("administrative_procedure")
            .annotate(total=Sum("effective_revision__steps__duration_days"))
            if document.total > document.administrative_procedure.time_limit_days
        ]
        self.assertEqual(over, ["QT-07"])
        procedure = self.doc(self.sotp, "QT-07").administrative_procedure
        self.assertEqual(
            (procedure.kind, procedure.number, procedure.time_limit_days),
            ("tthc", "2.000635", Decimal("1")),
        )

    def test_the_ward_procedures_implement_their_tthc_within_the_limit(self):
        procedures = (
            Document.objects.of_agency(self.ward)
            .effective()
            .filter(administrative_procedure__isnull=False)
            .select_related("administrative_procedure")
            .annotate(total=Sum("effective_revision__steps__duration_days"))
        )
        codes = {d.administrative_procedure.number: d.total for d in procedures}
        self.assertEqual(set(codes), {"1.001193", "1.000894", "2.000815"})
        for document in procedures:
            self.assertLessEqual(document.total, document.administrative_procedure.time_limit_days)

    def test_the_ward_imported_its_tthc_list_and_its_procedures_implement_them(self):
        tthc = ExternalDocument.objects.filter(agency=self.ward, kind="tthc")
        self.assertEqual(tthc.count(), 12)
        self.assertFalse(tthc.filter(Q(level="") | Q(sector="") | Q(time_limit_days=None)))
        implemented = tthc.filter(implementing_documents__isnull=False).distinct()
        self.assertGreaterEqual(implemented.count(), 3)
        birth = tthc.get(number="1.001193")
        self.assertEqual(birth.sector, "Hộ tịch")
        for words in ("1 001193", "dang ky khai sinh", "ho tich"):
            self.assertIn(words, birth.search_text)

    def test_every_effective_procedure_has_steps_and_records(self):
        procedures = (
            Document.objects.effective()
            .filter(type__kind=DocumentType.Kind.PROCEDURE)
            .annotate(
                steps=Count("effective_revision__steps", distinct=True),
                records=Count("effective_revision__records", distinct=True),
            )
        )
        self.assertGreater(len(procedures), 100)
        for document in procedures:
            self.assertGreater(document.steps, 0, document)
            self.assertGreater(document.records, 0, document)

    def test_every_agency_with_an_iso_secretary_has_its_system_documents_effective(self):
        agencies = Agency.objects.filter(
            is_active=True, roles__role="iso_secretary", roles__group__user__isnull=False
        ).distinct()
        self.assertEqual(agencies.count(), 18)
        for agency in agencies:
            wanted = {"CS-01", "MT-01", "STCL-01", "QT-01", "QT-02", "QT-03", "QT-04", "QT-05"}
            if agency.iso_version == "2015":
                wanted.add("QT-06")
            effective = set(
                Document.objects.of_agency(agency).effective().values_list("code", flat=True)
            )
            self.assertLessEqual(wanted, effective, agency.code)
            form = self.doc(agency, "BM-01-QT-01")
            self.assertEqual(form.parent, self.doc(agency, "QT-01"))
            self.assertIn(form, self.doc(agency, "QT-01").effective_revision.forms.all())
            clauses = self.doc(agency, "QT-03").clauses.all()
            self.assertEqual({c.version for c in clauses}, {agency.iso_version})

    def test_the_long_tail_brought_in_word_files_in_its_own_name_and_people(self):
        # Each procedure is written once and stamped with every agency's name and signatories.
        for code in ("sonv", "x-dilinh"):
            agency = Agency.objects.get(code=code)
            revisions = Revision.objects.filter(document__agency=agency).select_related("document")
            self.assertGreaterEqual(revisions.count(), 9, code)
            for revision in revisions:
                with revision.source_file.open("rb") as file:
                    data = file.read()
                with zipfile.ZipFile(io.BytesIO(data)) as docx:
                    xml = b"".join(docx.read(name) for name in docx.namelist())
                self.assertNotIn(b"[QMS-", xml)
                read = read_procedure(data)
                self.assertEqual(read.agency, agency.name.upper())
                self.assertEqual(
                    (read.code, read.title.lower()),
                    (revision.document.code, revision.document.title.lower()),
                )
                self.assertEqual(
                    [(s.name, s.position) for s in read.signatories],
                    list(revision.paper_signatures.values_list("name", "position")),
                )
            people = [
                User.objects.get(username=f"{role}.{code}").get_full_name()
                for role in ("secretary", "admin", "approver")
            ]
            self.assertEqual([s.name for s in read.signatories], people)

    def test_a_stamped_word_file_reads_as_the_one_written_for_the_agency(self):
        issued_on = date(2026, 11, 8)
        for code in ("sonv", "x-dilinh", "sogddt"):
            agency = Agency.objects.get(code=code)
            ctx = context(agency, {unit.name: unit for unit in agency.units.order_by("pk")})
            cast = demo_documents._cast(agency)
            specs = [spec for spec, _parent in paper._with_forms(system.standard_set(ctx))]
            structures = [paper._structure(ctx, cast, spec, issued_on) for spec in specs]
            stamped = paper._word_files(ctx, cast, structures)
            for structure, data in zip(structures, stamped, strict=True):
                self.assertEqual(
                    read_procedure(data), read_procedure(procedure_docx(structure)), structure.code
                )

    def test_the_register_holds_change_requests_reviews_and_a_restricted_document(self):
        requests = ChangeRequest.objects.filter(document__agency=self.sotp)
        self.assertEqual(
            set(requests.values_list("status", flat=True)),
            {"open", "accepted", "refused"},
        )
        refused = requests.get(status=ChangeRequest.Status.REFUSED)
        self.assertTrue(refused.decision_note)
        review = DocumentReview.objects.get(document__agency=self.sotp)
        self.assertEqual(review.outcome, DocumentReview.Outcome.NO_CHANGE)
        self.assertEqual(review.reviewed_by.username, "lan.tk")
        self.assertEqual(
            list(Document.objects.of_agency(self.sotp).filter(restricted=True).values_list("code")),
            [("QT-15",)],
        )

    def test_the_returned_draft_carries_the_reviewers_comment(self):
        draft = self.doc(self.sotp, "QT-14").revisions.get()
        self.assertEqual((draft.status, draft.returned, draft.round), (S.DRAFT, True, 2))
        returned = draft.decisions.get(decision=ApprovalDecision.Decision.RETURNED)
        self.assertEqual(returned.by.username, "mai.xx")
        self.assertTrue(returned.comment)

    def test_the_withdrawn_procedure_is_obsolete_with_its_reason(self):
        document = self.doc(self.sotp, "QT-08")
        self.assertEqual(document.status, Document.Status.OBSOLETE)
        self.assertIsNone(document.effective_revision)
        revision = document.revisions.get()
        self.assertEqual(revision.status, S.OBSOLETE)
        self.assertIn("Công an", revision.withdrawal_reason)

    def test_history_rows_name_the_person_who_acted(self):
        anonymous = Q(history_user__isnull=True)
        self.assertFalse(Revision.history.filter(document__agency=self.sotp).filter(anonymous))
        self.assertFalse(Document.history.filter(agency=self.sotp).filter(anonymous))

    def test_running_it_twice_changes_no_document(self):
        before = snapshot()
        call_command("load_demo", stdout=StringIO())
        self.assertEqual(snapshot(), before)
