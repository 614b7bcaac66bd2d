from datetime import date, timedelta
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from documents.models import ExternalDocument
from documents.selectors.documents import documents_needing_update
from documents.services.documents import document_update
from documents.services.external import external_document_end, external_document_save
from qms.agencies.roles import Role
from qms.lib.dates import add_months
from tests.helpers import (
    LadderMixin,
    count_queries,
    make_agency,
    make_document,
    make_effective_document,
    make_province,
    make_unit,
    make_user,
)

K, S = ExternalDocument.Kind, ExternalDocument.Status


def make_external(agency, by, number, *, kind=K.DECREE, title="Về công tác văn thư", **fields):
    return external_document_save(
        agency=agency, by=by, kind=kind, number=number, title=title, **fields
    )


class ExternalDocumentViewTests(LadderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province()
        cls.agency = make_agency("Sở Tư pháp", province=cls.province)
        cls.unit = make_unit(cls.agency, "Văn phòng Sở")
        # Lan, ISO secretary of Sở Tư pháp: keeps the register.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY])
        # Hoa, staff of Sở Tư pháp: reads the register, changes nothing.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
        # Hùng (drafter), Mai (reviewer), Minh (approver) bring procedures into force.
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER])
        cls.mai = make_user("Lê Thị Mai", cls.agency, [Role.REVIEWER])
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])
        # Tuấn, ISO secretary of Sở Y tế, who must never see Sở Tư pháp's register.
        cls.other = make_agency("Sở Y tế", province=cls.province)
        cls.tuan = make_user("Trần Anh Tuấn", cls.other, [Role.ISO_SECRETARY])
        # Thảo, supervisor at the Sở KH&CN: sees the province, never restricted documents.
        cls.thao = make_user("Vũ Thu Thảo", cls.province, [Role.SUPERVISOR])

        cls.decree = make_external(
            cls.agency,
            cls.lan,
            "30/2020/NĐ-CP",
            title="Nghị định về công tác văn thư",
            issuer="Chính phủ",
            issued_on=date(2020, 3, 5),
            effective_on=date(2020, 3, 5),
        )
        cls.tthc = make_external(
            cls.agency,
            cls.lan,
            "1.000050",
            kind=K.PROCEDURE,
            title="Cấp phiếu lý lịch tư pháp",
            time_limit_days=Decimal("2"),
        )
        cls.foreign = make_external(cls.other, cls.tuan, "99/2021/TT-BYT", kind=K.CIRCULAR)

    # The register -------------------------------------------------------------------

    def test_the_register_is_read_by_every_member_and_shows_only_its_agency(self):
        url = reverse("documents:external-list")
        response = self.assert_ladder(url, outsider=None, wrong_role=None, right_role=self.hoa)
        self.assertContains(response, "30/2020/NĐ-CP")
        self.assertContains(response, "1.000050")
        self.assertNotContains(response, "99/2021/TT-BYT")
        self.assertNotContains(response, reverse("documents:external-create"))
        self.client.force_login(self.tuan)
        response = self.client.get(url)
        self.assertContains(response, "99/2021/TT-BYT")
        self.assertNotContains(response, "30/2020/NĐ-CP")

    def test_the_register_finds_without_diacritics_and_filters_by_kind_and_status(self):
        self.client.force_login(self.lan)
        url = reverse("documents:external-list")
        found = self.client.get(url, {"q": "nghi dinh van thu"})
        self.assertEqual([r["external"] for r in found.context["rows"]], [self.decree])
        by_number = self.client.get(url, {"q": "30/2020/nd"})
        self.assertEqual([r["external"] for r in by_number.context["rows"]], [self.decree])
        tthc = self.client.get(url, {"kind": K.PROCEDURE})
        self.assertEqual([r["external"] for r in tthc.context["rows"]], [self.tthc])
        ended = self.client.get(url, {"status": S.REPLACED})
        self.assertEqual(ended.context["rows"], [])

    def test_the_register_counts_the_documents_using_each_entry(self):
        make_document(self.agency, self.lan, "Quy trình văn thư", cited=[self.decree])
        make_document(
            self.agency, self.lan, "Quy trình cấp lý lịch", administrative_procedure=self.tthc
        )
        self.client.force_login(self.lan)
        rows = self.client.get(reverse("documents:external-list")).context["rows"]
        self.assertEqual(
            {r["external"].number: r["used_by"] for r in rows},
            {
                "30/2020/NĐ-CP": 1,
                "1.000050": 1,
            },
        )

    def test_the_register_query_count_does_not_grow_with_rows(self):
        self.client.force_login(self.lan)
        url = reverse("documents:external-list")
        before = count_queries(lambda: self.client.get(url))
        for n in range(8):
            external = make_external(self.agency, self.lan, f"{n}/2024/TT-BTP")
            make_document(self.agency, self.lan, f"Quy trình {n}", cited=[external])
            external_document_end(external=external, by=self.lan, status=S.EXPIRED)
        self.assertEqual(count_queries(lambda: self.client.get(url)), before)

    # Registering and correcting -----------------------------------------------------

    def test_registering_follows_the_ladder(self):
        self.assert_ladder(
            reverse("documents:external-create"),
            outsider=None,
            wrong_role=self.hoa,
            right_role=self.lan,
        )

    def test_the_iso_secretary_registers_a_tthc_with_its_time_limit(self):
        self.client.force_login(self.lan)
        response = self.client.post(
            reverse("documents:external-create"),
            {
                "kind": K.PROCEDURE,
                "number": " 1.001234 ",
                "title": "Chứng thực bản sao từ bản chính",
                "issuer": "UBND tỉnh",
                "issued_on": "01/07/2025",
                "effective_on": "15/07/2025",
                "time_limit_days": "7,5",
            },
        )
        external = ExternalDocument.objects.get(agency=self.agency, number="1.001234")
        self.assertRedirects(response, reverse("documents:external-detail", args=[external.pk]))
        self.assertEqual(external.time_limit_days, Decimal("7.5"))
        self.assertEqual(external.effective_on, date(2025, 7, 15))
        self.assertEqual(external.status, S.IN_FORCE)
        self.assertEqual(external.history.get().history_user, self.lan)

    def test_a_number_already_registered_is_refused_and_nothing_is_stored(self):
        self.client.force_login(self.lan)
        count = ExternalDocument.objects.count()
        response = self.client.post(
            reverse("documents:external-create"),
            {"kind": K.DECREE, "number": "30/2020/NĐ-CP", "title": "Bản trùng"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].non_field_errors())
        self.assertEqual(ExternalDocument.objects.count(), count)

    def test_inconsistent_input_is_explained_on_its_fields(self):
        self.client.force_login(self.lan)
        response = self.client.post(
            reverse("documents:external-create"),
            {
                "kind": K.DECREE,
                "number": "45/2025/NĐ-CP",
                "title": "Nghị định mới",
                "issued_on": "10/03/2025",
                "effective_on": "01/03/2025",
                "time_limit_days": "5",
            },
        )
        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].errors
        self.assertIn("effective_on", errors)
        self.assertIn("time_limit_days", errors)
        self.assertFalse(ExternalDocument.objects.filter(number="45/2025/NĐ-CP").exists())

    def test_correcting_an_entry_follows_the_ladder_and_saves(self):
        url = reverse("documents:external-edit", args=[self.decree.pk])
        self.assert_ladder(url, outsider=self.tuan, wrong_role=self.hoa, right_role=self.lan)
        response = self.client.post(
            url,
            {
                "kind": K.DECREE,
                "number": "30/2020/NĐ-CP",
                "title": "Nghị định 30/2020 về công tác văn thư",
                "issuer": "Chính phủ",
                "issued_on": "05/03/2020",
                "effective_on": "05/03/2020",
            },
        )
        self.assertRedirects(response, reverse("documents:external-detail", args=[self.decree.pk]))
        self.decree.refresh_from_db()
        self.assertEqual(self.decree.title, "Nghị định 30/2020 về công tác văn thư")

    # The entry page -----------------------------------------------------------------

    def test_an_entry_of_another_agency_is_a_404(self):
        url = reverse("documents:external-detail", args=[self.decree.pk])
        self.assert_ladder(url, outsider=self.tuan, wrong_role=None, right_role=self.hoa)

    def test_the_entry_lists_citing_documents_and_hides_restricted_ones_from_the_supervisor(self):
        make_document(self.agency, self.lan, "Quy trình văn thư", cited=[self.decree])
        make_document(self.agency, self.lan, "Quy trình mật", cited=[self.decree], restricted=True)
        url = reverse("documents:external-detail", args=[self.decree.pk])
        self.client.force_login(self.hoa)
        response = self.client.get(url)
        self.assertContains(response, "Quy trình văn thư")
        self.assertContains(response, "Quy trình mật")
        self.client.force_login(self.thao)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Quy trình văn thư")
        self.assertNotContains(response, "Quy trình mật")

    def test_a_tthc_page_flags_procedures_whose_steps_exceed_the_legal_limit(self):
        # The default steps of make_effective_document take 1 + 2 = 3 working days.
        slow = make_effective_document(
            self.agency,
            drafter=self.hung,
            reviewer=self.mai,
            approver=self.minh,
            title="Quy trình cấp phiếu lý lịch tư pháp",
            administrative_procedure=self.tthc,
        )
        self.client.force_login(self.hoa)
        response = self.client.get(reverse("documents:external-detail", args=[self.tthc.pk]))
        [row] = response.context["implementing"]
        self.assertEqual(row["document"], slow)
        self.assertEqual(row["document"].step_total, Decimal("3"))
        self.assertTrue(row["over"])

    # Ending ---------------------------------------------------------------------------

    def test_ending_follows_the_ladder(self):
        url = reverse("documents:external-end", args=[self.decree.pk])
        self.assert_ladder(url, outsider=self.tuan, wrong_role=self.hoa, right_role=self.lan)

    def test_replacing_a_decree_sends_its_citing_documents_for_update(self):
        citing = make_document(self.agency, self.lan, "Quy trình văn thư", cited=[self.decree])
        new = make_external(self.agency, self.lan, "45/2026/NĐ-CP", effective_on=date(2026, 7, 1))
        self.client.force_login(self.lan)
        response = self.client.post(
            reverse("documents:external-end", args=[self.decree.pk]),
            {"status": S.REPLACED, "replaced_by": new.pk, "on": ""},
        )
        self.assertRedirects(response, reverse("documents:external-detail", args=[self.decree.pk]))
        self.decree.refresh_from_db()
        self.assertEqual(self.decree.status, S.REPLACED)
        self.assertEqual(self.decree.replaced_by, new)
        # With no date given, it ends when the replacing decree takes effect.
        self.assertEqual(self.decree.status_changed_on, date(2026, 7, 1))
        self.assertEqual(list(documents_needing_update(agency=self.agency)), [citing])
        self.assertEqual(self.decree.history.latest().history_user, self.lan)

    def test_an_expired_document_with_a_replacement_is_refused_and_nothing_changes(self):
        new = make_external(self.agency, self.lan, "45/2026/NĐ-CP")
        self.client.force_login(self.lan)
        response = self.client.post(
            reverse("documents:external-end", args=[self.decree.pk]),
            {"status": S.EXPIRED, "replaced_by": new.pk},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("replaced_by", response.context["form"].errors)
        self.decree.refresh_from_db()
        self.assertEqual(self.decree.status, S.IN_FORCE)

    def test_a_replacement_of_another_agency_cannot_be_chosen(self):
        self.client.force_login(self.lan)
        response = self.client.post(
            reverse("documents:external-end", args=[self.decree.pk]),
            {"status": S.REPLACED, "replaced_by": self.foreign.pk},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("replaced_by", response.context["form"].errors)
        self.decree.refresh_from_db()
        self.assertEqual(self.decree.status, S.IN_FORCE)

    def test_a_document_already_ended_cannot_be_ended_again(self):
        external_document_end(external=self.decree, by=self.lan, status=S.EXPIRED)
        self.client.force_login(self.lan)
        url = reverse("documents:external-end", args=[self.decree.pk])
        response = self.client.post(url, {"status": S.REPLACED})
        self.assertRedirects(response, reverse("documents:external-detail", args=[self.decree.pk]))
        self.decree.refresh_from_db()
        self.assertEqual(self.decree.status, S.EXPIRED)


class NeedsUpdateViewTests(LadderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        # Lan, ISO secretary of Sở Tư pháp: works through the list.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY])
        # Hoa, staff of Sở Tư pháp: not her list.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
        # Tuấn, ISO secretary of Sở Y tế, who must never see Sở Tư pháp's documents.
        cls.other = make_agency("Sở Y tế")
        cls.tuan = make_user("Trần Anh Tuấn", cls.other, [Role.ISO_SECRETARY])

    def ended(self, number, *, on, agency=None, by=None):
        agency, by = agency or self.agency, by or self.lan
        old = make_external(agency, by, number)
        new = make_external(agency, by, f"{number}-mới")
        return external_document_end(external=old, by=by, status=S.REPLACED, replaced_by=new, on=on)

    def test_the_list_follows_the_ladder(self):
        self.assert_ladder(
            reverse("documents:needs-update"),
            outsider=None,
            wrong_role=self.hoa,
            right_role=self.lan,
        )

    def test_it_lists_documents_citing_ended_law_longest_waiting_first_with_the_deadline(self):
        today = timezone.localdate()
        old = self.ended("10/2019/NĐ-CP", on=today - timedelta(days=200))
        recent = self.ended("20/2026/NĐ-CP", on=today - timedelta(days=10))
        in_force = make_external(self.agency, self.lan, "01/2025/TT-BTP")
        late = make_document(self.agency, self.lan, "Quy trình B", cited=[old, in_force])
        fresh = make_document(self.agency, self.lan, "Quy trình A", cited=[recent])
        make_document(self.agency, self.lan, "Quy trình C", cited=[in_force])
        theirs = self.ended("05/2020/QĐ-UBND", on=today, agency=self.other, by=self.tuan)
        make_document(self.other, self.tuan, "Quy trình của Sở Y tế", cited=[theirs])

        self.client.force_login(self.lan)
        rows = self.client.get(reverse("documents:needs-update")).context["rows"]
        self.assertEqual([row["document"] for row in rows], [late, fresh])
        self.assertEqual([e.number for e in rows[0]["citations"]], ["10/2019/NĐ-CP"])
        self.assertEqual(rows[0]["citations"][0].replaced_by.number, "10/2019/NĐ-CP-mới")
        self.assertTrue(rows[0]["overdue"])
        self.assertFalse(rows[1]["overdue"])
        self.assertEqual(rows[1]["due"], add_months(recent.status_changed_on, 3))
        self.assertFalse(rows[0]["can_request_change"])  # a draft takes no change request

    def test_a_document_whose_citations_changed_leaves_the_list(self):
        old = self.ended("10/2019/NĐ-CP", on=timezone.localdate())
        document = make_document(self.agency, self.lan, "Quy trình B", cited=[old])
        self.client.force_login(self.lan)
        rows = self.client.get(reverse("documents:needs-update")).context["rows"]
        self.assertEqual([row["document"] for row in rows], [document])
        document_update(document=document, by=self.lan, reason="Cập nhật căn cứ", cited=[])
        self.assertEqual(self.client.get(reverse("documents:needs-update")).context["rows"], [])

    def test_the_query_count_does_not_grow_with_rows(self):
        self.client.force_login(self.lan)
        url = reverse("documents:needs-update")
        first = self.ended("1/2019/NĐ-CP", on=timezone.localdate())
        make_document(self.agency, self.lan, "Quy trình 0", cited=[first])
        before = count_queries(lambda: self.client.get(url))
        for n in range(2, 9):
            ended = self.ended(f"{n}/2019/NĐ-CP", on=timezone.localdate())
            make_document(self.agency, self.lan, f"Quy trình {n}", cited=[ended, first])
        self.assertEqual(count_queries(lambda: self.client.get(url)), before)
