"""The move of an agency to the next edition of TCVN ISO 9001 (2015 → 2026), with the clock on
15 September 2026 unless a step travels to its own day: Sở Tư pháp's ISO secretary plans the
move (one item per clause the 2026 catalogue marks changed or new), each clause's owner records
the evidence, the leader switches once, early with a reason. Documents gain the 2026 clauses
that carry theirs on; audits and reviews made before keep 2015. The Sở reads the figures as of
any past day, and who will miss the Ministry's deadline."""

from datetime import date

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils.translation import gettext

from audits.models import EditionTransition, Finding
from audits.selectors.transition import edition_counts, editions_on
from audits.services import audit_plans, checklists, findings, reviews
from audits.services import transition as service
from documents.models import IsoClause, IsoEdition
from qms.agencies.models import Agency
from qms.agencies.roles import Role
from qms.agencies.services import agency_roles_assign
from tests.helpers import (
    audit_fields,
    count_queries,
    make_agency,
    make_document,
    make_notified_audit,
    make_unit,
    make_user,
)

CLOCK = time_machine.travel("2026-09-15 09:00 +07:00", tick=False)
TODAY = date(2026, 9, 15)
TARGET = date(2027, 3, 31)
REASON = "UBND tỉnh yêu cầu áp dụng phiên bản mới từ quý IV/2026."


def on(day: str):
    return time_machine.travel(f"{day} 09:00 +07:00", tick=False)


def clause(version: str, number: str) -> IsoClause:
    return IsoClause.objects.get(version=version, number=number)


