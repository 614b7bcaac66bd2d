"""The edit page of a draft: steps and records that insert, move and delete like a table's,
the sections in the order of the paper, and every input labelled."""

import re

from django.test import TestCase
from django.urls import reverse

from documents.services import revisions as flow
from qms.agencies.roles import Role
from tests.helpers import (
    count_queries,
    make_agency,
    make_document,
    make_document_type,
    make_user,
)

STEPS = [
    {"content": "Tiếp nhận hồ sơ", "responsible": "Công chức một cửa", "duration_days": 1},
    {"content": "Thẩm định hồ sơ", "responsible": "Phòng Tư pháp", "duration_days": 2},
    {"content": "Trình ký", "responsible": "Trưởng phòng", "duration_days": 1},
    {"content": "Trả kết quả", "responsible": "Công chức một cửa", "duration_days": 0},
]
STEP_FIELDS = ("content", "responsible", "time_text", "duration_days", "output")


def rows_data(prefix: str, rows: list[dict], *, initial: int) -> dict:
    """The POST of a formset as the page sends it after its rows were rearranged."""
    data = {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": initial}
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


class RevisionFormFixture:
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        # Hùng drafts the procedures of Sở Tư pháp.
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER])
        # Hoa, staff of Sở Tư pháp: reads documents, edits none.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
        # Tuấn drafts for Sở Y tế and must never reach Sở Tư pháp's drafts.
        cls.tuan = make_user("Trần Anh Tuấn", make_agency("Sở Y tế"), [Role.DRAFTER])
        cls.document = make_document(cls.agency, cls.hung, "Quy trình chứng thực bản sao")
        cls.revision = cls.document.revisions.get()
        flow.revision_update_content(
            revision=cls.revision,
            by=cls.hung,
            purpose="Quy định trình tự chứng thực bản sao từ bản chính.",
            steps=STEPS,
            records=[{"name": "Sổ chứng thực", "keeper": "Phòng Tư pháp", "retention_years": 5}],
        )
        cls.url = reverse("documents:revision-edit", args=[cls.revision.pk])

    def post(self, steps: list[dict], **extra):
        data = {
            "purpose": "Quy định trình tự chứng thực bản sao từ bản chính.",
            **rows_data("steps", steps, initial=len(STEPS)),
            **rows_data("records", [{"name": "Sổ chứng thực", "retention_years": 5}], initial=1),
            **extra,
        }
        self.client.force_login(self.hung)
        return self.client.post(self.url, data)

    def saved_steps(self) -> list[str]:
        return list(self.revision.steps.order_by("order").values_list("content", flat=True))


