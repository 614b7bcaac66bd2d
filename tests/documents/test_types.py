from django.core.exceptions import PermissionDenied
from django.test import TestCase
from django.urls import reverse

from documents.services.types import document_types_create_defaults
from qms.agencies.roles import Role
from tests.helpers import (
    LadderMixin,
    count_queries,
    make_agency,
    make_document,
    make_document_type,
    make_user,
)


def type_data(**overrides) -> dict:
    data = {
        "kind": "procedure",
        "name": "Quy trình",
        "prefix": "QT",
        "code_pattern": "{prefix}-{number:02}",
        "review_period_months": 12,
        "reviewers_required": 1,
        "is_active": "on",
    }
    return {**data, **overrides}


class DocumentTypeViewTests(LadderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("UBND phường Xuân Hương - Đà Lạt", level="commune")
        # Yến, ISO secretary of the ward: keeps the document types.
        cls.yen = make_user("Bùi Thị Hải Yến", cls.agency, [Role.ISO_SECRETARY])
        # Hùng, drafter of the ward: uses the types, does not change them.
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER])
        cls.procedure_type = make_document_type(cls.agency, prefix="QT")
        cls.other_agency = make_agency("UBND phường Lâm Viên - Đà Lạt", level="commune")
        # Tuấn, ISO secretary of Lâm Viên, who must never see or change Xuân Hương's types.
        cls.tuan = make_user("Trần Anh Tuấn", cls.other_agency, [Role.ISO_SECRETARY])
        cls.other_type = make_document_type(cls.other_agency, prefix="QTLV")

    def test_the_type_pages_follow_the_ladder(self):
        for url in (reverse("documents:type-list"), reverse("documents:type-create")):
            self.assert_ladder(url, outsider=None, wrong_role=self.hung, right_role=self.yen)
        url = reverse("documents:type-edit", args=[self.procedure_type.pk])
        self.assert_ladder(url, outsider=self.tuan, wrong_role=self.hung, right_role=self.yen)

    def test_the_list_shows_the_agencys_types_and_the_next_code(self):
        make_document(self.agency, self.yen, "Quy trình một", type=self.procedure_type)
        make_document(self.agency, self.yen, "Quy trình hai", type=self.procedure_type)
        self.client.force_login(self.yen)
        response = self.client.get(reverse("documents:type-list"))
        [row] = response.context["page"]
        self.assertEqual((row.prefix, row.next_example), ("QT", "QT-03"))
        self.assertContains(response, "QT-03")
        self.assertNotContains(response, "QTLV")
        self.assertFalse(response.context["offer_defaults"])

    def test_a_type_numbered_per_parent_shows_a_placeholder_for_the_parent(self):
        make_document_type(
            self.agency, kind="form", prefix="BM", code_pattern="{prefix}-{number:02}-{parent}"
        )
        self.client.force_login(self.yen)
        response = self.client.get(reverse("documents:type-list"))
        form_type = next(t for t in response.context["page"] if t.prefix == "BM")
        self.assertTrue(form_type.next_example.startswith("BM-01-"))
        self.assertNotEqual(form_type.next_example, "BM-01-")
        self.assertTrue(form_type.numbering)

    def test_the_list_query_count_does_not_grow_with_documents(self):
        self.client.force_login(self.yen)
        url = reverse("documents:type-list")
        make_document(self.agency, self.yen, "Quy trình đầu tiên", type=self.procedure_type)
        few = count_queries(lambda: self.client.get(url))
        for index in range(8):
            make_document(self.agency, self.yen, f"Quy trình {index}", type=self.procedure_type)
        self.assertEqual(count_queries(lambda: self.client.get(url)), few)

    def test_the_iso_secretary_adds_a_type(self):
        self.client.force_login(self.yen)
        response = self.client.post(
            reverse("documents:type-create"),
            type_data(
                kind="instruction",
                name="Hướng dẫn",
                prefix="HD",
                code_pattern="{prefix}.{unit}.{number:02}",
                review_period_months=24,
                reviewers_required=2,
            ),
        )
        self.assertRedirects(response, reverse("documents:type-list"))
        created = self.agency.document_types.get(prefix="HD")
        self.assertEqual(
            (created.kind, created.code_pattern, created.review_period_months),
            ("instruction", "{prefix}.{unit}.{number:02}", 24),
        )
        self.assertEqual(created.reviewers_required, 2)
        self.assertEqual(created.history.latest().history_user, self.yen)

    def test_the_iso_secretary_changes_a_type(self):
        self.client.force_login(self.yen)
        url = reverse("documents:type-edit", args=[self.procedure_type.pk])
        response = self.client.post(url, type_data(name="Quy trình nội bộ", review_period_months=6))
        self.assertRedirects(response, reverse("documents:type-list"))
        self.procedure_type.refresh_from_db()
        self.assertEqual(
            (self.procedure_type.name, self.procedure_type.review_period_months),
            ("Quy trình nội bộ", 6),
        )
        self.assertTrue(self.procedure_type.is_active)

    def test_a_bad_code_pattern_is_refused_and_nothing_is_stored(self):
        self.client.force_login(self.yen)
        for pattern in ("{prefix}-{nunber}", "{prefix}-", "{prefix}-{number:02"):
            response = self.client.post(
                reverse("documents:type-create"),
                type_data(prefix="PL", name="Phụ lục", code_pattern=pattern),
            )
            self.assertEqual(response.status_code, 200, pattern)
            self.assertTrue(response.context["form"].errors["code_pattern"], pattern)
        self.assertFalse(self.agency.document_types.filter(prefix="PL").exists())

    def test_a_bad_pattern_on_an_existing_type_changes_nothing(self):
        self.client.force_login(self.yen)
        url = reverse("documents:type-edit", args=[self.procedure_type.pk])
        before = self.procedure_type.name
        response = self.client.post(url, type_data(name="Đổi tên", code_pattern="{prefix}"))
        self.assertTrue(response.context["form"].errors["code_pattern"])
        self.procedure_type.refresh_from_db()
        self.assertEqual(
            (self.procedure_type.name, self.procedure_type.code_pattern),
            (before, "{prefix}-{number:02}"),
        )
        self.assertEqual(self.procedure_type.history.count(), 1)

    def test_a_duplicate_prefix_is_refused_on_the_form(self):
        self.client.force_login(self.yen)
        response = self.client.post(
            reverse("documents:type-create"), type_data(name="Quy trình thứ hai")
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].non_field_errors())
        self.assertEqual(self.agency.document_types.filter(prefix="QT").count(), 1)

    def test_at_least_one_reviewer_is_required(self):
        self.client.force_login(self.yen)
        response = self.client.post(
            reverse("documents:type-create"), type_data(prefix="HD", reviewers_required=0)
        )
        self.assertTrue(response.context["form"].errors["reviewers_required"])
        self.assertFalse(self.agency.document_types.filter(prefix="HD").exists())

    def test_another_agencys_type_is_a_404_and_stays_unchanged(self):
        self.client.force_login(self.yen)
        url = reverse("documents:type-edit", args=[self.other_type.pk])
        before = self.other_type.name
        self.assertEqual(self.client.get(url).status_code, 404)
        response = self.client.post(url, type_data(prefix="QTLV", name="Đổi tên"))
        self.assertEqual(response.status_code, 404)
        self.other_type.refresh_from_db()
        self.assertEqual(self.other_type.name, before)


