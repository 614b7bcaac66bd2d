"""Personas and data shared by the API tests: two agencies of one province, one of another."""

from datetime import date

from django.utils import timezone
from rest_framework.test import APIClient

from audits.services.findings import finding_record
from audits.services.objectives import measurement_record, objective_save
from documents.services.external import external_document_save
from qms.agencies.roles import Role
from qms.api.models import ApiToken
from qms.api.tokens import token_issue
from tests.helpers import (
    make_agency,
    make_document,
    make_document_type,
    make_effective_document,
    make_nonconformity,
    make_notified_audit,
    make_province,
    make_unit,
    make_user,
)


class ApiData:
    """Mixin for TestCase: ``setUpTestData`` builds the world, ``api(user)`` a client."""

    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("Ủy ban nhân dân tỉnh Lâm Đồng", code="lamdong")
        cls.a = make_agency("Sở Tư pháp", province=cls.province, code="sotp")
        cls.b = make_agency("Sở Y tế", province=cls.province, code="soyt")
        cls.c = make_agency(
            "Sở Tư pháp Khánh Hòa", province=make_province("UBND tỉnh Khánh Hòa"), code="khsotp"
        )
        cls.unit = make_unit(cls.a, "Phòng Hành chính tư pháp")
        # Lan, ISO secretary of A: registers everything.
        cls.lan = make_user("Nguyễn Thị Lan", cls.a, [Role.ISO_SECRETARY, Role.DRAFTER])
        # Minh, approver of A.
        cls.minh = make_user("Phạm Văn Minh", cls.a, [Role.APPROVER])
        # Mai, reviewer of A.
        cls.mai = make_user("Lê Thị Mai", cls.a, [Role.REVIEWER])
        # Hoa, staff of A: reads A, registers nothing.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.a, [Role.STAFF], unit=cls.unit)
        # Thảo, internal auditor of A: raises nonconformities.
        cls.thao = make_user("Võ Thị Thảo", cls.a, [Role.AUDITOR])
        # Tuấn, supervisor of the province: reads A and B, never writes, never restricted.
        cls.tuan = make_user("Ngô Anh Tuấn", cls.province, [Role.SUPERVISOR])
        # Bình, ISO secretary of B (same province): must never see A's data.
        cls.binh = make_user("Trần Văn Bình", cls.b, [Role.ISO_SECRETARY, Role.AUDITOR])
        # Khánh, ISO secretary of C (another province).
        cls.khanh = make_user("Lê Khánh", cls.c, [Role.ISO_SECRETARY, Role.AUDITOR])
        make_document_type(cls.a)
        cls.tthc = external_document_save(
            agency=cls.a,
            by=cls.lan,
            kind="tthc",
            number="1.000050",
            title="Thủ tục đăng ký khai sinh",
            time_limit_days=3,
        )
        cls.document = make_effective_document(
            cls.a,
            drafter=cls.lan,
            reviewer=cls.mai,
            approver=cls.minh,
            title="Quy trình đăng ký khai sinh",
            administrative_procedure=cls.tthc,
            owner_unit=cls.unit,
        )
        cls.restricted = make_document(cls.a, cls.lan, "Quy trình mật lưu trữ", restricted=True)
        cls.draft = make_document(cls.a, cls.lan, "Quy trình tiếp công dân")
        make_document_type(cls.b)
        cls.document_b = make_document(cls.b, cls.binh, "Quy trình của Sở Y tế")
        cls.nonconformity = make_nonconformity(cls.a, cls.lan, "Hồ sơ khai sinh trễ hạn")
        cls.nonconformity_b = make_nonconformity(cls.b, cls.binh, "Hồ sơ y tế trễ hạn")
        cls.objective = objective_save(
            agency=cls.a,
            by=cls.lan,
            year=2026,
            title="Giải quyết hồ sơ đúng hạn",
            indicator="Tỷ lệ hồ sơ đúng hạn",
            unit_of_measure="%",
            target=95,
            direction="at_least",
            frequency="quarterly",
            responsible=cls.hoa,
        )
        measurement_record(
            objective=cls.objective,
            by=cls.lan,
            period="Q1/2026",
            period_end=date(2026, 3, 31),
            value=97,
        )
        cls.audit = make_notified_audit(
            cls.a,
            secretary=cls.lan,
            approver=cls.minh,
            lead=cls.thao,
            auditee=cls.hoa,
            units=[cls.unit],
        )
        cls.finding = finding_record(
            audit=cls.audit,
            by=cls.thao,
            grade="minor",
            statement="Sổ theo dõi khai sinh thiếu ngày trả kết quả",
            evidence="Sổ tháng 6",
            clause=cls.audit.clauses.first(),
            unit=cls.unit,
        )

    def api(self, user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            issued = token_issue(user=user, name="Kiểm thử API")
            # As if just used: a token's use is recorded once a minute, so that the first
            # request would otherwise cost one query more than the next (query-count tests).
            ApiToken.objects.filter(pk=issued.token.pk).update(last_used_at=timezone.now())
            client.credentials(HTTP_AUTHORIZATION=f"Token {issued.key}")
        return client
