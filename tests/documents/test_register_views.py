from django.test import TestCase
from django.urls import reverse

from documents.models import Document, Revision
from qms.agencies.roles import Role
from tests.helpers import (
    LadderMixin,
    count_queries,
    make_agency,
    make_document,
    make_document_type,
    make_effective_document,
    make_pdf,
    make_unit,
    make_user,
)


class RegisterTests(LadderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        cls.unit = make_unit(cls.agency, "Phòng Hành chính tư pháp")
        cls.procedure = make_document_type(cls.agency, prefix="QT")
        # Lan, ISO secretary; Hùng drafts; Mai reviews; Minh approves; Hoa is staff.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY])
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER])
        cls.mai = make_user("Lê Thị Mai", cls.agency, [Role.REVIEWER])
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
        cls.effective = make_effective_document(
            cls.agency,
            drafter=cls.hung,
            reviewer=cls.mai,
            approver=cls.minh,
            title="Quy trình kiểm soát tài liệu",
            owner_unit=cls.unit,
        )
        cls.draft = make_document(cls.agency, cls.hung, "Quy trình đăng ký khai sinh")
        # Tuấn, of another agency, must never see Sở Tư pháp's documents.
        cls.other = make_agency("Sở Y tế")
        cls.tuan = make_user("Trần Anh Tuấn", cls.other, [Role.ISO_SECRETARY])
        make_document(cls.other, cls.tuan, "Quy trình cấp chứng chỉ hành nghề dược")

    def test_the_register_lists_the_agencys_documents_only(self):
        self.client.force_login(self.hoa)
        response = self.client.get(reverse("documents:register"))
        self.assertContains(response, "Quy trình kiểm soát tài liệu")
        self.assertContains(response, "Quy trình đăng ký khai sinh")
        self.assertNotContains(response, "chứng chỉ hành nghề dược")

    def test_search_without_diacritics_finds_the_vietnamese_title(self):
        self.client.force_login(self.hoa)
        for query in ("quy trinh kiem soat tai lieu", "KIỂM SOÁT", "kiem soa", "dang ky khai sinh"):
            with self.subTest(query=query):
                page = self.client.get(reverse("documents:register"), {"q": query}).context["page"]
                titles = {document.title for document in page}
                self.assertTrue(titles, query)
                self.assertTrue(all(fold_has(title, query) for title in titles), titles)

    def test_search_finds_effective_content_too(self):
        self.client.force_login(self.hoa)
        page = self.client.get(reverse("documents:register"), {"q": "tham dinh ho so"}).context[
            "page"
        ]
        self.assertEqual([d.code for d in page], [self.effective.code])

    def test_title_matches_come_before_content_matches(self):
        # "hồ sơ" is in the content of QT-01 (its steps) and in the titles of two documents
        # registered after it, whose codes come later: the titles come first, each group by code.
        later = [
            make_document(self.agency, self.hung, title)
            for title in ("Quy trình lưu trữ hồ sơ", "Hướng dẫn lập hồ sơ công việc")
        ]
        self.client.force_login(self.hoa)
        for query in ("ho so", "hồ sơ", "HO SO"):
            with self.subTest(query=query):
                page = self.client.get(reverse("documents:register"), {"q": query}).context["page"]
                self.assertEqual(
                    [d.code for d in page],
                    sorted(d.code for d in later) + [self.effective.code],
                )
        # A word inside another is no title match: "an" is not in "ban hành" nor "tài liệu".
        page = self.client.get(reverse("documents:register"), {"q": "tham"}).context["page"]
        self.assertEqual([d.code for d in page], [self.effective.code])

    def test_search_finds_a_code_typed_in_any_form(self):
        # On PostgreSQL "QT-01" is one word "qt" and the number "-01": the code is also
        # stored as separate words so that every way of typing it finds the document.
        self.client.force_login(self.hoa)
        code = self.effective.code
        for query in (code, code.lower(), code.replace("-", " "), code.replace("-", "")[:2]):
            with self.subTest(query=query):
                page = self.client.get(reverse("documents:register"), {"q": query}).context["page"]
                self.assertIn(code, [d.code for d in page])

    def test_filters_by_status_unit_and_work_in_progress(self):
        self.client.force_login(self.hoa)
        url = reverse("documents:register")
        codes = lambda params: [d.code for d in self.client.get(url, params).context["page"]]  # noqa: E731
        self.assertEqual(codes({"status": "effective"}), [self.effective.code])
        self.assertEqual(codes({"status": "in_progress"}), [self.draft.code])
        self.assertEqual(codes({"owner_unit": self.unit.pk}), [self.effective.code])

    def test_the_register_query_count_does_not_grow(self):
        self.client.force_login(self.hoa)
        url = reverse("documents:register")
        few = count_queries(lambda: self.client.get(url, {"q": "quy trinh"}))
        for index in range(30):
            make_document(
                self.agency, self.hung, f"Quy trình thủ tục số {index}", owner_unit=self.unit
            )
        self.assertEqual(count_queries(lambda: self.client.get(url, {"q": "quy trinh"})), few)

    def test_the_register_paginates(self):
        for index in range(30):
            make_document(self.agency, self.hung, f"Hướng dẫn công việc {index}")
        self.client.force_login(self.hoa)
        response = self.client.get(reverse("documents:register"), {"page": 2})
        self.assertEqual(response.context["page"].number, 2)
        self.assertEqual(len(response.context["page"].object_list), 7)

    def test_the_register_follows_the_ladder(self):
        self.assert_ladder(
            reverse("documents:register"), outsider=None, wrong_role=None, right_role=self.hoa
        )

    def test_registering_needs_the_drafter_role_and_offers_the_next_code(self):
        url = reverse("documents:document-create")
        self.assert_ladder(url, outsider=None, wrong_role=self.hoa, right_role=self.hung)
        response = self.client.post(
            url,
            {
                "type": self.procedure.pk,
                "title": "Quy trình chứng thực bản sao",
                "owner_unit": self.unit.pk,
            },
        )
        document = Document.objects.get(title="Quy trình chứng thực bản sao")
        self.assertEqual(document.code, "QT-03")
        self.assertRedirects(
            response, reverse("documents:revision-edit", args=[document.revisions.get().pk])
        )

    def test_a_taken_code_is_refused_and_nothing_is_stored(self):
        self.client.force_login(self.hung)
        response = self.client.post(
            reverse("documents:document-create"),
            {"type": self.procedure.pk, "title": "Trùng mã", "code": self.effective.code},
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.assertFalse(Document.objects.filter(title="Trùng mã").exists())

    def test_a_document_of_another_agency_is_a_404(self):
        url = reverse("documents:document-detail", args=[self.effective.pk])
        self.assert_ladder(url, outsider=self.tuan, wrong_role=None, right_role=self.hoa)

    def test_the_detail_shows_the_revision_log_built_from_data(self):
        self.client.force_login(self.hoa)
        response = self.client.get(reverse("documents:document-detail", args=[self.effective.pk]))
        self.assertEqual([r.number for r in response.context["log"]], [1])
        self.assertContains(response, self.minh.full_name)

    def test_editing_the_entry_needs_the_secretary_and_a_reason(self):
        url = reverse("documents:document-edit", args=[self.effective.pk])
        self.assert_ladder(url, outsider=self.tuan, wrong_role=self.hung, right_role=self.lan)
        response = self.client.post(
            url, {"title": "Quy trình kiểm soát tài liệu (sửa)", "owner_unit": self.unit.pk}
        )
        self.assertEqual(response.status_code, 200)
        self.client.post(
            url,
            {
                "title": "Quy trình kiểm soát thông tin dạng văn bản",
                "owner_unit": self.unit.pk,
                "reason": "Theo ISO 9001:2015",
            },
        )
        self.effective.refresh_from_db()
        self.assertEqual(self.effective.title, "Quy trình kiểm soát thông tin dạng văn bản")
        self.assertEqual(self.effective.history.first().history_change_reason, "Theo ISO 9001:2015")

    def test_a_restricted_document_is_hidden_from_the_province_supervisor(self):
        restricted = make_document(
            self.agency, self.hung, "Quy trình xử lý đơn thư tố cáo", restricted=True
        )
        supervisor = make_user("Ngô Anh Tuấn", self.agency.province, [Role.SUPERVISOR])
        self.client.force_login(supervisor)
        self.assertEqual(
            self.client.get(reverse("documents:document-detail", args=[restricted.pk])).status_code,
            404,
        )
        self.assertEqual(
            self.client.get(
                reverse("documents:document-detail", args=[self.effective.pk])
            ).status_code,
            200,
        )


def fold_has(title: str, query: str) -> bool:
    from qms.lib.text import search_terms

    folded = " ".join(search_terms(title))
    return all(term in folded for term in search_terms(query))


class RevisionViewTests(LadderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("UBND phường Xuân Hương - Đà Lạt", level="commune")
        # Yến, ISO secretary and drafter; Sơn reviews; Dũng approves; Phương is staff.
        cls.yen = make_user("Bùi Thị Hải Yến", cls.agency, [Role.ISO_SECRETARY, Role.DRAFTER])
        cls.son = make_user("Trịnh Văn Sơn", cls.agency, [Role.REVIEWER])
        cls.dung = make_user("Đặng Quốc Dũng", cls.agency, [Role.APPROVER])
        cls.phuong = make_user("Lý Thị Phương", cls.agency, [Role.STAFF])
        cls.document = make_document(cls.agency, cls.yen, "Quy trình đăng ký khai sinh")
        cls.revision = cls.document.revisions.get()
        cls.other = make_agency("UBND phường Lâm Viên - Đà Lạt", level="commune")
        cls.outsider = make_user("Lý Văn Khác", cls.other, [Role.ISO_SECRETARY, Role.REVIEWER])

    def _edit(self, **extra):
        data = {
            "purpose": "Quy định trình tự đăng ký khai sinh",
            "steps-TOTAL_FORMS": 3,
            "steps-INITIAL_FORMS": 0,
            "steps-0-content": "Tiếp nhận hồ sơ",
            "steps-0-responsible": "Công chức một cửa",
            "steps-0-duration_days": "0,5",
            "steps-1-content": "Thẩm định, ghi sổ hộ tịch",
            "steps-1-duration_days": "1",
            "records-TOTAL_FORMS": 2,
            "records-INITIAL_FORMS": 0,
            "records-0-name": "Sổ đăng ký khai sinh",
            "records-0-keeper": "Công chức tư pháp - hộ tịch",
            **extra,
        }
        return self.client.post(reverse("documents:revision-edit", args=[self.revision.pk]), data)

    def test_the_drafter_writes_sections_steps_and_records(self):
        self.client.force_login(self.yen)
        response = self._edit()
        self.assertRedirects(
            response, reverse("documents:revision-detail", args=[self.revision.pk])
        )
        self.assertEqual(
            list(self.revision.steps.values_list("content", flat=True)),
            ["Tiếp nhận hồ sơ", "Thẩm định, ghi sổ hộ tịch"],
        )
        self.assertEqual(str(self.revision.steps.first().duration_days), "0.5")
        self.assertIsNone(self.revision.records.get().retention_years)

    def test_a_bad_duration_keeps_what_was_typed(self):
        self.client.force_login(self.yen)
        response = self._edit(**{"steps-0-duration_days": "-2"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Tiếp nhận hồ sơ")
        self.assertFalse(self.revision.steps.exists())

    def test_staff_cannot_edit_a_draft(self):
        self.client.force_login(self.phuong)
        response = self._edit()
        self.assertRedirects(
            response, reverse("documents:revision-detail", args=[self.revision.pk])
        )
        self.assertFalse(self.revision.steps.exists())

    def test_the_revision_page_follows_the_ladder(self):
        url = reverse("documents:revision-detail", args=[self.revision.pk])
        self.assert_ladder(url, outsider=self.outsider, wrong_role=None, right_role=self.phuong)

    def test_the_whole_route_through_the_pages(self):
        self.client.force_login(self.yen)
        self._edit()
        submit = reverse("documents:revision-submit", args=[self.revision.pk])
        self.assertEqual(self.client.get(submit).status_code, 200)
        self.client.post(submit, {"reviewers": [self.son.pk], "approver": self.dung.pk})
        self.assertEqual(Revision.objects.get(pk=self.revision.pk).status, "in_review")

        self.client.force_login(self.son)
        review = reverse("documents:revision-review", args=[self.revision.pk])
        send_back = reverse("documents:revision-return", args=[self.revision.pk])
        response = self.client.post(send_back, {"comment": ""})
        self.assertEqual(Revision.objects.get(pk=self.revision.pk).status, "in_review")
        self.client.post(send_back, {"comment": "Bổ sung căn cứ pháp lý"})
        self.assertEqual(Revision.objects.get(pk=self.revision.pk).status, "draft")

        self.client.force_login(self.yen)
        home = self.client.get(reverse("home"))
        self.assertContains(home, self.document.code)
        self.client.post(submit, {"reviewers": [self.son.pk], "approver": self.dung.pk})
        self.client.force_login(self.son)
        self.client.post(review, {"decision": "pass"})

        self.client.force_login(self.dung)
        self.assertContains(self.client.get(reverse("home")), self.document.code)
        response = self.client.post(
            reverse("documents:revision-approve", args=[self.revision.pk]),
            {"decision": "approve", "effective_date": "", "comment": "Đồng ý"},
        )
        self.assertRedirects(
            response, reverse("documents:revision-detail", args=[self.revision.pk])
        )
        self.assertEqual(Revision.objects.get(pk=self.revision.pk).status, "effective")
        page = self.client.get(reverse("documents:revision-detail", args=[self.revision.pk]))
        self.assertContains(page, "Bổ sung căn cứ pháp lý")
        self.assertContains(page, "Đồng ý")

    def test_a_stranger_cannot_review(self):
        self.client.force_login(self.yen)
        self._edit()
        self.client.post(
            reverse("documents:revision-submit", args=[self.revision.pk]),
            {"reviewers": [self.son.pk], "approver": self.dung.pk},
        )
        self.client.force_login(self.outsider)
        response = self.client.post(
            reverse("documents:revision-review", args=[self.revision.pk]), {"decision": "pass"}
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(Revision.objects.get(pk=self.revision.pk).status, "in_review")

    def test_the_revision_page_query_count_does_not_grow_with_steps(self):
        self.client.force_login(self.yen)
        self._edit()
        url = reverse("documents:revision-detail", args=[self.revision.pk])
        few = count_queries(lambda: self.client.get(url))
        from documents.services.revisions import revision_update_content

        revision_update_content(
            revision=self.revision,
            by=self.yen,
            purpose="x",
            steps=[{"content": f"Bước {i}", "duration_days": 1} for i in range(25)],
            records=[{"name": f"Hồ sơ {i}"} for i in range(10)],
        )
        self.assertEqual(count_queries(lambda: self.client.get(url)), few)


class SourceFileTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        # Hùng drafts; Tuấn works elsewhere.
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER])
        cls.tuan = make_user("Trần Anh Tuấn", make_agency("Sở Y tế"), [Role.DRAFTER])
        cls.revision = make_document(cls.agency, cls.hung, "Sổ tay chất lượng").revisions.get()

    def post_file(self, name, data):
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.client.force_login(self.hung)
        return self.client.post(
            reverse("documents:revision-edit", args=[self.revision.pk]),
            {
                "body": "Sổ tay chất lượng",
                "source_file": SimpleUploadedFile(name, data),
                "steps-TOTAL_FORMS": 0,
                "steps-INITIAL_FORMS": 0,
                "records-TOTAL_FORMS": 0,
                "records-INITIAL_FORMS": 0,
            },
        )

    def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_stored(self):
        response = self.post_file("so-tay.docx", b"MZ\x90\x00 not a document")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.revision.refresh_from_db()
        self.assertFalse(self.revision.source_file)
        self.assertEqual(self.revision.body, "")

    def test_a_real_pdf_is_stored_and_served_only_to_the_agency(self):
        pdf = make_pdf()
        response = self.post_file("so-tay.pdf", pdf)
        self.assertEqual(response.status_code, 302)
        self.revision.refresh_from_db()
        self.assertEqual(self.revision.source_name, "so-tay.pdf")
        url = reverse("documents:revision-file", args=[self.revision.pk])
        self.assertEqual(b"".join(self.client.get(url).streaming_content), pdf)
        self.client.force_login(self.tuan)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.revision.source_file.delete(save=False)
