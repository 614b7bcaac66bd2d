"""Demo supervision of the Lâm Đồng province, played through the services: last year's
inspection plan, concluded, with findings at two agencies (one opened a nonconformity), and
the annual report form whose deadline passed three days ago: two agencies submitted (one before
the deadline, one after it), one is still preparing, the others are overdue. Idempotent: a province with an inspection plan is
skipped.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.agencies.models import Agency, User
from qms.agencies.roles import Role
from qms.agencies.services import agency_roles_assign
from qms.devdata.demo.run import WHOLE_PROVINCE, DemoRun
from qms.monitoring.models import AnnualReport, InspectionCheck, InspectionPlan
from qms.monitoring.selectors.reports import default_fields
from qms.monitoring.services import inspections, reports

R = InspectionCheck.Result
# The agencies inspected last year, and who prepares each one's report this year.
INSPECTED = ["sotp", "p-xuanhuong", "soyt"]
SECRETARIES = {"sotp": "lan.tk", "p-xuanhuong": "yen.tk"}
# The agencies whose report came in before the deadline; the others came in after it.
ON_TIME = {"sotp"}
# (agency, finding, recommendation, opens a nonconformity)
FINDINGS = [
    (
        "sotp",
        "Quyết định công bố lại HTQLCL sau khi bổ sung 4 thủ tục hành chính chưa được niêm yết "
        "tại Bộ phận Một cửa.",
        "Niêm yết quyết định công bố tại Bộ phận Một cửa và trên cổng thông tin của Sở.",
        True,
    ),
    (
        "p-xuanhuong",
        "Chưa cập nhật 2 quy trình theo Nghị định mới về hộ tịch.",
        "Rà soát, sửa đổi các quy trình liên quan trong quý I.",
        False,
    ),
]


def load(run: DemoRun = WHOLE_PROVINCE) -> None:
    with run.in_province() as province:
        tuan = User.objects.filter(username="tuan.gs").first()
        if province is None or tuan is None:
            return
        if InspectionPlan.objects.filter(province=province).exists():
            return
        # The report whose deadline passed three days ago is the report of that day's year: in
        # the first days of January that is last year's, so the story holds at the year's turn.
        deadline = timezone.localdate() - timedelta(days=3)
        with transaction.atomic():
            hang = _second_supervisor(province, tuan)
            _last_years_inspection(province, tuan, hang, deadline.year - 1)
            _reports(province, tuan, deadline)
        run.say(
            _("Supervision: %(plans)s inspection plan, %(reports)s annual reports begun")
            % {
                "plans": InspectionPlan.objects.filter(province=province).count(),
                "reports": AnnualReport.objects.filter(template__province=province).count(),
            }
        )


def _second_supervisor(province: Agency, tuan: User) -> User:
    # Approving a plan takes a supervisor other than its drafter.
    hang, _created = User.objects.get_or_create(
        username="hang.gs",
        defaults={
            "full_name": "Trần Thị Hằng",
            "position": "Chuyên viên Chi cục TĐC",
            "email": "hang.gs@sokhcn.lamdong.gov.vn",
            "password": tuan.password,  # the demo's one password, already hashed
        },
    )
    agency_roles_assign(agency=province, user=hang, roles=[Role.SUPERVISOR])
    return hang


def _last_years_inspection(province: Agency, tuan: User, hang: User, year: int) -> None:
    agencies = list(Agency.objects.filter(code__in=INSPECTED, is_active=True))
    plan = inspections.plan_create(
        province=province,
        by=hang,
        year=year,
        title=f"Kế hoạch kiểm tra việc áp dụng HTQLCL theo TCVN ISO 9001:2015 năm {year}",
        decision_number=f"385/KH-UBND ngày 20/01/{year}",
        starts_on=date(year, 6, 1),
        ends_on=date(year, 8, 31),
        team=[tuan, hang],
        agencies=agencies,
    )
    inspections.plan_approve(plan=plan, by=tuan)
    inspections.plan_start(plan=plan, by=tuan)
    findings = {code: rest for code, *rest in FINDINGS}
    for n, inspection in enumerate(plan.inspections.select_related("agency")):
        code = inspection.agency.code
        results = {check.pk: (R.MET, "") for check in inspection.checks.all()}
        if code in findings:
            first = inspection.checks.order_by("position")[2 if code == "sotp" else 4]
            results[first.pk] = (R.PARTLY, findings[code][0])
        inspections.inspection_record(
            inspection=inspection,
            by=tuan,
            inspected_on=date(year, 6, 10) + timedelta(days=14 * n),
            recommendations=findings[code][1] if code in findings else "Duy trì, cải tiến HTQLCL.",
            results=results,
        )
        if code in findings:
            description, recommendation, opens = findings[code]
            inspections.finding_add(
                inspection=inspection,
                by=tuan,
                description=description,
                recommendation=recommendation,
                open_nonconformity=opens,
            )
    inspections.plan_conclude(
        plan=plan,
        by=tuan,
        conclusion="Các cơ quan được kiểm tra đã xây dựng, áp dụng và duy trì HTQLCL; hai cơ quan "
        "cần khắc phục các tồn tại nêu trong báo cáo.",
    )


def _reports(province: Agency, tuan: User, deadline: date) -> None:
    year = deadline.year
    template = reports.template_save(
        province=province,
        by=tuan,
        year=year,
        title=f"Báo cáo tình hình áp dụng HTQLCL năm {year}",
        deadline=deadline,
        fields=default_fields(),
    )
    typed = {
        "announcement": f"Quyết định số 12/QĐ ngày 15/03/{year - 2}",
        "complaints": "Tiếp nhận 3 phản ánh, đã xử lý 3.",
        "budget": 15_000_000,
        "difficulties": "Đề nghị Sở tổ chức tập huấn chuyên gia đánh giá nội bộ.",
    }
    for code, username in SECRETARIES.items():
        agency = Agency.objects.get(code=code)
        secretary = User.objects.get(username=username)
        report = reports.report_start(template=template, agency=agency, by=secretary)
        values = {key: _typed(value) for key, value in report.values.items()} | typed
        # An agency with no approved review in the system types the date from its paper minutes.
        values["last_management_review"] = values.get("last_management_review") or (
            deadline - timedelta(days=270)
        )
        reports.report_save(report=report, by=secretary, values=values)
        report = reports.report_submit(report=report, by=secretary)
        if code in ON_TIME:
            # The service stamps the submission now, after the deadline; this agency sent its
            # report ten days before it, so the overview shows one on time and one late.
            AnnualReport.objects.filter(pk=report.pk).update(
                submitted_at=report.submitted_at - timedelta(days=(3 + 10))
            )
    # One more agency has begun its report but not finished it.
    draft = Agency.objects.filter(code="soyt").first()
    secretary = User.objects.filter(username="secretary.soyt").first()
    if draft is not None and secretary is not None:
        reports.report_start(template=template, agency=draft, by=secretary)


def _typed(value):
    # Stored dates are ISO strings; the service takes dates.
    return date.fromisoformat(value) if isinstance(value, str) else value
