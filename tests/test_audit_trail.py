import csv
import io
from datetime import timedelta

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from documents.models import Revision
from qms.agencies.roles import Role
from qms.audit_trail import TrailFilters, trail_entries, trail_rows
from tests.helpers import (
    LadderMixin,
    count_queries,
    make_agency,
    make_effective_document,
    make_nonconformity,
    make_pdf,
    make_province,
    make_unit,
    make_user,
)


class AuditTrailTests(LadderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("Ủy ban nhân dân tỉnh Lâm Đồng")
        cls.agency = make_agency("Sở Tư pháp", province=cls.province)
        # Lan, ISO secretary of Sở Tư pháp: reads and exports the trail.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY])
        # Hùng, drafter of Sở Tư pháp.
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER])
        # Mai, reviewer of Sở Tư pháp.
        cls.mai = make_user("Lê Thị Mai", cls.agency, [Role.REVIEWER])
        # Minh, approver of Sở Tư pháp.
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])
        # Hoa, staff of Sở Tư pháp: may not read the trail.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
        # Tuấn, supervisor of the Sở KH&CN of the province: reads any agency's trail.
        cls.tuan = make_user("Ngô Anh Tuấn", cls.province, [Role.SUPERVISOR])
        cls.other = make_agency("Sở Y tế", province=make_province("UBND tỉnh Khánh Hòa"))
        # Bình, ISO secretary of Sở Y tế of another province, who must never see Sở Tư pháp.
        cls.binh = make_user("Lý Văn Bình", cls.other, [Role.ISO_SECRETARY])
        cls.document = make_effective_document(
            cls.agency, drafter=cls.hung, reviewer=cls.mai, approver=cls.minh
        )
        make_unit(cls.agency, "Phòng Hành chính tư pháp")
        make_nonconformity(cls.agency, cls.lan)
        make_effective_document(
            cls.other,
            drafter=make_user("Người soạn B", cls.other, [Role.DRAFTER]),
            reviewer=make_user("Người xem xét B", cls.other, [Role.REVIEWER]),
            approver=make_user("Người phê duyệt B", cls.other, [Role.APPROVER]),
            title="Quy trình bí mật của Sở Y tế",
        )

    def test_the_page_follows_the_permission_ladder(self):
        self.assert_ladder(
            reverse("trail"), outsider=None, wrong_role=self.hoa, right_role=self.lan
        )
        url = reverse("trail-agency", args=[self.agency.pk])
        self.assert_ladder(url, outsider=self.binh, wrong_role=self.hoa, right_role=self.tuan)

    def test_it_lists_who_changed_what_and_why(self):
        self.client.force_login(self.lan)
        response = self.client.get(reverse("trail"))
        entries = response.context["entries"]
        kinds = {entry.kind for entry in entries}
        self.assertLessEqual({"document", "revision", "unit", "nonconformity", "member"}, kinds)
        approval = next(
            e for e in entries if e.kind == "revision" and e.user == self.minh.full_name
        )
        self.assertTrue(any("→" in change for change in approval.changes))
        self.assertTrue(all(entry.user for entry in entries))
        self.assertNotContains(response, "Quy trình bí mật của Sở Y tế")

    def test_every_revision_history_row_is_in_the_trail(self):
        revision = self.document.revisions.get()
        expected = revision.history.count()
        rows = trail_rows(self.agency, TrailFilters(kind="revision"))
        self.assertEqual(rows.count(), expected)
        self.assertEqual({row["trail_object"] for row in rows}, {revision.pk})

    def test_it_filters_by_kind_person_and_period(self):
        self.client.force_login(self.lan)
        url = reverse("trail")
        by_kind = self.client.get(url, {"kind": "nonconformity"}).context["entries"]
        self.assertTrue(by_kind)
        self.assertEqual({entry.kind for entry in by_kind}, {"nonconformity"})
        by_person = self.client.get(url, {"person": self.minh.pk}).context["entries"]
        self.assertTrue(by_person)
        self.assertEqual({entry.user for entry in by_person}, {self.minh.full_name})
        tomorrow = timezone.localdate() + timedelta(days=1)
        later = self.client.get(url, {"since": tomorrow.isoformat()})
        self.assertEqual(later.context["page"].paginator.count, 0)
        today = timezone.localdate().isoformat()
        within = self.client.get(url, {"since": today, "until": today})
        self.assertGreater(within.context["page"].paginator.count, 0)

    def test_a_reversed_period_is_refused_and_nothing_is_filtered(self):
        self.client.force_login(self.lan)
        response = self.client.get(reverse("trail"), {"since": "2026-12-31", "until": "2026-01-01"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("until", response.context["form"].errors)
        self.assertEqual(response.context["page"].paginator.count, trail_rows(self.agency).count())

    def test_an_unknown_kind_is_a_form_error_not_a_crash(self):
        self.client.force_login(self.lan)
        response = self.client.get(reverse("trail"), {"kind": "../../etc/passwd", "person": "x"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("kind", response.context["form"].errors)

    def test_the_page_costs_the_same_queries_however_long_the_trail(self):
        self.client.force_login(self.lan)
        url = reverse("trail")

        def load():
            self.assertEqual(self.client.get(url).status_code, 200)

        load()
        before = count_queries(load)
        for n in range(2):
            make_effective_document(
                self.agency,
                drafter=self.hung,
                reviewer=self.mai,
                approver=self.minh,
                title=f"Quy trình thêm {n}",
            )
            make_nonconformity(self.agency, self.lan, title=f"Sự không phù hợp thêm {n}")
        self.assertEqual(count_queries(load), before)

    def test_the_csv_export_holds_the_whole_trail_safely(self):
        make_unit(self.agency, '=HYPERLINK("http://x")')
        self.client.force_login(self.lan)
        response = self.client.get(reverse("trail-csv"))
        self.assertEqual(response.status_code, 200)
        body = b"".join(response.streaming_content).decode("utf-8")
        self.assertTrue(body.startswith("\ufeff"))
        rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
        self.assertEqual(len(rows) - 1, trail_rows(self.agency).count())
        titles = [row[2] for row in rows[1:]]
        self.assertIn('\'=HYPERLINK("http://x")', titles)
        self.assertNotIn("Quy trình bí mật của Sở Y tế", body)

    def test_the_xlsx_export_holds_the_whole_trail_as_text(self):
        make_unit(self.agency, "=1+1")
        self.client.force_login(self.tuan)
        response = self.client.get(reverse("trail-agency-xlsx", args=[self.agency.pk]))
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(len(rows) - 1, trail_rows(self.agency).count())
        # Neutralised the one way every export is (an apostrophe first), never a formula.
        self.assertIn("'=1+1", [row[2] for row in rows])

    def test_an_outsider_cannot_export_another_agencys_trail(self):
        self.client.force_login(self.binh)
        for name in ("trail-agency-csv", "trail-agency-xlsx"):
            response = self.client.get(reverse(name, args=[self.agency.pk]))
            self.assertEqual(response.status_code, 404, name)
        self.client.force_login(self.hoa)
        self.assertEqual(self.client.get(reverse("trail-csv")).status_code, 403)

    def test_entries_describe_a_status_change_with_its_labels(self):
        revision = self.document.revisions.get()
        rows = [
            row
            for row in trail_rows(self.agency, TrailFilters(kind="revision"))
            if row["trail_hid"] == revision.history.latest().history_id
        ]
        (entry,) = trail_entries(self.agency, rows)
        status = str(Revision._meta.get_field("status").verbose_name).capitalize()
        self.assertTrue(any(change.startswith(status) for change in entry.changes), entry.changes)


class SupervisionTrailTests(TestCase):
    def test_announcements_and_surveys_are_in_the_agencys_trail(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from audits.services.satisfaction import survey_create_default
        from qms.monitoring.services.announcements import announcement_record

        agency = make_agency("Sở Tư pháp")
        # Lan, ISO secretary who records the announcement and defines the survey.
        lan = make_user("Nguyễn Thị Lan", agency, [Role.ISO_SECRETARY])
        document = make_effective_document(
            agency,
            drafter=lan,
            reviewer=make_user("Mai", agency, [Role.REVIEWER]),
            approver=make_user("Minh", agency, [Role.APPROVER]),
        )
        announcement_record(
            agency=agency,
            by=lan,
            decision_number="12/QĐ-STP",
            decided_on=timezone.localdate() - timedelta(days=3),
            signer="Giám đốc",
            iso_version="2015",
            procedures=[document],
            upload=SimpleUploadedFile("cong-bo.pdf", make_pdf()),
        )
        survey_create_default(agency=agency, by=lan)
        kinds = {row["trail_kind"] for row in trail_rows(agency)}
        self.assertTrue({"announcement", "survey"} <= kinds, kinds)
