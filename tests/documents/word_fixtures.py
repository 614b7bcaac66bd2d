"""Word files as Vietnamese agencies write them, built with python-docx for the tests.

``procedure_docx()`` is a Sở Tư pháp procedure with everything an ISO secretary puts in one:
the control header table with merged cells in capitals, the signature table, the revision
history under a merged title row, seven numbered sections, a dossier table before the steps
table, a total row, forms, records to keep, a running header on pages 2+ and the distribution
table at the end. Each keyword argument overrides one entry of PROCEDURE (the content) or
switches on one quirk (the layout); see ``procedure_docx``.
"""

import io
import unicodedata
import zipfile

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

AGENCY = "SỞ TƯ PHÁP TỈNH LÂM ĐỒNG"

PROCEDURE = {
    "agency": AGENCY,
    "title": "QUY TRÌNH CẤP PHIẾU LÝ LỊCH TƯ PHÁP",
    "code": "QT-04",
    "issue": "03",
    "issued_on": "15/03/2024",
    "pages": "1/6",
    "signatories": [
        ("Người soạn thảo", "Nguyễn Thị Thu Hà", "Chuyên viên phòng Hành chính tư pháp"),
        ("Người xem xét", "Trần Văn Bình", "Trưởng phòng Hành chính tư pháp"),
        ("Người phê duyệt", "Lê Minh Tuấn", "Giám đốc Sở Tư pháp"),
    ],
    # TT, Ngày sửa đổi, Vị trí sửa đổi, Nội dung sửa đổi, Lần ban hành
    "history": [
        ("1", "10/01/2020", "Toàn bộ", "Ban hành lần đầu", "01"),
        ("2", "02/06/2022", "Mục 5.5", "Rút ngắn thời gian tra cứu còn 02 ngày làm việc", "02"),
        ("3", "15/03/2024", "Mục 5, Mục 7", "Cập nhật theo Luật Lưu trữ 2024", "03"),
    ],
    "purpose": [
        "Quy định trình tự, thời hạn và trách nhiệm giải quyết thủ tục cấp Phiếu lý lịch "
        "tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam."
    ],
    "scope": [
        "Áp dụng đối với Phòng Hành chính tư pháp, Bộ phận Một cửa của Sở Tư pháp và các "
        "cá nhân có liên quan."
    ],
    "references": [
        "- Luật Lý lịch tư pháp số 28/2009/QH12 ngày 17/6/2009;",
        "- Thông tư số 06/2013/TT-BTP ngày 06/02/2013 của Bộ Tư pháp;",
        "- Tiêu chuẩn quốc gia TCVN ISO 9001:2015.",
    ],
    "definitions": [
        "- LLTP: Lý lịch tư pháp;",
        "- HCTP: Hành chính tư pháp;",
        "- Bộ phận Một cửa: Bộ phận tiếp nhận và trả kết quả của Sở Tư pháp.",
    ],
    "dossier": [  # the table that comes before the steps in section 5
        ("TT", "Thành phần hồ sơ", "Bản chính", "Bản sao"),
        ("1", "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (Mẫu số 03/2013/TT-LLTP)", "x", ""),
        ("2", "Bản chụp giấy chứng minh nhân dân hoặc hộ chiếu", "", "x"),
    ],
    "legal_limit": "Thời hạn giải quyết: 10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
    "tthc": "Mã TTHC: 1.001193 (Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam).",
    "fee": "Lệ phí: 200.000 đồng/lần/người.",
    "steps_header": ("Bước", "Nội dung công việc", "Trách nhiệm", "Thời gian", "Biểu mẫu/Kết quả"),
    "step_label": "B{n}",  # "{n}", "B{n}" or "Bước {n}"
    # Nội dung công việc, Trách nhiệm, Thời gian, Biểu mẫu/Kết quả
    "steps": [
        (
            "Tiếp nhận, kiểm tra hồ sơ; viết phiếu hẹn trả kết quả",
            "Bộ phận Một cửa",
            "0,5 ngày làm việc",
            "BM-01-QT-04",
        ),
        ("Chuyển hồ sơ đến Phòng Hành chính tư pháp", "Bộ phận Một cửa", "4 giờ", "Sổ theo dõi"),
        (
            "Tra cứu thông tin trong cơ sở dữ liệu lý lịch tư pháp",
            "Chuyên viên phòng HCTP",
            "02 ngày làm việc",
            "BM-02-QT-04",
        ),
        (
            "Gửi văn bản đề nghị Công an tỉnh xác minh (trường hợp cần xác minh)",
            "Chuyên viên phòng HCTP",
            "Theo thời hạn được giao (tối đa 20 ngày)",
            "Văn bản đề nghị",
        ),
        (
            "Lập Phiếu lý lịch tư pháp, trình ký",
            "Trưởng phòng HCTP",
            "05 ngày làm việc",
            "Dự thảo Phiếu",
        ),
        ("Ký Phiếu lý lịch tư pháp", "Giám đốc Sở", "01 ngày làm việc", "Phiếu LLTP"),
        ("Trả kết quả cho người yêu cầu", "Bộ phận Một cửa", "01 ngày làm việc", "BM-03-QT-04"),
        (
            "Cập nhật thông tin lý lịch tư pháp bổ sung",
            "Chuyên viên phòng HCTP",
            "Khi phát sinh",
            "",
        ),
    ],
    "total": "Tổng thời gian giải quyết: 10 ngày làm việc",
    "forms": [
        ("BM-01-QT-04", "Phiếu tiếp nhận hồ sơ và hẹn trả kết quả"),
        ("BM-02-QT-04", "Phiếu tra cứu thông tin lý lịch tư pháp"),
        ("BM-03-QT-04", "Sổ theo dõi trả kết quả"),
    ],
    # Tên hồ sơ, Nơi lưu / Người lưu, Thời gian lưu
    "records": [
        ("Phiếu tiếp nhận hồ sơ và hẹn trả kết quả", "Bộ phận Một cửa", "03 năm"),
        ("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "Phòng HCTP", "Vĩnh viễn"),
        ("Quy trình này (bản gốc)", "Thư ký ISO", "Đến khi có bản thay thế"),
        ("Sổ theo dõi trả kết quả", "Phòng HCTP", "02 năm kể từ khi kết thúc sổ"),
    ],
    "distribution": [
        ("TT", "Nơi nhận", "Số bản"),
        ("1", "Giám đốc Sở", "01"),
        ("2", "Phòng Hành chính tư pháp", "01"),
        ("3", "Bộ phận Một cửa", "01"),
    ],
}

# The usual names of the seven sections, in capitals as most agencies type them.
SECTIONS = {
    "purpose": "MỤC ĐÍCH",
    "scope": "PHẠM VI ÁP DỤNG",
    "references": "TÀI LIỆU VIỆN DẪN",
    "definitions": "ĐỊNH NGHĨA, TỪ VIẾT TẮT",
    "body": "NỘI DUNG QUY TRÌNH",
    "forms": "BIỂU MẪU",
    "records": "HỒ SƠ CẦN LƯU",
}
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII"]

# The layout quirks and their defaults: the cleanest file an agency sends.
LAYOUT = {
    "headings": "styles",  # "styles" (Heading 1), "bold" (bold Normal) or "plain" (Normal)
    "heading_case": "upper",  # "upper" or "sentence"
    "numbering": "1.",  # "1.", "1", "I." or "" (no number)
    "section_names": {},  # key -> name, e.g. {"scope": "Phạm vi áp dụng và đối tượng"}
    "dossier_table": True,  # the "Thành phần hồ sơ" table before the steps table
    "forms_as": "list",  # "list" (dash lines) or "table"
    "history_title_row": True,  # the title as a merged first row of the history table
    "running_header": True,  # the Word header part of pages 2+, with a PAGE field
    "merged_step_cell": False,  # step 3: content and responsible merged into one cell
    "missing_step_cell": False,  # step 3: its last cell missing from the row
    "vertical_merge": False,  # steps 1-2: one "Trách nhiệm" cell merged down both rows
    "nfd": False,  # every text decomposed, as some Mac and web editors write it
    "double_spaces": False,  # doubled spaces and a tab inside the texts
    "draft": False,  # "BẢN DỰ THẢO" above the header table
    "control_in_header": False,  # the control table in the first page's Word header part
}


def procedure_docx(**quirks) -> bytes:
    """A procedure's .docx. Quirks: any key of PROCEDURE (content), any key of LAYOUT
    (layout), and ``unstyled=True`` for a file typed without any Word style."""
    if quirks.pop("unstyled", False):
        quirks.setdefault("headings", "plain")
    unknown = set(quirks) - set(PROCEDURE) - set(LAYOUT)
    if unknown:
        raise TypeError(f"unknown quirks: {sorted(unknown)}")
    spec = {**PROCEDURE, **LAYOUT, **quirks}
    text = _text_style(spec)
    document = docx.Document()
    if spec["draft"]:
        _centred(document, "BẢN DỰ THẢO", bold=True)
    if spec["control_in_header"]:
        section = document.sections[0]
        section.different_first_page_header_footer = True
        _control_header(section.first_page_header, spec, text, width=_text_width(section))
    else:
        _control_header(document, spec, text)
    _signatures(document, spec, text)
    _history(document, spec, text)
    for number, key in enumerate(SECTIONS, start=1):
        _heading(document, spec, key, number, text)
        if key == "body":
            _body(document, spec, text)
        elif key == "forms":
            _forms(document, spec, text)
        elif key == "records":
            _table(
                document,
                [("TT", "Tên hồ sơ", "Nơi lưu / Người lưu", "Thời gian lưu")]
                + [(str(n), *row) for n, row in enumerate(spec["records"], start=1)],
                text,
            )
        else:
            for line in spec[key]:
                document.add_paragraph(text(line))
    _paragraph(document, text("Nơi nhận:"), bold=True)
    _table(document, spec["distribution"], text)
    if spec["running_header"]:
        _running_header(document, spec, text)
    return _saved(document)


def form_docx(
    code: str = "BM-01-QT-04", name: str = "PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
) -> bytes:
    """A form as agencies keep it: its code at the top right, its name, blanks to fill."""
    document = docx.Document()
    _paragraph(document, code, bold=True).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _centred(document, AGENCY, bold=True)
    _centred(document, name, bold=True)
    for line in (
        "Họ và tên người nộp hồ sơ: ......................................",
        "Số CCCD/Hộ chiếu: ............... Số điện thoại: ...............",
        "Hồ sơ gồm: ......................................................",
        "Ngày hẹn trả kết quả: ...../...../20.....",
    ):
        document.add_paragraph(line)
    _table(
        document,
        [("Người nộp hồ sơ", "Người tiếp nhận"), ("(Ký, ghi rõ họ tên)", "(Ký, ghi rõ họ tên)")],
        str,
    )
    return _saved(document)


def policy_docx(code: str = "CS-01", issue: str = "02") -> bytes:
    """A quality policy: a control header and plain paragraphs, no numbered sections."""
    spec = {
        **PROCEDURE,
        "title": "CHÍNH SÁCH CHẤT LƯỢNG",
        "code": code,
        "issue": issue,
        "pages": "1/1",
    }
    document = docx.Document()
    _control_header(document, spec, str)
    for line in (
        "Sở Tư pháp tỉnh Lâm Đồng cam kết:",
        "- Giải quyết thủ tục hành chính đúng pháp luật, công khai, minh bạch, đúng hẹn;",
        "- Lấy sự hài lòng của người dân, doanh nghiệp làm thước đo chất lượng phục vụ;",
        "- Duy trì và cải tiến liên tục hệ thống quản lý chất lượng theo TCVN ISO 9001:2015.",
    ):
        document.add_paragraph(line)
    _paragraph(document, "GIÁM ĐỐC", bold=True).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _paragraph(document, "Lê Minh Tuấn", bold=True).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return _saved(document)


# Bad input ---------------------------------------------------------------------------------


def damaged_docx() -> bytes:
    """A Word package whose document part is cut off mid-tag: saved by a crashed editor."""
    good = procedure_docx()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "word/document.xml":
                data = data[: len(data) // 2]
            target.writestr(member, data)
    return out.getvalue()


def truncated_docx() -> bytes:
    """The first half of a good .docx: an upload that stopped half way."""
    good = procedure_docx()
    return good[: len(good) // 2]


def doc97_bytes() -> bytes:
    """The start of a Word 97-2003 .doc (an OLE compound file), as renamed to .docx."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048


def zip_not_word() -> bytes:
    """A zip archive of scans named .docx."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("scan-trang-1.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 64)
        archive.writestr("ghi-chu.txt", "Bản scan quy trình QT-04")
    return out.getvalue()


def workbook_bytes() -> bytes:
    """An Excel workbook renamed .docx: a package, but not a Word one."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["Mã hiệu", "Tên tài liệu"])
    workbook.active.append(["QT-04", "Quy trình cấp phiếu lý lịch tư pháp"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# Building blocks ---------------------------------------------------------------------------


def _text_style(spec: dict):
    """The function every text goes through: decomposed and/or with doubled spaces."""

    def text(value: str) -> str:
        if spec["double_spaces"]:
            value = value.replace(" ", "  ", 2).replace(", ", ",\t", 1)
        if spec["nfd"]:
            value = unicodedata.normalize("NFD", value)
        return value

    return text


def _saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _paragraph(document, text: str, *, bold: bool = False):
    paragraph = document.add_paragraph()
    paragraph.add_run(text).bold = bold
    return paragraph


def _centred(document, text: str, *, bold: bool = False):
    paragraph = _paragraph(document, text, bold=bold)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def _table(document, rows, text):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for cells, row in zip(table.rows, rows, strict=True):
        for cell, value in zip(cells.cells, row, strict=True):
            cell.text = text(value)
    return table


def _text_width(section):
    return section.page_width - section.left_margin - section.right_margin


def _control_header(container, spec, text, **width) -> None:
    """Four rows, three columns: the agency and the title each merged down the four rows,
    the code, issue, date and pages one per row on the right."""
    table = container.add_table(rows=4, cols=3, **width)
    table.style = "Table Grid"
    agency = table.cell(0, 0).merge(table.cell(3, 0))
    title = table.cell(0, 1).merge(table.cell(3, 1))
    agency.text = text(spec["agency"])
    title.text = text(spec["title"])
    for run in agency.paragraphs[0].runs + title.paragraphs[0].runs:
        run.bold = True
    labels = ("Mã hiệu", "Lần ban hành", "Ngày ban hành", "Trang")
    values = (spec["code"], spec["issue"], spec["issued_on"], spec["pages"])
    for row, label, value in zip(range(4), labels, values, strict=True):
        table.cell(row, 2).text = text(f"{label}: {value}")


def _signatures(document, spec, text) -> None:
    """Roles across the top; rows for the signature, the name and the position."""
    roles = spec["signatories"]
    rows = [
        ("", *(role for role, _, _ in roles)),
        ("Chữ ký", *("" for _ in roles)),
        ("Họ và tên", *(name for _, name, _ in roles)),
        ("Chức vụ", *(position for _, _, position in roles)),
    ]
    _table(document, rows, text)


def _history(document, spec, text) -> None:
    header = ("TT", "Ngày sửa đổi", "Vị trí sửa đổi", "Nội dung sửa đổi", "Lần ban hành")
    title = "BẢNG THEO DÕI SỬA ĐỔI TÀI LIỆU"
    if spec["history_title_row"]:
        table = _table(document, [("",) * 5, header, *spec["history"]], text)
        merged = table.cell(0, 0).merge(table.cell(0, 4))
        merged.text = text(title)
    else:
        _centred(document, text(title), bold=True)
        _table(document, [header, *spec["history"]], text)


def _heading(document, spec, key: str, number: int, text) -> None:
    name = spec["section_names"].get(key, SECTIONS[key])
    if spec["heading_case"] == "sentence" and key not in spec["section_names"]:
        name = name.capitalize()
    prefix = {"1.": f"{number}. ", "1": f"{number} ", "I.": f"{ROMAN[number - 1]}. ", "": ""}
    line = text(prefix[spec["numbering"]] + name)
    if spec["headings"] == "styles":
        document.add_heading(line, level=1)
    else:
        _paragraph(document, line, bold=spec["headings"] == "bold")


def _body(document, spec, text) -> None:
    if spec["dossier_table"]:
        document.add_paragraph(text("5.1. Thành phần, số lượng hồ sơ"))
        _table(document, spec["dossier"], text)
    for line in (spec["legal_limit"], spec["tthc"], spec["fee"]):
        if line:
            document.add_paragraph(text(line))
    document.add_paragraph(text("5.5. Trình tự thực hiện"))
    header = spec["steps_header"]
    rows = [
        (spec["step_label"].format(n=n), *step) for n, step in enumerate(spec["steps"], start=1)
    ]
    table = _table(document, [header, *rows, ("",) * len(header)], text)
    total = table.rows[-1].cells[0].merge(table.rows[-1].cells[-1])
    total.text = text(spec["total"])
    if spec["vertical_merge"]:
        merged = table.cell(1, 2).merge(table.cell(2, 2))
        merged.text = text(spec["steps"][0][1])
    if spec["merged_step_cell"]:
        merged = table.cell(3, 1).merge(table.cell(3, 2))
        merged.text = text(spec["steps"][2][0])
    if spec["missing_step_cell"]:
        row = table.rows[3]._tr
        row.remove(row.tc_lst[-1])


def _forms(document, spec, text) -> None:
    if spec["forms_as"] == "table":
        rows = [("TT", "Mã hiệu", "Tên biểu mẫu")]
        rows += [(str(n), code, name) for n, (code, name) in enumerate(spec["forms"], start=1)]
        _table(document, rows, text)
    else:
        for code, name in spec["forms"]:
            document.add_paragraph(text(f"- {code}: {name}"))


def _running_header(document, spec, text) -> None:
    """The header of pages 2+ (page 1 carries the control table): agency, code, issue and
    "Trang" with a PAGE field, in a one-row table as most agencies lay it out."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    header = section.header
    table = header.add_table(
        rows=1, cols=4, width=section.page_width - section.left_margin - section.right_margin
    )
    cells = table.rows[0].cells
    cells[0].text = text(spec["agency"])
    cells[1].text = text(spec["code"])
    cells[2].text = text(f"Lần ban hành: {spec['issue']}")
    paragraph = cells[3].paragraphs[0]
    paragraph.add_run(text("Trang: "))
    _page_field(paragraph, "PAGE")
    paragraph.add_run("/")
    _page_field(paragraph, "NUMPAGES")
    footer = section.footer.paragraphs[0]
    footer.text = text(f"{spec['code']} – Lần ban hành {spec['issue']}")


def _page_field(paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    value = OxmlElement("w:t")
    value.text = "2"
    run.append(value)
    field.append(run)
    paragraph._p.append(field)
