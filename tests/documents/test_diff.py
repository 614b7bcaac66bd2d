import unicodedata

from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from documents import diff as d
from documents.diff import compare_revisions, word_diff
from documents.models import ProcedureStep, Revision
from documents.services import revisions as flow
from documents.services.changes import change_request_create, change_request_decide
from qms.agencies.roles import Role
from tests.helpers import (
    LadderMixin,
    count_queries,
    make_agency,
    make_document,
    make_document_type,
    make_effective_document,
    make_user,
)

STEPS = [
    {"content": "Tiếp nhận hồ sơ", "responsible": "Bộ phận một cửa", "duration_days": 1},
    {"content": "Thẩm định hồ sơ", "responsible": "Phòng chuyên môn", "duration_days": 2},
    {"content": "Trả kết quả cho công dân", "responsible": "Bộ phận một cửa", "duration_days": 1},
]
# The records of the first issue, as tests.helpers.make_effective_document writes them.
RECORDS = [{"name": "Sổ theo dõi hồ sơ", "keeper": "Văn phòng", "retention_years": 5}]
CONTENT = {
    "purpose": "Quy định thống nhất cách thức kiểm soát.",
    "scope": "Áp dụng cho các phòng chuyên môn.",
    "change_summary": "Cập nhật theo Nghị định 61/2018/NĐ-CP.",
    "steps": STEPS,
    "records": RECORDS,
}


class DiffFixture:
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        # Lan, ISO secretary of Sở Tư pháp: accepts change requests.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY])
        # Hùng, drafter of Sở Tư pháp.
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER])
        # Mai, reviewer (Trưởng phòng) of Sở Tư pháp.
        cls.mai = make_user("Lê Thị Mai", cls.agency, [Role.REVIEWER])
        # Minh, approver (Phó Giám đốc) of Sở Tư pháp.
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])
        # Hoa, staff of Sở Tư pháp: reads the documents, asks for changes.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
        cls.other_agency = make_agency("Sở Y tế")
        # Tuấn, approver of Sở Y tế, who must never see Sở Tư pháp's documents.
        cls.tuan = make_user("Trần Anh Tuấn", cls.other_agency, [Role.APPROVER])
        cls.document = make_effective_document(
            cls.agency, drafter=cls.hung, reviewer=cls.mai, approver=cls.minh, steps=STEPS
        )
        cls.first = cls.document.effective_revision

    def next_issue(self, **changes) -> Revision:
        """Issue 2 of the document, drafted by Hùng from an accepted change request."""
        request = change_request_create(
            document=self.document, by=self.hoa, reason="Nghị định mới thay đổi thời hạn"
        )
        revision = change_request_decide(
            change_request=request, by=self.lan, accept=True, drafter=self.hung
        )
        flow.revision_update_content(revision=revision, by=self.hung, **{**CONTENT, **changes})
        return Revision.objects.get(pk=revision.pk)


