"""The next issue of a procedure from its Word file: upload, draft filled, compared with the
effective issue, then reviewed and approved as usual; and a revision read back as the
structure its .docx states."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from documents.models import ExternalDocument, Revision
from documents.selectors.word import revision_structure
from documents.services import revisions as flow
from documents.services.changes import change_request_create, change_request_decide
from documents.services.word import revision_fill_from_word
from documents.word.reading import read_procedure
from documents.word.structure import SignedAs
from qms.agencies.roles import Role
from tests.documents.word_fixtures import (
    PROCEDURE,
    damaged_docx,
    doc97_bytes,
    procedure_docx,
)
from tests.helpers import count_queries, make_agency, make_document, make_document_type, make_user

# Issue 01 as it was: step 3 took three days, and step 8 did not exist yet.
OLD_STEPS = [list(step) for step in PROCEDURE["steps"][:-1]]
OLD_STEPS[2][2] = "03 ngày làm việc"
FIRST_HISTORY = [("1", "10/01/2020", "Toàn bộ", "Ban hành lần đầu", "01")]
NEXT_HISTORY = FIRST_HISTORY + [
    ("2", "15/03/2024", "Mục 5", "Rút ngắn thời gian tra cứu, bổ sung bước cập nhật", "02")
]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def upload(data: bytes, name: str = "QT-04 Cap phieu ly lich tu phap.docx"):
    return SimpleUploadedFile(name, data, content_type=DOCX)


class WordDraftTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp tỉnh Lâm Đồng")
        # Lan, ISO secretary of the Sở.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY])
        # Hùng, drafter of the procedure (chuyên viên).
        cls.hung = make_user(
            "Trần Văn Hùng", cls.agency, [Role.DRAFTER], position="Chuyên viên phòng HCTP"
        )
        # Mai, reviewer (Trưởng phòng Hành chính tư pháp).
        cls.mai = make_user("Lê Thị Mai", cls.agency, [Role.REVIEWER], position="Trưởng phòng HCTP")
        # Minh, approver (Giám đốc Sở).
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER], position="Giám đốc Sở")
        # Hoa, staff: reads the procedures, writes none.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
        cls.other_agency = make_agency("Sở Y tế tỉnh Lâm Đồng")
        # Tuấn, ISO secretary of Sở Y tế, who must never see or touch Sở Tư pháp's documents.
        cls.tuan = make_user("Trần Anh Tuấn", cls.other_agency, [Role.ISO_SECRETARY])
        form_type = make_document_type(cls.agency, kind="form", prefix="BM")
        for code, title in PROCEDURE["forms"][:2]:  # BM-03-QT-04 is not registered
            make_document(cls.agency, cls.lan, title, type=form_type, code=code)
        cls.document = make_document(
            cls.agency, cls.hung, "Quy trình cấp Phiếu lý lịch tư pháp", code="QT-04"
        )
        first = cls.document.revisions.get()
        structure = read_procedure(
            procedure_docx(issue="01", steps=OLD_STEPS, history=FIRST_HISTORY)
        )
        revision_fill_from_word(revision=first, by=cls.hung, structure=structure)
        cls.approve(first)
        cls.document.refresh_from_db()
        cls.first = first

    @classmethod
    def approve(cls, revision):
        flow.revision_submit(revision=revision, by=cls.hung, reviewers=[cls.mai], approver=cls.minh)
        flow.revision_review_pass(revision=revision, by=cls.mai)
        flow.revision_approve(revision=revision, by=cls.minh)

    @property
    def new_draft_url(self) -> str:
        return reverse("documents:document-word-draft", args=[self.document.pk])

    def post(self, url: str, data: bytes, **kwargs):
        return self.client.post(url, {"file": upload(data, **kwargs)})

    def messages_of(self, response, level: str) -> list[str]:
        return [m.message for m in response.context["messages"] if m.level_tag == level]


class NewDraftFromWordTests(WordDraftTestCase):
    def test_the_next_issue_goes_from_the_word_file_to_effective(self):
        self.client.force_login(self.hung)
        self.assertEqual(self.client.get(self.new_draft_url).status_code, 200)
        response = self.client.post(
            self.new_draft_url,
            {"file": upload(procedure_docx(issue="02", history=NEXT_HISTORY))},
            follow=True,
        )
        draft = self.document.revisions.get(number=2)
        self.assertRedirects(response, reverse("documents:revision-detail", args=[draft.pk]))
        self.assertEqual((draft.status, draft.drafted_by), (Revision.Status.DRAFT, self.hung))
        self.assertEqual(draft.source_name, "QT-04 Cap phieu ly lich tu phap.docx")
        self.assertTrue(draft.source_file.name.endswith(".docx"))
        self.assertEqual(draft.change_summary, "Rút ngắn thời gian tra cứu, bổ sung bước cập nhật")

        steps = list(draft.steps.values_list("order", "time_text", "duration_days"))
        self.assertEqual(len(steps), 8)
        self.assertEqual(steps[1], (2, "4 giờ", Decimal("0.5")))
        self.assertEqual(steps[3], (4, "Theo thời hạn được giao (tối đa 20 ngày)", None))
        self.assertEqual(steps[7], (8, "Khi phát sinh", None))
        self.assertEqual(
            [item.retention_display for item in draft.records.all()],
            [
                "03 năm",
                "Vĩnh viễn",
                str(draft.records.model.Retention.UNTIL_SUPERSEDED.label),
                "02 năm kể từ khi kết thúc sổ",
            ],
        )
        self.assertEqual(
            sorted(draft.forms.values_list("code", flat=True)), ["BM-01-QT-04", "BM-02-QT-04"]
        )
        self.assertEqual(
            list(draft.paper_signatures.values_list("role", "name")),
            [
                ("drafted", "Nguyễn Thị Thu Hà"),
                ("reviewed", "Trần Văn Bình"),
                ("approved", "Lê Minh Tuấn"),
            ],
        )
        self.assertEqual(list(draft.paper_history.values_list("issue", flat=True)), [1, 2])
        self.assertEqual(draft.legal_limit_days, Decimal("10"))

        # The page says what was filled and which forms are missing from the register.
        [success] = self.messages_of(response, "success")
        self.assertIn("8", success)
        self.assertTrue(any("BM-03-QT-04" in m for m in self.messages_of(response, "warning")))
        self.assertContains(response, "Lê Minh Tuấn")
        self.assertContains(response, "Khi phát sinh")
        self.assertContains(response, "02 năm kể từ khi kết thúc sổ")

        # The comparison with issue 01: step 3 got shorter, step 8 is new.
        diff = self.client.get(reverse("documents:revision-diff", args=[draft.pk])).context["diff"]
        changes = [(row.number, row.status) for row in diff.steps if row.status != "unchanged"]
        self.assertEqual(changes, [(3, "changed"), (8, "added")])
        self.assertEqual((diff.old_total_days, diff.new_total_days), (Decimal(11), Decimal(10)))

        flow.revision_submit(revision=draft, by=self.hung, reviewers=[self.mai], approver=self.minh)
        flow.revision_review_pass(revision=draft, by=self.mai)
        flow.revision_approve(revision=draft, by=self.minh)
        self.document.refresh_from_db()
        self.first.refresh_from_db()
        self.assertEqual(self.document.effective_revision, draft)
        self.assertEqual(self.first.status, Revision.Status.SUPERSEDED)

    def test_the_file_replaces_the_content_of_an_existing_draft(self):
        request = change_request_create(document=self.document, by=self.hoa, reason="Luật mới")
        draft = change_request_decide(
            change_request=request, by=self.lan, accept=True, drafter=self.hung
        )
        self.assertEqual(draft.steps.count(), 7)  # copied from issue 01
        self.client.force_login(self.hung)
        url = reverse("documents:revision-word-draft", args=[draft.pk])
        response = self.post(url, procedure_docx(issue="02", history=NEXT_HISTORY))
        self.assertRedirects(response, reverse("documents:revision-detail", args=[draft.pk]))
        self.assertEqual(draft.steps.count(), 8)
        self.assertEqual(draft.paper_signatures.count(), 3)
        self.assertEqual(self.document.revisions.count(), 2)

    def test_a_document_with_a_draft_in_progress_takes_the_file_on_its_draft(self):
        request = change_request_create(document=self.document, by=self.hoa, reason="Luật mới")
        change_request_decide(change_request=request, by=self.lan, accept=True, drafter=self.hung)
        self.client.force_login(self.hung)
        response = self.post(self.new_draft_url, procedure_docx(issue="02"))
        self.assertRedirects(
            response, reverse("documents:document-detail", args=[self.document.pk])
        )
        self.assertEqual(self.document.revisions.count(), 2)


class RefusedTests(WordDraftTestCase):
    def test_a_read_only_role_and_a_reviewer_are_refused_and_nothing_is_written(self):
        for person in (self.hoa, self.mai):
            self.client.force_login(person)
            self.assertEqual(self.client.get(self.new_draft_url).status_code, 403)
            response = self.post(self.new_draft_url, procedure_docx(issue="02"))
            self.assertEqual(response.status_code, 403)
        self.assertEqual(self.document.revisions.count(), 1)

    def test_another_agencys_secretary_gets_a_404_and_nothing_is_written(self):
        self.client.force_login(self.tuan)
        response = self.post(self.new_draft_url, procedure_docx(issue="02"))
        self.assertEqual(response.status_code, 404)
        draft_url = reverse("documents:revision-word-draft", args=[self.first.pk])
        self.assertEqual(self.post(draft_url, procedure_docx()).status_code, 404)
        self.assertEqual(self.document.revisions.count(), 1)

    def test_the_service_refuses_a_read_only_role_and_an_issued_revision(self):
        request = change_request_create(document=self.document, by=self.hoa, reason="Luật mới")
        draft = change_request_decide(
            change_request=request, by=self.lan, accept=True, drafter=self.hung
        )
        structure = read_procedure(procedure_docx(issue="02"))
        with self.assertRaises(PermissionDenied):
            revision_fill_from_word(revision=draft, by=self.hoa, structure=structure)
        with self.assertRaises(PermissionDenied):
            revision_fill_from_word(revision=draft, by=self.tuan, structure=structure)
        with self.assertRaises(ValidationError):
            revision_fill_from_word(revision=self.first, by=self.lan, structure=structure)
        self.assertEqual(draft.steps.count(), 7)
        self.assertFalse(draft.paper_signatures.exists())

    def test_a_damaged_file_says_so_and_keeps_the_draft_unchanged(self):
        request = change_request_create(document=self.document, by=self.hoa, reason="Luật mới")
        draft = change_request_decide(
            change_request=request, by=self.lan, accept=True, drafter=self.hung
        )
        before = list(draft.steps.values_list("content", "time_text"))
        self.client.force_login(self.hung)
        url = reverse("documents:revision-word-draft", args=[draft.pk])
        for data, words in ((damaged_docx(), "hỏng"), (doc97_bytes(), ".docx")):
            response = self.post(url, data)
            self.assertEqual(response.status_code, 200)
            [message] = response.context["form"].errors["file"]
            self.assertIn(words, message)
        draft.refresh_from_db()
        self.assertEqual(list(draft.steps.values_list("content", "time_text")), before)
        self.assertFalse(draft.source_file)
        self.assertFalse(draft.paper_signatures.exists())

    def test_a_damaged_file_starts_no_new_draft(self):
        self.client.force_login(self.hung)
        response = self.post(self.new_draft_url, damaged_docx())
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["file"])
        self.assertEqual(self.document.revisions.count(), 1)


class StructureAndQueryCountTests(WordDraftTestCase):
    def test_an_issue_from_word_reads_back_as_its_file_states(self):
        structure = revision_structure(self.first)
        self.assertEqual((structure.code, structure.issue_number), ("QT-04", 1))
        self.assertEqual(structure.agency, "Sở Tư pháp tỉnh Lâm Đồng")
        self.assertEqual(structure.signatories[2].name, "Lê Minh Tuấn")
        self.assertEqual([e.summary for e in structure.history], ["Ban hành lần đầu"])
        self.assertEqual(len(structure.steps), 7)
        self.assertEqual(structure.steps[1].time_text, "4 giờ")
        self.assertEqual(structure.stated_total_days, Decimal(11))
        self.assertEqual(structure.legal_limit_days, Decimal(10))
        self.assertEqual([f.code for f in structure.forms], ["BM-01-QT-04", "BM-02-QT-04"])
        self.assertEqual(
            [r.retention_text for r in structure.records][-1], "02 năm kể từ khi kết thúc sổ"
        )
        self.assertFalse(structure.is_draft)

    def test_a_system_issue_is_signed_by_its_accounts_and_the_tthc_is_the_limit(self):
        tthc = ExternalDocument.objects.create(
            agency=self.agency,
            kind=ExternalDocument.Kind.PROCEDURE,
            number="1.001193",
            title="Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
            time_limit_days=Decimal(7),
        )
        document = make_document(
            self.agency, self.hung, "Quy trình chứng thực", administrative_procedure=tthc
        )
        revision = document.revisions.get()
        flow.revision_update_content(
            revision=revision,
            by=self.hung,
            steps=[{"content": "Tiếp nhận hồ sơ", "duration_days": Decimal(1)}],
        )
        self.approve(revision)
        revision.refresh_from_db()
        structure = revision_structure(revision)
        self.assertEqual(
            [(s.role, s.name, s.position) for s in structure.signatories],
            [
                (SignedAs.DRAFTED, "Trần Văn Hùng", "Chuyên viên phòng HCTP"),
                (SignedAs.REVIEWED, "Lê Thị Mai", "Trưởng phòng HCTP"),
                (SignedAs.APPROVED, "Phạm Văn Minh", "Giám đốc Sở"),
            ],
        )
        self.assertEqual((structure.tthc_code, structure.legal_limit_days), ("1.001193", 7))
        self.assertEqual(
            [(e.issue, e.on) for e in structure.history], [(1, revision.effective_date)]
        )

    def test_an_imported_issue_shows_its_paper_history_in_the_revision_log(self):
        document = make_document(self.agency, self.hung, "Quy trình hộ tịch", code="QT-07")
        revision = document.revisions.get()
        # The import brings issue 03 in: issues 01 and 02 exist only on paper.
        Revision.objects.filter(pk=revision.pk).update(number=3)
        history = NEXT_HISTORY + [("3", "01/02/2025", "Mục 7", "Cập nhật hồ sơ cần lưu", "03")]
        structure = read_procedure(procedure_docx(code="QT-07", issue="03", history=history))
        revision_fill_from_word(revision=revision, by=self.hung, structure=structure)
        self.approve(revision)
        self.client.force_login(self.hoa)
        response = self.client.get(reverse("documents:document-detail", args=[document.pk]))
        self.assertEqual([e.issue for e in response.context["paper_log"]], [1, 2])
        self.assertContains(response, "Ban hành lần đầu")
        self.assertEqual([e.issue for e in revision_structure(revision).history], [1, 2, 3])

    def test_revision_structure_reads_in_a_fixed_number_of_queries(self):
        small = make_document(self.agency, self.hung, "Quy trình nhỏ").revisions.get()
        flow.revision_update_content(
            revision=small, by=self.hung, steps=[{"content": "Tiếp nhận hồ sơ"}]
        )
        self.assertEqual(
            count_queries(lambda: revision_structure(small)),
            count_queries(lambda: revision_structure(self.first)),
        )

    def test_the_upload_pages_query_count_does_not_grow_with_the_content(self):
        small = make_document(self.agency, self.hung, "Quy trình nhỏ")
        revision = small.revisions.get()
        flow.revision_update_content(
            revision=revision, by=self.hung, steps=[{"content": "Tiếp nhận hồ sơ"}]
        )
        self.approve(revision)
        self.client.force_login(self.hung)
        urls = [
            reverse("documents:document-word-draft", args=[document.pk])
            for document in (small, self.document)
        ]
        counts = [count_queries(lambda url=url: self.client.get(url)) for url in urls]
        self.assertEqual(counts[0], counts[1])
