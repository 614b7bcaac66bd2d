"""An agency's existing procedures as Word files, for the import benchmark: each with its
control header, signatures, revision history, seven sections, a steps table summed against
its legal time limit, its forms and records, written in the agency layout by
documents.word.writing; and each form as its own .docx. Deterministic for a given seed."""

import io
import random
import zipfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import openpyxl

from documents.word.structure import (
    FormRef,
    HistoryEntry,
    ProcedureStructure,
    RecordEntry,
    Retention,
    Signatory,
    SignedAs,
    Step,
)
from documents.word.writing import procedure_docx

AGENCY = "SỞ TƯ PHÁP TỈNH LÂM ĐỒNG"
SUBJECTS = (
    "cấp Phiếu lý lịch tư pháp",
    "đăng ký khai sinh có yếu tố nước ngoài",
    "chứng thực bản sao từ bản chính",
    "cấp giấy phép hoạt động tổ chức hành nghề công chứng",
    "đăng ký hoạt động văn phòng thừa phát lại",
    "giải quyết khiếu nại lần đầu",
    "tiếp công dân định kỳ",
    "thẩm định dự thảo văn bản quy phạm pháp luật",
    "cấp thẻ đấu giá viên",
    "đăng ký hành nghề luật sư với tư cách cá nhân",
)
TASKS = (
    ("Tiếp nhận, kiểm tra hồ sơ; viết phiếu hẹn trả kết quả", "Bộ phận Một cửa"),
    ("Chuyển hồ sơ đến phòng chuyên môn", "Bộ phận Một cửa"),
    ("Thẩm định hồ sơ, đề xuất phương án giải quyết", "Chuyên viên phòng chuyên môn"),
    ("Xem xét, trình lãnh đạo Sở ký duyệt", "Trưởng phòng chuyên môn"),
    ("Ký duyệt kết quả giải quyết", "Giám đốc Sở"),
    ("Vào sổ, đóng dấu, chuyển kết quả cho Bộ phận Một cửa", "Văn thư"),
    ("Trả kết quả cho tổ chức, cá nhân", "Bộ phận Một cửa"),
)
TIMES = (("0,5 ngày làm việc", "0.5"), ("4 giờ", "0.5"), ("01 ngày làm việc", "1"),
         ("02 ngày làm việc", "2"), ("03 ngày làm việc", "3"))  # fmt: skip


@dataclass
class ImportFiles:
    """What an ISO secretary uploads: the list and the .docx files in one .zip."""

    sheet: bytes
    archive: bytes
    procedures: int
    forms: int


def procedure_structure(number: int, rng: random.Random) -> ProcedureStructure:
    code = f"QT-N{number:03}"
    subject = SUBJECTS[number % len(SUBJECTS)]
    steps = []
    for index, (task, who) in enumerate(TASKS[: rng.randint(5, 7)], start=1):
        text, days = rng.choice(TIMES)
        steps.append(Step(str(index), task, who, text, Decimal(days), ""))
    total = sum((step.duration_days for step in steps), Decimal(0))
    forms = [FormRef(f"BM-{n:02}-{code}", f"Biểu mẫu số {n} của quy trình") for n in (1, 2)]
    return ProcedureStructure(
        agency=AGENCY,
        title=f"QUY TRÌNH {subject.upper()}",
        code=code,
        issue_number=2,
        issued_on=date(2023, 6, 15),
        signatories=[
            Signatory(SignedAs.DRAFTED, "Nguyễn Thị Thu Hà", "Chuyên viên"),
            Signatory(SignedAs.REVIEWED, "Trần Văn Bình", "Trưởng phòng"),
            Signatory(SignedAs.APPROVED, "Lê Minh Tuấn", "Giám đốc Sở"),
        ],
        history=[
            HistoryEntry(1, date(2020, 1, 10), "Toàn bộ", "Ban hành lần đầu"),
            HistoryEntry(2, date(2023, 6, 15), "Mục 5", "Rút ngắn thời gian giải quyết"),
        ],
        purpose=f"Quy định trình tự, thời hạn và trách nhiệm giải quyết thủ tục {subject}.",
        scope="Áp dụng đối với các phòng chuyên môn và Bộ phận Một cửa của Sở Tư pháp.",
        references="Tiêu chuẩn quốc gia TCVN ISO 9001:2015.",
        definitions="TTHC: Thủ tục hành chính.",
        steps=steps,
        stated_total_text=f"Tổng thời gian giải quyết: {total} ngày làm việc".replace(".", ","),
        stated_total_days=total,
        legal_limit_text=f"Thời hạn giải quyết: {int(total) + 2:02} ngày làm việc",
        legal_limit_days=Decimal(int(total) + 2),
        forms=forms,
        records=[
            RecordEntry(forms[0].name, "Bộ phận Một cửa", "03 năm", Retention.YEARS, 3),
            RecordEntry("Hồ sơ giải quyết", "Phòng chuyên môn", "Vĩnh viễn", Retention.PERMANENT),
        ],
    )


def form_structure(ref: FormRef) -> ProcedureStructure:
    return ProcedureStructure(
        agency=AGENCY,
        title=ref.name.upper(),
        code=ref.code,
        issue_number=1,
        issued_on=date(2023, 6, 15),
        body="Họ và tên: ....................\nNgày nộp hồ sơ: ..../..../20....",
    )


def import_files(
    *, procedures: int, procedure_type: str, form_type: str | None, seed: int = 17
) -> ImportFiles:
    """``procedures`` procedures (two forms each when the agency has a form type), their list
    with the types written by name, and the files zipped as people send a folder."""
    rng = random.Random(seed)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Mã hiệu", "Tên tài liệu", "Loại", "Lần ban hành", "Ngày ban hành"])
    archive_buffer = io.BytesIO()
    forms = 0
    with zipfile.ZipFile(archive_buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(1, procedures + 1):
            structure = procedure_structure(number, rng)
            title = structure.title.capitalize()
            sheet.append([sheet.max_row, structure.code, title, procedure_type, 2, "15/06/2023"])
            archive.writestr(f"{structure.code} {title}.docx", procedure_docx(structure))
            for ref in structure.forms if form_type else ():
                sheet.append([sheet.max_row, ref.code, ref.name, form_type, 1, "15/06/2023"])
                archive.writestr(f"{ref.code}.docx", procedure_docx(form_structure(ref)))
                forms += 1
    out = io.BytesIO()
    workbook.save(out)
    return ImportFiles(
        sheet=out.getvalue(),
        archive=archive_buffer.getvalue(),
        procedures=procedures,
        forms=forms,
    )