@CLOCK
class TransitionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with CLOCK:
            cls.agency = make_agency("Sở Tư pháp")
            cls.province = cls.agency.province
            cls.office = make_unit(cls.agency, "Văn phòng Sở")
            # Lan, ISO secretary (she also drafts documents).
            cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY])
            # Minh, Phó Giám đốc, approves: he decides the switch.
            cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])
            # Hoa, staff, owns a clause of the plan.
            cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
            # Tuấn supervises the province: reads, never writes.
            cls.tuan = make_user("Ngô Anh Tuấn", cls.province, [Role.SUPERVISOR])
            cls.other = make_agency("Sở Y tế", province=cls.province)
            cls.binh = make_user("Lê Văn Bình", cls.other, [Role.ISO_SECRETARY])

    def plan(self, agency=None, by=None, target_on=TARGET) -> EditionTransition:
        return service.transition_plan(
            agency=agency or self.agency, by=by or self.lan, target_on=target_on
        )

    def record(self, plan, number: str, by=None, owner=None, evidence="", documents=()):
        return service.transition_item_save(
            item=plan.items.get(clause__number=number),
            by=by or self.lan,
            owner=owner,
            evidence=evidence,
            documents=documents,
        )

    # 1. Planning ---------------------------------------------------------------------------

    def test_the_secretary_plans_the_clauses_the_2026_edition_changes_or_adds(self):
        plan = self.plan()
        moved = IsoClause.objects.filter(
            version="2026", change__in=[IsoClause.Change.CHANGED, IsoClause.Change.NEW]
        )
        self.assertTrue(moved.exists())
        self.assertEqual(
            set(plan.items.values_list("clause_id", flat=True)),
            set(moved.values_list("pk", flat=True)),
        )
        self.assertEqual(
            (plan.from_version, plan.to_edition.code, plan.planned_on, plan.planned_by),
            ("2015", "2026", TODAY, self.lan),
        )
        self.assertFalse(plan.items.filter(covered_on__isnull=False).exists())
        with self.assertRaises(ValidationError):
            self.plan(target_on=date(2027, 6, 30))
        self.assertEqual(EditionTransition.objects.count(), 1)

    def test_a_target_date_in_the_past_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.plan(target_on=date(2026, 9, 14))
        self.assertIn("target_on", caught.exception.message_dict)
        self.assertFalse(EditionTransition.objects.exists())
        plan = self.plan(target_on=TODAY)
        with self.assertRaises(ValidationError) as caught:
            service.transition_retarget(plan=plan, by=self.lan, target_on=date(2026, 9, 1))
        self.assertIn("target_on", caught.exception.message_dict)
        service.transition_retarget(plan=plan, by=self.lan, target_on=TARGET)
        plan.refresh_from_db()
        self.assertEqual(plan.target_on, TARGET)

    def test_a_2008_agency_has_no_move_to_plan(self):
        old = make_agency("UBND xã Lang Biang", iso_version="2008")
        secretary = make_user("Trần Văn An", old, [Role.ISO_SECRETARY])
        self.assertIsNone(service.next_edition(old))
        with self.assertRaises(ValidationError):
            self.plan(agency=old, by=secretary)
        self.assertFalse(EditionTransition.objects.exists())
        self.client.force_login(secretary)
        self.assertEqual(self.client.get(reverse("audits:transition")).status_code, 404)

    # 2. Permission ladder ------------------------------------------------------------------

    def test_only_the_secretary_plans_and_keeps_the_items_only_the_leader_switches(self):
        for person in (self.hoa, self.minh, self.tuan, self.binh):
            with self.subTest(person=person.full_name), self.assertRaises(PermissionDenied):
                self.plan(by=person)
        plan = self.plan()
        for person in (self.hoa, self.minh, self.tuan):
            with self.subTest(person=person.full_name), self.assertRaises(PermissionDenied):
                self.record(plan, "5.1.1", by=person, evidence="Quyết định về văn hóa chất lượng")
        with self.assertRaises(PermissionDenied):
            service.transition_switch(plan=plan, by=self.lan, confirmed=True, reason=REASON)
        with self.assertRaises(PermissionDenied):
            service.transition_retarget(plan=plan, by=self.minh, target_on=date(2027, 6, 30))
        self.assertFalse(plan.items.filter(covered_on__isnull=False).exists())
        plan.refresh_from_db()
        self.assertIsNone(plan.switched_on)

    def test_the_owner_of_a_clause_records_its_evidence_and_only_its_own(self):
        plan = self.plan()
        self.record(plan, "5.1.1", owner=self.hoa)
        item = self.record(
            plan,
            "5.1.1",
            by=self.hoa,
            owner=self.hoa,
            evidence="Quyết định số 15/QĐ-STP ban hành cam kết văn hóa chất lượng",
        )
        self.assertEqual((item.owner, item.covered_on), (self.hoa, TODAY))
        with self.assertRaises(PermissionDenied):
            self.record(plan, "7.3", by=self.hoa, owner=self.hoa, evidence="Tập huấn")
        # Once she has left the agency, the clause she owned is no longer hers to record.
        agency_roles_assign(agency=self.agency, user=self.hoa, roles=[])
        with self.assertRaises(PermissionDenied):
            self.record(plan, "5.1.1", by=self.hoa, owner=self.hoa, evidence="Sửa lại")

    def test_the_supervisor_reads_the_page_and_posts_nothing(self):
        plan = self.plan()
        item = plan.items.get(clause__number="6.1")
        self.client.force_login(self.tuan)
        # His current agency is the province: the page he reads is the province's own.
        self.assertEqual(self.client.get(reverse("audits:transition")).status_code, 200)
        posts = {
            "audits:transition-start": {"target_on": "30/06/2027"},
            "audits:transition-target": {"target_on": "30/06/2027"},
            "audits:transition-switch": {"confirmed": "on", "reason": REASON},
        }
        for name, data in posts.items():
            with self.subTest(url=name):
                self.assertEqual(self.client.post(reverse(name), data).status_code, 403)
        url = reverse("audits:transition-item", args=[item.pk])
        self.assertEqual(self.client.get(url).status_code, 403)
        self.assertEqual(
            self.client.post(url, {"owner": self.hoa.pk, "evidence": "Sổ rủi ro"}).status_code,
            403,
        )
        plan.refresh_from_db()
        item.refresh_from_db()
        self.assertEqual((plan.target_on, plan.switched_on), (TARGET, None))
        self.assertEqual((item.owner, item.evidence, item.covered_on), (None, "", None))
        self.assertEqual(EditionTransition.objects.count(), 1)
        self.agency.refresh_from_db()
        self.assertEqual(self.agency.iso_version, "2015")

    # 3. Items --------------------------------------------------------------------------------

    def test_evidence_covers_a_clause_from_the_day_recorded_until_cleared(self):
        plan = self.plan()
        register = make_document(self.agency, self.lan, "Quy trình quản lý rủi ro và cơ hội")
        item = self.record(plan, "6.1.2", owner=self.hoa, documents=[register])
        self.assertEqual(item.covered_on, TODAY)
        with on("2026-10-01"):
            item = self.record(
                plan, "6.1.2", owner=self.hoa, evidence="Sổ theo dõi rủi ro năm 2026"
            )
        self.assertEqual(item.covered_on, TODAY)  # still covered since the first day
        item = self.record(plan, "6.1.2", owner=self.hoa, evidence="   ")
        self.assertIsNone(item.covered_on)
        self.assertEqual(list(item.documents.all()), [])

    def test_a_document_of_another_agency_or_an_owner_from_outside_is_refused(self):
        plan = self.plan()
        foreign = make_document(self.other, self.binh, "Quy trình cấp chứng chỉ hành nghề")
        with self.assertRaises(ValidationError) as caught:
            self.record(plan, "6.1", documents=[foreign])
        self.assertIn("documents", caught.exception.message_dict)
        for outsider in (self.binh, self.tuan):
            with (
                self.subTest(owner=outsider.full_name),
                self.assertRaises(ValidationError) as caught,
            ):
                self.record(plan, "6.1", owner=outsider, evidence="Sổ rủi ro")
            self.assertIn("owner", caught.exception.message_dict)
        item = plan.items.get(clause__number="6.1")
        self.assertEqual((item.owner, item.covered_on, item.documents.count()), (None, None, 0))

    # 4. Switch -------------------------------------------------------------------------------

    def test_switching_early_needs_a_confirmation_and_a_reason(self):
        plan = self.plan()
        self.record(plan, "4.1", evidence="Quyết định xem xét biến đổi khí hậu")
        self.record(plan, "6.3", evidence="Sổ hoạch định thay đổi")
        uncovered = plan.items.filter(covered_on__isnull=True).count()
        for confirmed, reason in ((False, ""), (False, REASON), (True, "  ")):
            with self.subTest(confirmed=confirmed, reason=reason):
                with self.assertRaises(ValidationError) as caught:
                    service.transition_switch(
                        plan=plan, by=self.minh, confirmed=confirmed, reason=reason
                    )
                self.assertIn("reason", caught.exception.message_dict)
        self.agency.refresh_from_db()
        self.assertEqual(self.agency.iso_version, "2015")

        plan = service.transition_switch(plan=plan, by=self.minh, confirmed=True, reason=REASON)
        plan.refresh_from_db()
        self.agency.refresh_from_db()
        self.assertEqual(self.agency.iso_version, "2026")
        self.assertEqual(
            (plan.switched_on, plan.switched_by, plan.open_at_switch, plan.switch_reason),
            (TODAY, self.minh, uncovered, REASON),
        )
        row = self.agency.history.first()
        self.assertEqual((row.iso_version, row.history_user), ("2026", self.minh))
        self.assertEqual(row.history_change_reason, gettext("Switched to the new edition"))
        # Once: the plan is closed to a second switch and to its items.
        with self.assertRaises(ValidationError):
            service.transition_switch(plan=plan, by=self.minh, confirmed=True, reason=REASON)
        with self.assertRaises(ValidationError):
            self.record(plan, "7.3", evidence="Tập huấn văn hóa chất lượng")

    def test_with_every_clause_covered_the_leader_switches_without_a_reason(self):
        plan = self.plan()
        for item in plan.items.all():
            self.record(plan, item.clause.number, evidence="Đã rà soát, cập nhật")
        plan = service.transition_switch(plan=plan, by=self.minh, reason=REASON)
        self.assertEqual(
            (plan.switched_on, plan.open_at_switch, plan.switch_reason), (TODAY, 0, "")
        )

    def test_documents_gain_the_2026_clauses_that_carry_theirs_on(self):
        risks_2015 = clause("2015", "6.1")
        register = make_document(
            self.agency, self.lan, "Quy trình quản lý rủi ro và cơ hội", clauses=[risks_2015]
        )
        culture = make_document(self.agency, self.lan, "Quy chế văn hóa chất lượng")
        untouched = make_document(
            self.other, self.binh, "Quy trình của Sở Y tế", clauses=[risks_2015]
        )
        plan = self.plan()
        item = self.record(plan, "5.1.1", documents=[culture])
        service.transition_switch(plan=plan, by=self.minh, confirmed=True, reason=REASON)

        carried = set(risks_2015.carried_on_by.all())
        self.assertEqual(
            {c.number for c in carried}, {"6.1", "6.1.1", "6.1.2", "6.1.3"}
        )  # as the catalogue maps them
        self.assertEqual(set(register.clauses.all()), carried | {risks_2015})
        self.assertIn(item.clause, culture.clauses.all())
        self.assertEqual(list(untouched.clauses.all()), [risks_2015])  # another agency's

    def test_audits_and_reviews_keep_the_edition_they_were_made_under(self):
        thao = make_user("Võ Thị Thảo", self.agency, [Role.AUDITOR], unit=self.office)
        legal = make_unit(self.agency, "Phòng Hành chính tư pháp")
        dung = make_user("Võ Văn Dũng", self.agency, [Role.STAFF], unit=legal)
        audit = make_notified_audit(
            self.agency,
            secretary=self.lan,
            approver=self.minh,
            lead=thao,
            auditee=dung,
            units=[legal],
        )
        before = reviews.review_create(
            agency=self.agency,
            by=self.lan,
            title="Họp xem xét của lãnh đạo 6 tháng đầu năm 2026",
            held_on=date(2026, 9, 20),
            chair=self.minh,
        )
        plan = self.plan()
        service.transition_switch(plan=plan, by=self.minh, confirmed=True, reason=REASON)
        self.agency.refresh_from_db()
        after = reviews.review_create(
            agency=self.agency,
            by=self.lan,
            title="Họp xem xét của lãnh đạo năm 2026",
            held_on=date(2026, 12, 15),
            chair=self.minh,
        )
        before.refresh_from_db()
        self.assertEqual((before.iso_version, after.iso_version), ("2015", "2026"))

        audit.refresh_from_db()
        self.assertEqual(audit.iso_version, "2015")
        finding = findings.finding_record(
            audit=audit,
            by=thao,
            grade=Finding.Grade.OBSERVATION,
            statement="Sổ theo dõi đánh giá nội bộ chưa ghi ngày kết thúc",
            evidence="Sổ theo dõi năm 2026, trang 3",
            clause=clause("2015", "9.2"),
            unit=legal,
        )
        self.assertEqual(finding.clause.version, "2015")
        with self.assertRaises(ValidationError) as caught:
            findings.finding_record(
                audit=audit,
                by=thao,
                grade=Finding.Grade.OBSERVATION,
                statement="Chưa xác định văn hóa chất lượng",
                evidence="Phỏng vấn Chánh Văn phòng",
                clause=clause("2026", "5.1.1"),
                unit=legal,
            )
        self.assertIn("clause", caught.exception.message_dict)
        question = checklists.checklist_item_add(
            audit=audit, by=thao, question="Hồ sơ đánh giá có đủ?", clause=clause("2015", "7.5")
        )
        self.assertEqual(question.clause.version, "2015")
        # A new audit of the same programme is planned under 2026.
        new = audit_plans.audit_plan_create(
            programme=audit.programme,
            by=self.lan,
            **audit_fields(
                self.agency, units=[legal], start_on=date(2026, 11, 2), end_on=date(2026, 11, 3)
            ),
        )
        self.assertEqual(new.iso_version, "2026")
        self.assertEqual({c.version for c in new.clauses.all()}, {"2026"})

    # 5. As of past dates, and the deadline ---------------------------------------------------

    def test_the_figures_read_each_day_as_it_was(self):
        with on("2026-04-01"):
            plan = self.plan(target_on=date(2026, 12, 31))
        with on("2026-05-04"):
            for number in ("4.1", "4.2", "6.3"):
                self.record(plan, number, evidence="Đã cập nhật")
        with on("2026-06-01"):
            self.record(plan, "7.3", evidence="Đã tập huấn")
        with on("2026-07-01"):
            service.transition_switch(plan=plan, by=self.minh, confirmed=True, reason=REASON)
        total = plan.items.count()

        def row(day):
            figures = editions_on([self.agency, self.other], as_of=day)
            return figures, figures.rows[0]

        figures, sotp = row(date(2026, 3, 31))
        self.assertEqual((sotp.edition, sotp.plan), ("2015", None))
        self.assertEqual(figures.counts["2015"], 2)
        self.assertEqual(figures.moving, [])
        figures, sotp = row(date(2026, 5, 10))
        self.assertEqual(
            (sotp.edition, sotp.plan, sotp.covered, sotp.total), ("2015", plan, 3, total)
        )
        self.assertEqual(len(figures.moving), 1)
        _figures, sotp = row(date(2026, 6, 30))
        self.assertEqual((sotp.covered, sotp.total), (4, total))
        figures, sotp = row(date(2026, 7, 1))
        self.assertEqual((sotp.edition, sotp.plan), ("2026", None))
        self.assertEqual((figures.counts["2015"], figures.counts["2026"]), (1, 1))
        self.assertEqual(figures.rows[1].edition, "2015")  # the Sở Y tế did not move

    def test_a_later_change_does_not_rewrite_an_earlier_day(self):
        IsoEdition.objects.filter(code="2026").update(transition_deadline=date(2027, 6, 30))
        with on("2026-04-01"):
            plan = self.plan(target_on=date(2027, 3, 31))
        with on("2026-05-04"):
            self.record(plan, "4.1", evidence="Đã cập nhật sổ bối cảnh")
        with on("2026-06-01"):  # the evidence is withdrawn and the target moved past the deadline
            self.record(plan, "4.1", evidence="")
            service.transition_retarget(plan=plan, by=self.lan, target_on=date(2027, 9, 30))

        def sotp(day):
            return editions_on([self.agency], as_of=day).rows[0]

        self.assertEqual((sotp(date(2026, 5, 10)).covered, sotp(date(2026, 6, 2)).covered), (1, 0))
        self.assertFalse(sotp(date(2026, 5, 10)).misses_deadline)
        self.assertTrue(sotp(date(2026, 6, 2)).misses_deadline)

    def test_the_so_sees_how_far_each_move_has_gone(self):
        plan = self.plan()
        self.record(plan, "4.1", evidence="Đã cập nhật sổ bối cảnh")
        self.client.force_login(self.tuan)
        line = f"1/{plan.items.count()} điều khoản có bằng chứng, dự kiến 31/03/2027"
        detail = self.client.get(reverse("monitoring:agency-detail", args=[self.agency.pk]))
        self.assertContains(detail, line)
        dashboard = self.client.get(reverse("monitoring:dashboard"))
        self.assertContains(dashboard, "1 cơ quan đang chuyển sang phiên bản kế tiếp")
        self.assertContains(dashboard, line)

    def test_those_who_will_miss_the_ministrys_deadline(self):
        IsoEdition.objects.filter(code="2026").update(transition_deadline=date(2027, 6, 30))
        idle = self.other  # no plan
        late = make_agency("Sở Xây dựng", province=self.province)
        early = make_agency("Sở Nội vụ", province=self.province)
        done = make_agency("Sở Tài chính", province=self.province)
        for agency, target in ((late, date(2027, 9, 30)), (early, TARGET), (done, TARGET)):
            secretary = make_user(f"Thư ký ISO {agency.name}", agency, [Role.ISO_SECRETARY])
            plan = self.plan(agency=agency, by=secretary, target_on=target)
        leader = make_user("Hoàng Văn Nam", done, [Role.APPROVER])
        service.transition_switch(plan=plan, by=leader, confirmed=True, reason=REASON)
        agencies = [idle, late, early, done]

        def missing(day):
            return [row.agency for row in editions_on(agencies, as_of=day).missing]

        self.assertEqual(missing(TODAY), [idle, late])
        self.assertEqual(missing(date(2026, 6, 1)), [])  # over a year ahead, nobody yet
        self.assertEqual(missing(date(2027, 7, 1)), [idle, late, early])
        # The national roll-up counts the same figures by province without building every row.
        elsewhere = make_agency("Sở Tư pháp Khánh Hòa")
        self.plan(
            agency=elsewhere,
            by=make_user("Thư ký ISO Khánh Hòa", elsewhere, [Role.ISO_SECRETARY]),
            target_on=TARGET,
        )
        scope = Agency.objects.filter(pk__in=[a.pk for a in [*agencies, elsewhere, self.agency]])
        for day in (date(2026, 6, 1), TODAY, date(2027, 7, 1)):
            with self.subTest(day=day):
                rows = editions_on(list(scope), as_of=day)
                counted = edition_counts(scope, as_of=day)
                by_province = rows.grouped(lambda agency: agency.province_id)
                self.assertEqual(
                    {
                        key: (g.edition_counts(), g.moving, g.missing)
                        for key, g in by_province.items()
                    },
                    {
                        key: (g.edition_counts(), g.moving, g.missing)
                        for key, g in counted.groups.items()
                    },
                )
                self.assertEqual(counted.edition_table(), rows.edition_table())
                self.assertEqual(
                    (counted.moving_count, counted.missing_count, counted.moving_percent),
                    (rows.moving_count, rows.missing_count, rows.moving_percent),
                )

    # 6. Query count --------------------------------------------------------------------------

    def test_the_figures_cost_the_same_for_two_agencies_or_six(self):
        agencies = [self.agency, self.other]
        for n in range(4):
            agencies.append(make_agency(f"UBND xã số {n}", province=self.province, level="commune"))
        for agency in agencies:
            secretary = make_user(f"Thư ký ISO {agency.name}", agency, [Role.ISO_SECRETARY])
            plan = self.plan(agency=agency, by=secretary)
            self.record(plan, "4.1", by=secretary, evidence="Đã cập nhật")
        two = count_queries(lambda: editions_on(agencies[:2], as_of=TODAY))
        with self.assertNumQueries(two):
            figures = editions_on(agencies, as_of=TODAY)
        self.assertEqual([row.covered for row in figures.rows], [1] * 6)

    # 7. Pages --------------------------------------------------------------------------------

    def test_the_page_shows_the_items_and_the_switch_only_to_the_leader(self):
        self.client.force_login(self.lan)
        response = self.client.post(reverse("audits:transition-start"), {"target_on": "31/03/2027"})
        self.assertRedirects(response, reverse("audits:transition"))
        plan = EditionTransition.objects.get(agency=self.agency)
        self.assertEqual(plan.target_on, TARGET)
        item = plan.items.get(clause__number="5.1.1")
        page = self.client.get(reverse("audits:transition"))
        self.assertContains(page, item.clause.title)
        self.assertContains(page, reverse("audits:transition-item", args=[item.pk]))
        self.assertNotContains(page, reverse("audits:transition-switch"))

        self.client.force_login(self.minh)
        page = self.client.get(reverse("audits:transition"))
        self.assertContains(page, reverse("audits:transition-switch"))
        self.assertNotContains(page, reverse("audits:transition-item", args=[item.pk]))
        response = self.client.post(
            reverse("audits:transition-switch"), {"confirmed": "on", "reason": REASON}
        )
        self.assertRedirects(response, reverse("audits:transition"))
        self.agency.refresh_from_db()
        self.assertEqual(self.agency.iso_version, "2026")

    def test_the_page_costs_the_same_with_one_clause_recorded_or_all(self):
        plan = self.plan()
        procedures = [make_document(self.agency, self.lan, f"Quy trình số {n}") for n in range(3)]
        self.client.force_login(self.lan)
        url = reverse("audits:transition")
        numbers = list(plan.items.values_list("clause__number", flat=True))
        self.record(plan, numbers[0], owner=self.hoa, evidence="Đã có", documents=procedures[:1])
        self.client.get(url)
        one = count_queries(lambda: self.client.get(url))
        for number in numbers[1:]:
            self.record(plan, number, owner=self.lan, evidence="Đã có", documents=procedures)
        self.assertEqual(count_queries(lambda: self.client.get(url)), one)

    def test_the_item_page_of_another_agency_is_not_found(self):
        plan = self.plan()
        url = reverse("audits:transition-item", args=[plan.items.first().pk])
        self.client.force_login(self.binh)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(url, {"evidence": "x"}).status_code, 404)
        self.client.force_login(self.hoa)  # of the agency, but neither secretary nor owner
        self.assertEqual(self.client.get(url).status_code, 403)
        self.client.force_login(self.lan)
        self.assertEqual(self.client.get(url).status_code, 200)
