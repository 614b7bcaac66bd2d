"""The history pages of an audit programme, an audit (with its team, schedule, checklist and
findings), a finding and a satisfaction survey, and their CSV exports."""

import csv
import io
from datetime import time

from django.test import TestCase
from django.urls import reverse

from audits.services import audit_plans, checklists, findings, satisfaction
from qms.agencies.roles import Role
from tests.helpers import (
    LadderMixin,
    count_queries,
    make_agency,
    make_notified_audit,
    make_province,
    make_unit,
    make_user,
)


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def expected(*histories) -> set[tuple]:
    """(object id, reason, person) of every history row of the given history querysets."""
    return {
        (row.id, row.history_change_reason, row.history_user.full_name)
        for history in histories
        for row in history.select_related("history_user")
    }


class AuditHistoryPageTests(LadderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("Ủy ban nhân dân tỉnh Lâm Đồng")
        cls.agency = make_agency("Sở Tư pháp", province=cls.province)
        cls.unit = make_unit(cls.agency, "Phòng Hành chính tư pháp")
        # Lan, ISO secretary of Sở Tư pháp: keeps the programme and plans the audits.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY])
        # Minh, leader of Sở Tư pháp: approves the programme.
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])
        # Hùng, internal auditor of Sở Tư pháp: leads the audit.
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.AUDITOR])
        # Hoa, staff of Sở Tư pháp: an auditee, who reads the audit but not the surveys.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
        # Tuấn, supervisor of the province: reads the agency's audits.
        cls.tuan = make_user("Ngô Anh Tuấn", cls.province, [Role.SUPERVISOR])
        other = make_agency("Sở Y tế", province=make_province("UBND tỉnh Khánh Hòa"))
        # Bình, ISO secretary of an agency of another province: must never see Sở Tư pháp's.
        cls.binh = make_user("Lý Văn Bình", other, [Role.ISO_SECRETARY])
        cls.audit = make_notified_audit(
            cls.agency,
            secretary=cls.lan,
            approver=cls.minh,
            lead=cls.hung,
            auditee=cls.hoa,
            units=[cls.unit],
        )
        cls.programme = cls.audit.programme
        cls.add_schedule(1)
        cls.item = checklists.checklist_item_add(
            audit=cls.audit, by=cls.hung, question="Sổ theo dõi có đủ chữ ký?"
        )
        cls.finding = findings.finding_record(
            audit=cls.audit,
            by=cls.hung,
            grade="observation",
            statement="Sổ theo dõi thiếu chữ ký",
            evidence="Sổ tháng 6",
            clause=cls.audit.clauses.first(),
            unit=cls.unit,
        )
        cls.survey = satisfaction.survey_create_default(agency=cls.agency, by=cls.lan)

    @classmethod
    def add_schedule(cls, count: int) -> None:
        for hour in range(8, 8 + count):
            audit_plans.schedule_item_add(
                audit=cls.audit,
                by=cls.lan,
                on=cls.audit.start_on,
                starts_at=time(hour % 24, 0),
                ends_at=time(hour % 24, 30),
                activity=f"Phỏng vấn {hour}",
            )

    def urls(self) -> dict[str, str]:
        return {
            "programme": reverse("audits:programme-history", args=[self.programme.pk]),
            "audit": reverse("audits:audit-history", args=[self.audit.pk]),
            "finding": reverse("audits:finding-history", args=[self.finding.pk]),
        }

    def test_the_pages_follow_the_permission_ladder(self):
        for url in self.urls().values():
            self.assert_ladder(url, outsider=self.binh, wrong_role=None, right_role=self.hoa)
            self.client.force_login(self.tuan)
            self.assertEqual(self.client.get(url).status_code, 200, url)
        url = reverse("audits:satisfaction-survey-history", args=[self.survey.pk])
        self.assert_ladder(url, outsider=self.binh, wrong_role=self.hoa, right_role=self.lan)
        csv_url = reverse("audits:satisfaction-survey-history-csv", args=[self.survey.pk])
        self.assert_ladder(csv_url, outsider=self.binh, wrong_role=self.hoa, right_role=self.lan)

    def test_the_programme_lists_its_changes_and_its_audits_newest_first(self):
        programme = self.programme
        self.client.force_login(self.hoa)
        entries = self.client.get(self.urls()["programme"]).context["entries"]
        audits = self.audit.history.model.objects.filter(programme_id=programme.pk)
        self.assertEqual(
            {(e.object_id, e.reason, e.user) for e in entries},
            expected(programme.history.all(), audits),
        )
        times = [entry.at for entry in entries]
        self.assertEqual(times, sorted(times, reverse=True))
        self.assertEqual({e.kind for e in entries}, {"programme", "audit"})
        approval = next(e for e in entries if e.kind == "programme" and e.user == "Phạm Văn Minh")
        self.assertTrue(approval.changes)  # the fields that changed, named
        self.assertEqual((entries[0].kind, entries[0].object_id), ("audit", self.audit.pk))

    def test_the_audit_lists_its_team_schedule_checklist_and_findings(self):
        self.client.force_login(self.hoa)
        entries = self.client.get(self.urls()["audit"]).context["entries"]
        kinds = {e.kind for e in entries}
        self.assertEqual(kinds, {"audit", "auditor", "schedule_item", "checklist_item", "finding"})
        audit = self.audit
        self.assertEqual(
            {(e.object_id, e.reason, e.user) for e in entries},
            expected(
                audit.history.all(),
                audit.team.model.history.filter(audit_id=audit.pk),
                audit.schedule.model.history.filter(audit_id=audit.pk),
                audit.checklist.model.history.filter(audit_id=audit.pk),
                audit.findings.model.history.filter(audit_id=audit.pk),
            ),
        )
        self.assertTrue(all(entry.user and entry.reason for entry in entries))
        self.assertEqual(entries[0].kind, "finding")  # the last change made

    def test_a_removed_schedule_item_stays_in_the_audits_history(self):
        item = self.audit.schedule.first()
        pk = item.pk
        audit_plans.schedule_item_remove(item=item, by=self.lan)
        self.client.force_login(self.lan)
        entries = self.client.get(self.urls()["audit"]).context["entries"]
        removal = entries[0]
        self.assertEqual((removal.kind, removal.object_id), ("schedule_item", pk))
        self.assertEqual(removal.user, self.lan.full_name)

    def test_the_finding_lists_its_acknowledgement(self):
        findings.finding_acknowledge(finding=self.finding, by=self.hoa, comment="Đã xem")
        self.client.force_login(self.lan)
        entries = self.client.get(self.urls()["finding"]).context["entries"]
        self.assertEqual([e.user for e in entries], [self.hoa.full_name, self.hung.full_name])
        self.assertEqual(
            [e.reason for e in entries],
            list(
                self.finding.history.order_by("-history_id").values_list(
                    "history_change_reason", flat=True
                )
            ),
        )

    def test_the_csv_holds_every_change_and_runs_no_formula(self):
        satisfaction.survey_update(
            survey=self.survey,
            by=self.lan,
            title='=HYPERLINK("http://x")',
            questions=[q.text for q in self.survey.questions.filter(is_overall=False)],
            overall_question=self.survey.questions.get(is_overall=True).text,
        )
        self.client.force_login(self.lan)
        response = self.client.get(
            reverse("audits:satisfaction-survey-history-csv", args=[self.survey.pk])
        )
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("attachment", response["Content-Disposition"])
        header, *rows = csv_rows(response)
        self.assertEqual(len(header), 7)
        self.assertEqual(len(rows), self.survey.history.count())
        self.assertEqual(rows[0][2], '\'=HYPERLINK("http://x")')
        self.assertEqual(rows[0][4], self.lan.full_name)
        self.assertEqual(rows[0][6], self.survey.history.latest("history_id").history_change_reason)

    def test_the_audit_csv_lists_what_the_page_lists(self):
        self.client.force_login(self.lan)
        page = self.client.get(self.urls()["audit"]).context["entries"]
        _header, *rows = csv_rows(
            self.client.get(reverse("audits:audit-history-csv", args=[self.audit.pk]))
        )
        self.assertEqual([(r[4], r[6]) for r in rows], [(e.user, e.reason) for e in page])

    def test_the_query_count_does_not_grow_with_the_history(self):
        self.client.force_login(self.lan)
        url = self.urls()["audit"]
        before = count_queries(lambda: self.client.get(url))
        self.add_schedule(12)
        for number in range(12):
            checklists.checklist_item_add(audit=self.audit, by=self.hung, question=f"Câu {number}")
        self.assertEqual(count_queries(lambda: self.client.get(url)), before)
        self.assertEqual(count_queries(lambda: self.client.get(url + "?page=2")), before)
