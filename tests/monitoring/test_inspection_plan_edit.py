"""Editing a drafted inspection plan: the service (fields, team and agencies changed with the
reason in the history; refused once approved, without a reason, with bad input, or when it
would drop an agency already inspected) and the page (ladder, happy path, error path, query
count)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from qms.monitoring.checklist import default_checklist
from qms.monitoring.models import Inspection, InspectionCheck, InspectionFinding, InspectionPlan
from qms.monitoring.services.plan_changes import plan_update
from tests.helpers import LadderMixin, count_queries, make_agency
from tests.monitoring.fixtures import YEAR, SupervisionFixture

S = InspectionPlan.Status


def changes(plan: InspectionPlan, **extra) -> dict:
    """The plan's current fields as ``plan_update`` arguments, with ``extra`` changed."""
    return {
        "year": plan.year,
        "title": plan.title,
        "decision_number": plan.decision_number,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "team": list(plan.team.all()),
        "agencies": [inspection.agency for inspection in plan.inspections.all()],
        "reason": "Bổ sung đơn vị theo chỉ đạo của UBND tỉnh",
    } | extra


class PlanUpdateServiceTests(SupervisionFixture):
    def test_it_changes_the_fields_team_and_agencies_with_the_reason_in_history(self):
        plan = self.make_plan(agencies=[self.a])
        plan_update(
            plan=plan,
            by=self.ha,
            **changes(
                plan,
                title="Kế hoạch kiểm tra (sửa đổi)",
                starts_on=date(YEAR, 7, 1),
                team=[self.tuan, self.ha],
                agencies=[self.b],
            ),
        )
        plan.refresh_from_db()
        self.assertEqual(plan.title, "Kế hoạch kiểm tra (sửa đổi)")
        self.assertEqual(plan.starts_on, date(YEAR, 7, 1))
        self.assertEqual(set(plan.team.all()), {self.tuan, self.ha})
        self.assertEqual([i.agency for i in plan.inspections.all()], [self.b])
        added = plan.inspections.get()
        self.assertEqual(added.checks.count(), len(default_checklist()))
        latest = plan.history.first()
        self.assertEqual(latest.history_change_reason, "Bổ sung đơn vị theo chỉ đạo của UBND tỉnh")
        self.assertEqual(latest.history_user, self.ha)
        self.assertEqual(plan.status, S.PLANNED)

    def test_a_kept_agency_keeps_its_inspection(self):
        plan = self.make_plan(agencies=[self.a])
        kept = plan.inspections.get()
        plan_update(plan=plan, by=self.tuan, **changes(plan, agencies=[self.a, self.b]))
        self.assertTrue(Inspection.objects.filter(pk=kept.pk).exists())
        self.assertEqual(plan.inspections.count(), 2)

    def test_an_approved_or_later_plan_is_not_editable(self):
        for status in ("approved", "in_progress", "concluded"):
            plan = self.make_plan(status=status)
            if status == "concluded":
                InspectionCheck.objects.filter(inspection__plan=plan).update(result="met")
                from qms.monitoring.services import inspections

                plan = inspections.plan_conclude(plan=plan, by=self.tuan, conclusion="Đạt")
            with self.subTest(status), self.assertRaises(ValidationError):
                plan_update(plan=plan, by=self.tuan, **changes(plan, title="Khác"))
            plan.refresh_from_db()
            self.assertEqual(plan.title, "Kế hoạch kiểm tra việc áp dụng ISO năm 2026")

    def test_it_refuses_bad_input_and_changes_nothing(self):
        plan = self.make_plan(agencies=[self.a])
        history = plan.history.count()
        cases = {
            "no reason": {"reason": "  "},
            "over-long reason": {"reason": "x" * 501},
            "empty title": {"title": ""},
            "dates out of order": {"starts_on": date(YEAR, 9, 1), "ends_on": date(YEAR, 8, 1)},
            "outside the year": {"year": YEAR + 1},
            "no agency": {"agencies": []},
            "agency of another province": {"agencies": [self.a, self.c]},
            "inspector not a supervisor": {"team": [self.lan]},
        }
        for name, extra in cases.items():
            with self.subTest(name), self.assertRaises(ValidationError):
                plan_update(plan=plan, by=self.tuan, **changes(plan, title="Khác") | extra)
        plan.refresh_from_db()
        self.assertEqual(plan.title, "Kế hoạch kiểm tra việc áp dụng ISO năm 2026")
        self.assertEqual(plan.history.count(), history)
        self.assertEqual([i.agency for i in plan.inspections.all()], [self.a])

    def test_it_refuses_to_drop_an_agency_already_inspected(self):
        plan = self.make_plan(agencies=[self.a, self.b])
        inspection = plan.inspections.get(agency=self.a)
        # Work recorded before approval cannot happen through the services; the rows stand for
        # a plan whose inspection already holds a finding or a result.
        for name, record in {
            "a finding": lambda: InspectionFinding.objects.create(
                inspection=inspection, description="Chưa niêm yết", recorded_by=self.tuan
            ),
            "a result": lambda: inspection.checks.filter(position=1).update(result="not_met"),
            "a visit date": lambda: Inspection.objects.filter(pk=inspection.pk).update(
                inspected_on=date(YEAR, 6, 2)
            ),
        }.items():
            InspectionFinding.objects.all().delete()
            inspection.checks.update(result="pending")
            Inspection.objects.filter(pk=inspection.pk).update(inspected_on=None)
            record()
            with self.subTest(name), self.assertRaises(ValidationError) as raised:
                plan_update(plan=plan, by=self.tuan, **changes(plan, agencies=[self.b]))
            self.assertIn("agencies", raised.exception.error_dict)
            self.assertTrue(Inspection.objects.filter(pk=inspection.pk).exists())

    def test_only_a_supervisor_of_the_province_edits(self):
        plan = self.make_plan()
        for person in (self.lan, self.khanh):
            with self.subTest(person=person.full_name), self.assertRaises(PermissionDenied):
                plan_update(plan=plan, by=person, **changes(plan, title="Khác"))


