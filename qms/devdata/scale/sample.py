"""A procedure long enough for a 10-page controlled PDF, made for the benchmark (callers roll
it back): the sections of a real procedure, a long steps table and the records to keep."""

import secrets

from django.utils import timezone

from documents.models import Document, ProcedureStep, RecordItem, Revision
from qms.agencies.models import Agency, User

# Tuned so that the PDF has 10 pages with the current templates (the benchmark reports the
# page count it got, so a change of layout shows).
STEPS = 24
TEXT = (
    "Công chức tiếp nhận kiểm tra thành phần, số lượng và tính hợp lệ của hồ sơ theo quy định; "
    "trường hợp hồ sơ chưa đầy đủ thì hướng dẫn tổ chức, cá nhân bổ sung một lần bằng văn bản; "
    "hồ sơ đầy đủ thì lập giấy tiếp nhận và hẹn trả kết quả, cập nhật vào phần mềm một cửa điện tử."
)


def ten_page_revision(agency: Agency, people: dict[str, User]) -> Revision:
    drafter, approver = people["secretary"], people["approver"]
    document = Document.objects.create(
        agency=agency,
        type=agency.document_types.filter(kind="procedure").first(),
        code="QT-BENCH-10",
        number=9999,
        title="Quy trình giải quyết thủ tục cấp giấy phép xây dựng có thời hạn đối với công trình",
    )
    revision = Revision.objects.create(
        document=document,
        number=1,
        status=Revision.Status.APPROVED,
        purpose=TEXT,
        scope=TEXT,
        references="TCVN ISO 9001:2015; Luật Xây dựng 2014; Nghị định 15/2021/NĐ-CP.",
        definitions="UBND: Ủy ban nhân dân; TTHC: Thủ tục hành chính; GPXD: Giấy phép xây dựng.",
        drafted_by=drafter,
        approver=approver,
        approved_by=approver,
        approved_at=timezone.now(),
        effective_date=timezone.localdate(),
        verification_token=secrets.token_urlsafe(32),
    )
    ProcedureStep.objects.bulk_create(
        ProcedureStep(
            revision=revision,
            order=order,
            content=TEXT,
            responsible="Bộ phận tiếp nhận và trả kết quả",
            duration_days=1,
            output=f"BM-{order:02}",
        )
        for order in range(1, STEPS + 1)
    )
    RecordItem.objects.bulk_create(
        RecordItem(revision=revision, order=n, name=f"Hồ sơ lưu số {n}", keeper="Văn phòng")
        for n in range(1, 6)
    )
    return revision