class CompareRevisionsTests(DiffFixture, TestCase):
    def test_it_marks_inserted_and_deleted_words_with_diacritics(self):
        new = self.next_issue(
            purpose="Quy định thống nhất cách thức tiếp nhận và kiểm soát.",
            scope="Áp dụng cho phòng chuyên môn.",
        )
        result = compare_revisions(self.first, new)
        sections = {section.name: section for section in result.sections}
        self.assertEqual(
            sections["purpose"].segments,
            [
                d.Segment(d.EQUAL, "Quy định thống nhất cách thức "),
                d.Segment(d.INSERT, "tiếp nhận và"),
                d.Segment(d.EQUAL, " kiểm soát."),
            ],
        )
        self.assertEqual(
            sections["scope"].segments,
            [
                d.Segment(d.EQUAL, "Áp dụng cho "),
                d.Segment(d.DELETE, "các"),
                d.Segment(d.EQUAL, " phòng chuyên môn."),
            ],
        )
        self.assertFalse(sections["references"].changed)
        self.assertEqual(
            sections["purpose"].label,
            str(capfirst(Revision._meta.get_field("purpose").verbose_name)),
        )
        # The summary of changes is the later issue's own text, never diffed.
        self.assertEqual([s.name for s in result.sections_changed], ["purpose", "scope"])
        self.assertEqual(result.change_summary, "Cập nhật theo Nghị định 61/2018/NĐ-CP.")

    def test_a_replaced_word_shows_as_deleted_then_inserted(self):
        self.assertEqual(
            word_diff("Trả kết quả trong 3 ngày", "Trả kết quả trong 5 ngày"),
            [
                d.Segment(d.EQUAL, "Trả kết quả trong "),
                d.Segment(d.DELETE, "3"),
                d.Segment(d.EQUAL, " "),
                d.Segment(d.INSERT, "5"),
                d.Segment(d.EQUAL, " ngày"),
            ],
        )

    def test_composed_and_decomposed_vietnamese_compare_equal(self):
        text = "Thủ tục hành chính được tiếp nhận"
        decomposed = unicodedata.normalize("NFD", text)
        self.assertNotEqual(text, decomposed)
        self.assertEqual(word_diff(decomposed, text), [d.Segment(d.EQUAL, text)])

    def test_a_step_inserted_in_the_middle_is_exactly_one_added_step(self):
        steps = [
            STEPS[0],
            {"content": "Lấy ý kiến phòng liên quan", "duration_days": 3},
            *STEPS[1:],
        ]
        result = compare_revisions(self.first, self.next_issue(steps=steps))
        self.assertEqual(
            [row.status for row in result.steps], [d.UNCHANGED, d.ADDED, d.UNCHANGED, d.UNCHANGED]
        )
        added = result.steps[1]
        self.assertEqual((added.old, added.new.content), (None, "Lấy ý kiến phòng liên quan"))
        self.assertEqual(result.steps[2].old_number, 2)
        self.assertEqual((result.old_total_days, result.new_total_days), (4, 7))
        self.assertTrue(result.total_changed)

    def test_an_edited_responsible_is_one_changed_step(self):
        steps = [dict(row) for row in STEPS]
        steps[1]["responsible"] = "Phòng Hành chính tư pháp"
        result = compare_revisions(self.first, self.next_issue(steps=steps))
        self.assertEqual(
            [row.status for row in result.steps], [d.UNCHANGED, d.CHANGED, d.UNCHANGED]
        )
        changed = result.steps[1]
        self.assertEqual(
            changed.changed_labels,
            [str(capfirst(ProcedureStep._meta.get_field("responsible").verbose_name))],
        )
        cell = changed.cells[1]
        self.assertEqual((cell.old, cell.new), ("Phòng chuyên môn", "Phòng Hành chính tư pháp"))
        self.assertFalse(result.total_changed)

    def test_a_step_whose_task_was_reworded_is_changed_not_replaced(self):
        steps = [dict(row) for row in STEPS]
        steps[1]["content"] = "Thẩm định hồ sơ và trình ký"
        result = compare_revisions(self.first, self.next_issue(steps=steps))
        self.assertEqual(
            [row.status for row in result.steps], [d.UNCHANGED, d.CHANGED, d.UNCHANGED]
        )
        self.assertIn(d.Segment(d.INSERT, "và trình ký"), result.steps[1].cells[0].segments)

    def test_a_removed_step_is_one_removed_row(self):
        result = compare_revisions(self.first, self.next_issue(steps=[STEPS[0], STEPS[2]]))
        self.assertEqual(
            [row.status for row in result.steps], [d.UNCHANGED, d.REMOVED, d.UNCHANGED]
        )
        self.assertEqual(result.steps[1].old.content, "Thẩm định hồ sơ")
        self.assertEqual(result.new_total_days, 2)

    def test_records_added_removed_and_changed(self):
        records = [
            {"name": "Sổ theo dõi hồ sơ", "keeper": "Văn phòng", "retention_years": 10},
            {"name": "Biên bản bàn giao", "keeper": "Văn phòng"},
        ]
        new = self.next_issue(records=records)
        result = compare_revisions(self.first, new)
        self.assertEqual(
            [(row.status, (row.new or row.old).name) for row in result.records],
            [(d.CHANGED, "Sổ theo dõi hồ sơ"), (d.ADDED, "Biên bản bàn giao")],
        )
        changed = result.records[0]
        self.assertEqual(
            [(c.old, c.new) for c in changed.cells if c.changed], [("05 năm", "10 năm")]
        )
        backwards = compare_revisions(new, self.first)
        self.assertEqual([row.status for row in backwards.records], [d.CHANGED, d.REMOVED])

    def test_a_changed_retention_rule_shows_the_rule_as_written(self):
        records = [
            {
                "name": "Sổ theo dõi hồ sơ",
                "keeper": "Văn phòng",
                "retention": "years_after_event",
                "retention_years": 2,
                "retention_event": "kể từ khi kết thúc hợp đồng",
            }
        ]
        result = compare_revisions(self.first, self.next_issue(records=records))
        changed = result.records[0]
        self.assertEqual(changed.status, d.CHANGED)
        self.assertEqual(
            [(c.old, c.new) for c in changed.cells if c.changed],
            [("05 năm", "02 năm kể từ khi kết thúc hợp đồng")],
        )

    def test_a_step_whose_time_is_now_written_as_text_is_changed(self):
        steps = [dict(row) for row in STEPS]
        steps[0] |= {"time_text": "Khi phát sinh", "duration_days": None}
        result = compare_revisions(self.first, self.next_issue(steps=steps))
        self.assertEqual(result.steps[0].status, d.CHANGED)
        self.assertIn("Khi phát sinh", [c.new for c in result.steps[0].cells if c.changed])

    def test_forms_linked_and_unlinked(self):
        form_type = make_document_type(self.agency, kind="form", prefix="BM")
        form = make_document(self.agency, self.lan, "Phiếu tiếp nhận hồ sơ", type=form_type)
        result = compare_revisions(self.first, self.next_issue(forms=[form]))
        self.assertEqual((result.forms_added, result.forms_removed), ([form], []))
        reverse_result = compare_revisions(result.new, self.first)
        self.assertEqual(reverse_result.forms_removed, [form])

    def test_the_source_file_is_compared_by_name(self):
        new = self.next_issue()
        self.assertFalse(compare_revisions(self.first, new).file_changed)
        new.source_name = "QT-01 lần 2.docx"
        self.assertTrue(compare_revisions(self.first, new).file_changed)

    def test_the_summary_counts_every_kind_of_change(self):
        steps = [STEPS[0], {"content": "Lấy ý kiến phòng liên quan"}, *STEPS[1:]]
        result = compare_revisions(
            self.first, self.next_issue(steps=steps, purpose="Mục đích mới.")
        )
        with translation.override("en"):
            self.assertEqual(result.summary, "1 section changed, 1 step added.")


