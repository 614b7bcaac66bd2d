"""Personas and builders shared by the supervision tests."""

from datetime import date

from django.test import TestCase

from qms.agencies.roles import Role
from qms.monitoring.services import inspections as service
from tests.helpers import make_agency, make_province, make_user

YEAR = 2026


class SupervisionFixture(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("Ủy ban nhân dân tỉnh Lâm Đồng")
        cls.a = make_agency("Sở Tư pháp", province=cls.province)
        cls.b = make_agency("Sở Y tế", province=cls.province)
        cls.other_province = make_province("Ủy ban nhân dân tỉnh Khánh Hòa")
        cls.c = make_agency("Sở Tư pháp Khánh Hòa", province=cls.other_province)
        # Tuấn, supervisor of the province at the Sở KH&CN, who drafts the plans.
        cls.tuan = make_user("Ngô Anh Tuấn", cls.province, [Role.SUPERVISOR])
        # Hà, a second supervisor of the province, who approves them.
        cls.ha = make_user("Đỗ Thu Hà", cls.province, [Role.SUPERVISOR])
        # Khánh, supervisor of another province, who must never see Lâm Đồng's work.
        cls.khanh = make_user("Lê Quốc Khánh", cls.other_province, [Role.SUPERVISOR])
        # Lan, ISO secretary of agency A.
        cls.lan = make_user("Nguyễn Thị Lan", cls.a, [Role.ISO_SECRETARY])
        # Minh, leader of agency A.
        cls.minh = make_user("Phạm Văn Minh", cls.a, [Role.APPROVER])
        # Hoa, staff of agency A.
        cls.hoa = make_user("Trần Thị Hoa", cls.a, [Role.STAFF])
        # Bình, ISO secretary of agency B, in the same province.
        cls.binh = make_user("Vũ Văn Bình", cls.b, [Role.ISO_SECRETARY])

    @classmethod
    def make_plan(cls, *, agencies=None, status="planned", **extra):
        fields = {
            "province": cls.province,
            "by": cls.tuan,
            "year": YEAR,
            "title": "Kế hoạch kiểm tra việc áp dụng ISO năm 2026",
            "decision_number": "385/KH-UBND",
            "starts_on": date(YEAR, 6, 1),
            "ends_on": date(YEAR, 8, 31),
            "team": [cls.tuan],
            "agencies": agencies if agencies is not None else [cls.a],
        } | extra
        plan = service.plan_create(**fields)
        if status in ("approved", "in_progress", "concluded"):
            plan = service.plan_approve(plan=plan, by=cls.ha)
        if status in ("in_progress", "concluded"):
            plan = service.plan_start(plan=plan, by=cls.tuan)
        return plan