class PlanEditPageTests(LadderMixin, SupervisionFixture):
    def form_data(self, plan: InspectionPlan, **extra) -> dict:
        return {
            "year": plan.year,
            "title": plan.title,
            "decision_number": plan.decision_number,
            "starts_on": plan.starts_on.strftime("%d/%m/%Y"),
            "ends_on": plan.ends_on.strftime("%d/%m/%Y"),
            "team": [person.pk for person in plan.team.all()],
            "agencies": [i.agency_id for i in plan.inspections.all()],
            "reason": "Đổi thời gian kiểm tra",
        } | extra

    def test_the_edit_ladder(self):
        plan = self.make_plan()
        url = reverse("monitoring:inspection-plan-edit", args=[plan.pk])
        # Khánh of another province: 404; Lan, whose agency is inspected: 403; Hà edits.
        response = self.assert_ladder(
            url, outsider=self.khanh, wrong_role=self.lan, right_role=self.ha
        )
        self.assertEqual(response.context["form"].initial["title"], plan.title)
        detail = self.client.get(reverse("monitoring:inspection-plan-detail", args=[plan.pk]))
        self.assertIn("edit", detail.context["allowed"])

    def test_a_supervisor_edits_the_plan_through_the_page(self):
        plan = self.make_plan(agencies=[self.a])
        self.client.force_login(self.tuan)
        response = self.client.post(
            reverse("monitoring:inspection-plan-edit", args=[plan.pk]),
            self.form_data(plan, ends_on="30/09/2026", agencies=[self.a.pk, self.b.pk]),
        )
        self.assertRedirects(response, reverse("monitoring:inspection-plan-detail", args=[plan.pk]))
        plan.refresh_from_db()
        self.assertEqual(plan.ends_on, date(YEAR, 9, 30))
        self.assertEqual(plan.inspections.count(), 2)
        self.assertEqual(plan.history.first().history_change_reason, "Đổi thời gian kiểm tra")

    def test_errors_stay_on_the_form_and_change_nothing(self):
        plan = self.make_plan(agencies=[self.a, self.b])
        InspectionFinding.objects.create(
            inspection=plan.inspections.get(agency=self.a),
            description="Chưa niêm yết",
            recorded_by=self.tuan,
        )
        self.client.force_login(self.tuan)
        url = reverse("monitoring:inspection-plan-edit", args=[plan.pk])
        for name, change in {
            "no reason": {"reason": ""},
            "dropping an inspected agency": {"agencies": [self.b.pk]},
            "dates out of order": {"starts_on": "01/09/2026", "ends_on": "01/08/2026"},
        }.items():
            with self.subTest(name):
                response = self.client.post(url, self.form_data(plan, title="Khác") | change)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["form"].errors)
        self.assertIn(
            "agencies",
            self.client.post(url, self.form_data(plan, agencies=[self.b.pk]))
            .context["form"]
            .errors,
        )
        plan.refresh_from_db()
        self.assertEqual(plan.title, "Kế hoạch kiểm tra việc áp dụng ISO năm 2026")
        self.assertEqual(plan.inspections.count(), 2)

    def test_an_approved_plan_sends_back_to_its_page_with_a_message(self):
        plan = self.make_plan(status="approved")
        self.client.force_login(self.tuan)
        url = reverse("monitoring:inspection-plan-edit", args=[plan.pk])
        detail = reverse("monitoring:inspection-plan-detail", args=[plan.pk])
        self.assertRedirects(self.client.get(url), detail)
        response = self.client.post(url, self.form_data(plan, title="Khác"), follow=True)
        self.assertEqual([m.level_tag for m in response.context["messages"]], ["error"])
        self.assertNotIn("edit", response.context["allowed"])
        plan.refresh_from_db()
        self.assertEqual(plan.title, "Kế hoạch kiểm tra việc áp dụng ISO năm 2026")

    def test_the_edit_page_query_count_does_not_grow_with_agencies(self):
        small = self.make_plan(agencies=[self.a])
        extra = [make_agency(f"Sở số {n}", province=self.province) for n in range(4)]
        large = self.make_plan(agencies=[self.a, self.b, *extra])
        self.client.force_login(self.ha)
        counts = [
            count_queries(
                lambda p=plan: self.client.get(
                    reverse("monitoring:inspection-plan-edit", args=[p.pk])
                )
            )
            for plan in (small, large)
        ]
        self.assertEqual(counts[0], counts[1])