class RevisionDiffViewTests(LadderMixin, DiffFixture, TestCase):
    def url(self, revision, other=None):
        url = reverse("documents:revision-diff", args=[revision.pk])
        return f"{url}?with={other.pk}" if other else url

    def test_the_page_follows_the_ladder(self):
        new = self.next_issue()
        self.assert_ladder(self.url(new), outsider=self.tuan, wrong_role=None, right_role=self.hoa)

    def test_it_compares_with_the_previous_issue_by_default(self):
        new = self.next_issue(steps=[STEPS[0], STEPS[2]])
        self.client.force_login(self.hoa)
        response = self.client.get(self.url(new))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["other"], self.first)
        result = response.context["diff"]
        self.assertEqual((result.old, result.new), (self.first, new))
        self.assertContains(response, "qms-diff-removed", count=1)
        self.assertNotContains(response, "qms-diff-added")

    def test_the_earlier_issue_can_be_compared_with_a_later_one(self):
        new = self.next_issue()
        self.client.force_login(self.hoa)
        response = self.client.get(self.url(self.first, new))
        self.assertEqual(response.status_code, 200)
        result = response.context["diff"]
        self.assertEqual((result.old, result.new), (self.first, new))

    def test_an_issue_of_another_document_is_a_404(self):
        other = make_effective_document(
            self.agency, drafter=self.hung, reviewer=self.mai, approver=self.minh, title="Khác"
        )
        new = self.next_issue()
        self.client.force_login(self.hoa)
        self.assertEqual(self.client.get(self.url(new, other.effective_revision)).status_code, 404)
        self.assertEqual(self.client.get(self.url(new) + "?with=abc").status_code, 404)

    def test_another_agency_never_sees_the_comparison(self):
        new = self.next_issue()
        self.client.force_login(self.tuan)
        self.assertEqual(self.client.get(self.url(new)).status_code, 404)
        self.assertEqual(self.client.get(self.url(new, self.first)).status_code, 404)

    def test_a_first_issue_shows_a_note_instead_of_a_diff(self):
        document = make_document(self.agency, self.hung, "Quy trình tiếp nhận")
        self.client.force_login(self.hoa)
        response = self.client.get(self.url(document.revisions.get()))
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(response.context["diff"])
        self.assertEqual(response.context["choices"], [])

    def test_user_text_is_escaped(self):
        new = self.next_issue(purpose="<script>alert('x')</script> Quy định")
        self.client.force_login(self.hoa)
        response = self.client.get(self.url(new))
        self.assertNotContains(response, "<script>alert")
        self.assertContains(response, "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;")
        self.assertContains(response, '<ins class="bg-success-subtle">&lt;script&gt;')

    def test_the_query_count_does_not_grow_with_steps(self):
        self.client.force_login(self.hoa)
        new = self.next_issue()
        few = count_queries(lambda: self.client.get(self.url(new)))
        many = [{"content": f"Bước bổ sung số {n}", "duration_days": 1} for n in range(30)]
        flow.revision_update_content(revision=new, by=self.hung, **{**CONTENT, "steps": many})
        self.assertEqual(count_queries(lambda: self.client.get(self.url(new))), few)
