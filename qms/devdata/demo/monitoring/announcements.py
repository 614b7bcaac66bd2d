"""Demo supervision data: announcements for some agencies and the framework lists, so that
coverage differs by level and by area on the dashboard."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.agencies.models import Agency
from qms.agencies.permissions import holders_of
from qms.devdata.demo.run import LAPSED_CODE, WHOLE_PROVINCE, DemoRun
from qms.monitoring.models import Announcement, FrameworkProcedure
from qms.monitoring.selectors.announcements import effective_procedures
from qms.monitoring.selectors.status import (
    STATUS_RANK,
    Status,
    adoption_statuses,
    agencies_in_scope,
)

# A tiny valid PDF (one blank A4 page, with its cross-reference table, as the upload check
# opens it) standing in for the scanned, signed decision.
SIGNED_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n"
)

L = Agency.Level
# The agencies whose whole story the demo tells: they always announce their system.
SHOWCASE = {"sotp", "p-xuanhuong"}
# (level, title, keywords, TTHC code)
FRAMEWORK = [
    (L.DEPARTMENT, "Kiểm soát tài liệu", "kiem soat tai lieu", ""),
    (L.DEPARTMENT, "Kiểm soát hồ sơ", "kiem soat ho so", ""),
    (L.DEPARTMENT, "Đánh giá nội bộ", "danh gia noi bo", ""),
    (L.DEPARTMENT, "Kiểm soát sự không phù hợp", "khong phu hop", ""),
    (L.DEPARTMENT, "Hành động khắc phục", "khac phuc", ""),
    (L.COMMUNE, "Kiểm soát tài liệu", "kiem soat tai lieu", ""),
    (L.COMMUNE, "Đăng ký khai sinh", "khai sinh", ""),
    (L.COMMUNE, "Chứng thực bản sao từ bản chính", "chung thuc ban sao", ""),
    (L.COMMUNE, "Đăng ký kết hôn", "ket hon", ""),
]


def load(run: DemoRun = WHOLE_PROVINCE) -> None:
    with run.in_province() as province:
        if province is None:
            return
        with transaction.atomic():
            _load_framework(province)
            _load_announcements(province)
            _load_latecomers(province)
        run.say(
            _("Supervision: %(announced)s agencies announced their system")
            % {"announced": Announcement.objects.filter(agency__province=province).count()}
        )


# Two communes that have not got far, so that every status shows: (code, name, mandatory).
LATECOMERS = [
    ("x-lat", "Ủy ban nhân dân xã Lát", False),
    ("x-danhim", "Ủy ban nhân dân xã Đạ Nhim", True),
]


def _load_latecomers(province: Agency) -> None:
    """Xã Lát has not started; Xã Đạ Nhim is building (one procedure in draft)."""
    from documents.models import Document, DocumentType
    from documents.services.documents import document_create, document_type_save
    from qms.agencies.models import User
    from qms.agencies.roles import Role
    from qms.agencies.services import agency_create, agency_roles_assign

    for code, name, mandatory in LATECOMERS:
        if not Agency.objects.filter(code=code).exists():
            agency_create(
                name=name, code=code, level=L.COMMUNE, parent=province, iso_mandatory=mandatory
            )
    agency = Agency.objects.get(code="x-danhim")
    if Document.objects.filter(agency=agency).exists():
        return
    # The same password as every demo account (see qms.devdata.demo.agencies).
    password = User.objects.filter(username="tuan.gs").values_list("password", flat=True).first()
    drafter, _created = User.objects.get_or_create(
        username="drafter.x-danhim",
        defaults={
            "full_name": "Ka Nhung",
            "position": "Công chức Văn phòng - Thống kê",
            "email": "drafter.x-danhim@x-danhim.lamdong.gov.vn",
            "password": password or "!",
        },
    )
    # A drafter only: the commune has no ISO secretary yet, the administrator set up its types.
    agency_roles_assign(agency=agency, user=drafter, roles=[Role.DRAFTER])
    admin = User.objects.get(username="admin")
    procedure_type = document_type_save(
        agency=agency, by=admin, kind=DocumentType.Kind.PROCEDURE, name="Quy trình", prefix="QT"
    )
    document_create(
        agency=agency, by=drafter, type=procedure_type, title="Quy trình kiểm soát tài liệu"
    )


def _load_framework(province: Agency) -> None:
    if FrameworkProcedure.objects.filter(province=province).exists():
        return
    for order, (level, title, keywords, code) in enumerate(FRAMEWORK, start=1):
        FrameworkProcedure.objects.create(
            province=province,
            level=level,
            order=order,
            title=title,
            keywords=keywords,
            tthc_code=code,
        )


def _load_announcements(province: Agency) -> None:
    """Announce most applying departments and only the first applying commune: the
    dashboard then shows departments well ahead of communes."""
    if Announcement.objects.filter(agency__province=province).exists():
        return  # loaded before: a second run changes nothing
    today = timezone.localdate()
    rows = adoption_statuses(agencies_in_scope(province, as_of=today).order_by("code"))
    # Only the agencies that apply their system can announce it; counting among them alone
    # keeps the choice the same however many agencies have not started.
    applying = [row for row in rows if STATUS_RANK[row.status] >= STATUS_RANK[Status.APPLYING]]
    communes_announced = 0
    for index, row in enumerate(applying):
        agency = row.agency
        if Announcement.objects.filter(agency=agency).exists():
            continue
        if agency.code in SHOWCASE or agency.code == LAPSED_CODE:
            pass  # the agencies that tell a whole story, announcement included
        elif agency.level == L.COMMUNE:
            if communes_announced:
                continue
            communes_announced += 1
        elif index % 4 == 3:
            continue  # one department in four has not announced yet
        secretary = holders_of(agency, "manage_documents").first()
        procedures = list(effective_procedures(agency))
        if secretary is None or not procedures:
            continue
        _announce(agency, secretary, procedures, today - timedelta(days=60 + index))


def _announce(agency: Agency, secretary, procedures, decided_on) -> None:
    from qms.monitoring.services.announcements import announcement_record

    # The scope leaves the newest procedure out, so that the demo shows a scope drift.
    scope = procedures[:-1] if len(procedures) > 2 else procedures
    announcement_record(
        agency=agency,
        by=secretary,
        decision_number=f"{decided_on.day:02}/QĐ-{agency.code.upper()}",
        decided_on=decided_on,
        signer="Giám đốc" if agency.level != L.COMMUNE else "Chủ tịch UBND",
        iso_version=agency.iso_version,
        procedures=scope,
        posted_on=decided_on + timedelta(days=3),
        upload=SimpleUploadedFile("quyet-dinh-cong-bo.pdf", SIGNED_PDF),
    )