class RevisionFormPageTests(RevisionFormFixture, TestCase):
    def test_each_step_has_its_row_and_blank_rows_follow(self):
        self.client.force_login(self.hung)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        # Four steps and three blank rows: the page works without JavaScript.
        self.assertContains(response, 'name="steps-TOTAL_FORMS" value="7"')
        self.assertContains(response, "Thẩm định hồ sơ")
        self.assertContains(response, 'name="steps-6-content"')
        self.assertNotContains(response, 'name="steps-7-content"')
        # The blank row the script clones.
        self.assertContains(response, 'name="steps-__prefix__-content"')
        self.assertContains(response, "qms/table_rows.js")

    def test_responsible_and_result_are_multi_line(self):
        self.client.force_login(self.hung)
        html = self.client.get(self.url).content.decode()
        self.assertRegex(html, r'<textarea[^>]*name="steps-0-responsible"')
        self.assertRegex(html, r'<textarea[^>]*name="steps-0-output"')

    def test_every_input_of_the_rows_has_a_label(self):
        self.client.force_login(self.hung)
        html = self.client.get(self.url).content.decode()
        ids = re.findall(
            r'<(?:input|textarea|select)[^>]*\bid="(id_(?:steps|records)-\d+-\w+)"', html
        )
        self.assertEqual(len(ids), 7 * 5 + 3 * 5)
        labelled = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', html))
        self.assertEqual([field_id for field_id in ids if field_id not in labelled], [])

    def test_the_sections_follow_the_paper_and_a_procedure_has_no_free_content_box(self):
        self.client.force_login(self.hung)
        html = self.client.get(self.url).content.decode()
        anchors = [
            'name="purpose"',
            'name="scope"',
            'name="references"',
            'name="definitions"',
            'name="steps-0-content"',
            'name="forms_used"',
            'name="records-0-name"',
        ]
        positions = [html.index(anchor) for anchor in anchors if anchor in html]
        self.assertEqual(len(positions), len(anchors) - 1)  # no form registered yet
        self.assertEqual(positions, sorted(positions))
        self.assertNotIn('name="body"', html)

    def test_a_manual_keeps_its_free_content_and_forms_are_ticked_not_selected(self):
        manual = make_document(
            self.agency,
            self.hung,
            "Sổ tay chất lượng",
            type=make_document_type(self.agency, kind="manual", prefix="ST"),
        )
        form_type = make_document_type(self.agency, kind="form", prefix="BM")
        make_document(self.agency, self.hung, "Phiếu yêu cầu chứng thực", type=form_type)
        self.client.force_login(self.hung)
        html = self.client.get(
            reverse("documents:revision-edit", args=[manual.revisions.get().pk])
        ).content.decode()
        self.assertIn('name="body"', html)
        self.assertIn("Phiếu yêu cầu chứng thực", html)
        self.assertRegex(html, r'<input type="checkbox" name="forms_used"')
        self.assertNotIn("<select multiple", html)
        self.assertNotRegex(html, r"<select[^>]*multiple")

    def test_a_step_inserted_in_the_middle_is_saved_in_its_place(self):
        steps = [*STEPS[:2], {"content": "Xin ý kiến Phòng Hộ tịch"}, *STEPS[2:]]
        response = self.post(steps)
        self.assertRedirects(
            response, reverse("documents:revision-detail", args=[self.revision.pk])
        )
        self.assertEqual(
            self.saved_steps(),
            [
                "Tiếp nhận hồ sơ",
                "Thẩm định hồ sơ",
                "Xin ý kiến Phòng Hộ tịch",
                "Trình ký",
                "Trả kết quả",
            ],
        )

    def test_moved_steps_are_saved_in_the_new_order_with_their_fields(self):
        steps = [STEPS[0], STEPS[2], STEPS[1], STEPS[3]]
        self.post(steps)
        self.assertEqual(
            self.saved_steps(), ["Tiếp nhận hồ sơ", "Trình ký", "Thẩm định hồ sơ", "Trả kết quả"]
        )
        moved = self.revision.steps.get(order=3)
        self.assertEqual((moved.responsible, moved.duration_days), ("Phòng Tư pháp", 2))

    def test_a_deleted_step_leaves_fewer_rows_than_were_stored(self):
        self.post([STEPS[0], STEPS[2], STEPS[3]])
        self.assertEqual(self.saved_steps(), ["Tiếp nhận hồ sơ", "Trình ký", "Trả kết quả"])

    def test_a_multi_line_responsible_is_kept(self):
        steps = [{**STEPS[0], "responsible": "Công chức một cửa\nVăn thư"}, *STEPS[1:]]
        self.post(steps)
        self.assertEqual(self.revision.steps.get(order=1).responsible, "Công chức một cửa\nVăn thư")

    def test_an_error_is_tied_to_its_field_and_nothing_is_saved(self):
        steps = [{**STEPS[0], "duration_days": "-2"}, *STEPS[1:]]
        response = self.post(steps)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertRegex(
            html, r'aria-describedby="id_steps-0-duration_days_error"[^>]*id="id_steps-0-duration'
        )
        self.assertIn('id="id_steps-0-duration_days_error"', html)
        self.assertEqual(self.revision.steps.get(order=1).duration_days, 1)

    def test_records_rows_insert_and_delete_as_well(self):
        records = [
            {"name": "Sổ chứng thực", "retention": "years", "retention_years": 5},
            {"name": "Bản sao lưu hồ sơ", "retention": "permanent"},
        ]
        self.client.force_login(self.hung)
        self.client.post(
            self.url,
            {
                **rows_data("steps", STEPS, initial=len(STEPS)),
                **rows_data("records", records, initial=1),
            },
        )
        self.assertEqual(
            list(self.revision.records.order_by("order").values_list("name", flat=True)),
            ["Sổ chứng thực", "Bản sao lưu hồ sơ"],
        )

    def test_staff_and_another_agency_change_nothing(self):
        self.client.force_login(self.tuan)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.client.force_login(self.hoa)
        response = self.client.post(self.url, rows_data("steps", STEPS[:1], initial=4))
        self.assertRedirects(
            response, reverse("documents:revision-detail", args=[self.revision.pk])
        )
        self.assertEqual(len(self.saved_steps()), 4)

    def test_the_query_count_does_not_grow_with_the_steps(self):
        self.client.force_login(self.hung)
        few = count_queries(lambda: self.client.get(self.url))
        many = [{"content": f"Bước kiểm tra thứ {n}"} for n in range(1, 31)]
        flow.revision_update_content(revision=self.revision, by=self.hung, steps=many)
        self.assertEqual(count_queries(lambda: self.client.get(self.url)), few)
