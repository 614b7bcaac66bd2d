from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import timezone

from audits.models import Action, Band, Nonconformity, QualityObjective, Risk, band_of
from audits.services import actions as action_flow
from audits.services import objectives as service
from audits.services.risks import risk_save
from qms.agencies.models import Agency
from qms.agencies.roles import Role
from tests.helpers import make_agency, make_unit, make_user


class ObjectiveTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        cls.unit = make_unit(cls.agency, "Phòng Hành chính tư pháp")
        # Lan, ISO secretary.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY, Role.STAFF])
        # Hoa, staff responsible for the on-time objective.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
        # Mai, staff with no responsibility for it.
        cls.mai = make_user("Lê Thị Mai", cls.agency, [Role.STAFF])
        cls.year = timezone.localdate().year

    def objective(self, **extra) -> QualityObjective:
        fields = {
            "year": self.year,
            "title": "100% hồ sơ giải quyết đúng hạn",
            "indicator": "Tỷ lệ hồ sơ giải quyết đúng hạn",
            "unit_of_measure": "%",
            "target": Decimal("98"),
            "direction": QualityObjective.Direction.AT_LEAST,
            "unit": self.unit,
            "responsible": self.hoa,
            **extra,
        }
        return service.objective_save(agency=self.agency, by=self.lan, **fields)

    def measure(self, objective, value, *, day=None, period="Kỳ 1"):
        return service.measurement_record(
            objective=objective,
            by=self.hoa,
            period=period,
            period_end=day or date(self.year, 1, 1),
            value=Decimal(value),
        )

    def test_at_least_and_at_most_targets_are_evaluated(self):
        on_time = self.objective()
        self.assertTrue(self.measure(on_time, "98").met)
        self.assertFalse(on_time.is_met(Decimal("97.9")))
        complaints = self.objective(
            title="Không quá 2 phản ánh mỗi quý",
            indicator="Số phản ánh của người dân",
            unit_of_measure="phản ánh",
            target=Decimal("2"),
            direction=QualityObjective.Direction.AT_MOST,
        )
        self.assertTrue(complaints.is_met(Decimal("2")))
        self.assertFalse(self.measure(complaints, "3").met)

    def test_a_measurement_belongs_to_an_ended_period_of_the_year_once(self):
        objective = self.objective()
        with self.assertRaises(ValidationError):
            self.measure(objective, "99", day=date(self.year - 1, 12, 31))
        with self.assertRaises(ValidationError):
            self.measure(objective, "99", day=timezone.localdate() + timedelta(days=1))
        self.measure(objective, "99")
        with self.assertRaises(ValidationError):
            self.measure(objective, "95")
        self.assertEqual(objective.measurements.count(), 1)

    def test_only_the_responsible_person_or_the_secretary_measures(self):
        objective = self.objective()
        with self.assertRaises(PermissionDenied):
            service.measurement_record(
                objective=objective,
                by=self.mai,
                period="Q1",
                period_end=date(self.year, 1, 1),
                value=Decimal("99"),
            )

    def test_an_objective_not_met_opens_a_nonconformity_in_one_step(self):
        objective = self.objective()
        with self.assertRaises(ValidationError):
            service.objective_open_nonconformity(objective=objective, by=self.lan)
        self.measure(objective, "96.5", period="Quý I")
        nonconformity = service.objective_open_nonconformity(
            objective=objective, by=self.lan, description="Do thiếu nhân sự."
        )
        self.assertEqual(nonconformity.source, Nonconformity.Source.OBJECTIVE)
        self.assertEqual(nonconformity.objective, objective)
        self.assertEqual(nonconformity.unit, self.unit)
        self.assertEqual(nonconformity.clause.number, "6.2")
        self.assertIn("96,5%", nonconformity.description)
        self.assertIn("98%", nonconformity.description)
        self.assertIn("Do thiếu nhân sự.", nonconformity.description)
        # Not twice while the first is open.
        with self.assertRaises(ValidationError):
            service.objective_open_nonconformity(objective=objective, by=self.lan)
        self.assertEqual(Nonconformity.objects.count(), 1)

    def test_an_objective_not_met_opens_an_improvement_action(self):
        objective = self.objective()
        self.measure(objective, "90")
        action = action_flow.action_create(
            parent=objective,
            by=self.lan,
            kind=Action.Kind.IMPROVEMENT,
            title="Bố trí thêm một công chức tiếp nhận",
            owner=self.hoa,
            due_on=timezone.localdate() + timedelta(days=30),
        )
        self.assertEqual(action.objective, objective)
        with self.assertRaises(ValidationError):
            action_flow.action_create(
                parent=objective,
                by=self.lan,
                kind=Action.Kind.IMPROVEMENT,
                title="Trước năm mục tiêu",
                owner=self.hoa,
                due_on=date(self.year - 1, 12, 31),
            )

    def test_an_objective_is_set_once_a_year(self):
        self.objective()
        with self.assertRaises(ValidationError):
            self.objective()
        self.assertEqual(QualityObjective.objects.count(), 1)

    def test_an_objectives_unit_and_responsible_person_stay_in_the_agency(self):
        other = make_agency("Sở Y tế")
        with self.assertRaises(ValidationError):
            self.objective(unit=make_unit(other))
        with self.assertRaises(ValidationError):
            self.objective(responsible=make_user("Người ngoài", other))
        with self.assertRaises(PermissionDenied):
            service.objective_save(
                agency=self.agency, by=self.hoa, year=self.year, title="x", indicator="y", target=1
            )


class RiskTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        # Lan, ISO secretary of a 2015 agency.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY, Role.STAFF])
        cls.old = make_agency("UBND xã Lang Biang", iso_version=Agency.IsoVersion.V2008)
        # Long, ISO secretary of an agency still on ISO 9001:2008.
        cls.long = make_user("Hồ Văn Long", cls.old, [Role.ISO_SECRETARY])

    def test_the_level_is_the_product_in_bands(self):
        self.assertEqual(band_of(1), Band.LOW)
        self.assertEqual(band_of(4), Band.LOW)
        self.assertEqual(band_of(6), Band.MEDIUM)
        self.assertEqual(band_of(12), Band.HIGH)
        self.assertEqual(band_of(16), Band.HIGH)
        self.assertEqual(band_of(20), Band.VERY_HIGH)
        risk = risk_save(
            agency=self.agency,
            by=self.lan,
            title="Thay đổi văn bản pháp luật chưa cập nhật kịp",
            likelihood=4,
            impact=3,
        )
        self.assertEqual((risk.level, risk.band), (12, Band.HIGH))

    def test_scores_stay_between_1_and_5(self):
        with self.assertRaises(ValidationError):
            risk_save(agency=self.agency, by=self.lan, title="Sai", likelihood=6, impact=1)
        self.assertFalse(Risk.objects.exists())

    def test_reassessing_keeps_history_with_the_reason(self):
        risk = risk_save(
            agency=self.agency, by=self.lan, title="Mất dữ liệu hồ sơ", likelihood=3, impact=5
        )
        risk_save(
            agency=self.agency,
            by=self.lan,
            risk=risk,
            reason="Đã sao lưu hằng ngày",
            likelihood=1,
        )
        latest = risk.history.latest()
        self.assertEqual(
            (latest.likelihood, latest.history_change_reason), (1, "Đã sao lưu hằng ngày")
        )

    def test_a_2008_agency_keeps_no_risk_register(self):
        with self.assertRaises(ValidationError):
            risk_save(agency=self.old, by=self.long, title="Rủi ro", likelihood=2, impact=2)

    def test_treatment_actions_link_to_the_risk(self):
        risk = risk_save(
            agency=self.agency, by=self.lan, title="Mất dữ liệu hồ sơ", likelihood=3, impact=5
        )
        action = action_flow.action_create(
            parent=risk,
            by=self.lan,
            kind=Action.Kind.PREVENTIVE,
            title="Sao lưu dữ liệu hằng ngày",
            owner=self.lan,
            due_on=timezone.localdate(),
        )
        self.assertEqual(list(risk.actions.all()), [action])