class DefaultTypesTests(LadderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Chi cục Tiêu chuẩn Đo lường Chất lượng")
        # Lan, ISO secretary of the Chi cục, which has no document types yet.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY])
        # Hoa, staff of the Chi cục.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])

    def test_an_empty_agency_is_offered_the_usual_types(self):
        self.client.force_login(self.lan)
        response = self.client.get(reverse("documents:type-list"))
        self.assertTrue(response.context["offer_defaults"])
        self.assertContains(response, reverse("documents:type-create-defaults"))

    def test_one_click_creates_the_usual_types_once(self):
        self.client.force_login(self.lan)
        url = reverse("documents:type-create-defaults")
        self.assertRedirects(self.client.post(url), reverse("documents:type-list"))
        self.assertRedirects(self.client.post(url), reverse("documents:type-list"))
        types = {t.prefix: t for t in self.agency.document_types.all()}
        self.assertEqual(sorted(types), ["BM", "CS", "HD", "MT", "QT", "STCL"])
        self.assertEqual(types["BM"].code_pattern, "{prefix}-{number:02}-{parent}")
        self.assertEqual(types["BM"].kind, "form")
        self.assertEqual(types["STCL"].name, "Sổ tay chất lượng")
        self.assertEqual(types["QT"].code_pattern, "{prefix}-{number:02}")
        self.assertEqual(types["QT"].history.latest().history_user, self.lan)
        response = self.client.get(reverse("documents:type-list"))
        self.assertFalse(response.context["offer_defaults"])

    def test_the_service_is_idempotent_and_keeps_existing_types(self):
        make_document_type(self.agency, prefix="QT", code_pattern="{prefix}.{number:03}")
        created = document_types_create_defaults(agency=self.agency, by=self.lan)
        self.assertEqual(len(created), 5)
        self.assertEqual(document_types_create_defaults(agency=self.agency, by=self.lan), [])
        self.assertEqual(self.agency.document_types.count(), 6)
        self.assertEqual(
            self.agency.document_types.get(prefix="QT").code_pattern, "{prefix}.{number:03}"
        )

    def test_only_the_iso_secretary_creates_them(self):
        with self.assertRaises(PermissionDenied):
            document_types_create_defaults(agency=self.agency, by=self.hoa)
        self.client.force_login(self.hoa)
        self.assertEqual(
            self.client.post(reverse("documents:type-create-defaults")).status_code, 403
        )
        self.client.force_login(self.lan)
        self.assertEqual(
            self.client.get(reverse("documents:type-create-defaults")).status_code, 405
        )
        self.assertFalse(self.agency.document_types.exists())
