"""Any issue written out as a .docx in the layout agencies use for their procedures, so that
they edit it in Word and bring it back in (``documents.word.reading`` reads this layout).

Page 1 carries the control header table, the signature table and the revision history; the
seven numbered sections follow as real Word headings. A4 with the margins of Nghị định
30/2020, Times New Roman 13 pt, and a running header with the page number on every page.
The labels are the document's own Vietnamese wording, whatever the reader's language, as in
the controlled PDF: the reader finds the tables and sections by these words.
"""

import io
from datetime import date
from decimal import Decimal

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from documents.word import docx_parts as parts
from documents.word.structure import ProcedureStructure, RecordEntry, Retention, SignedAs, Step
from qms.lib.text import fold

FONT = "Times New Roman"
SIZE = Pt(13)
BODY_WIDTH = 165  # mm: A4 less the left (30 mm) and right (15 mm) margins
DRAFT_MARK = "BẢN DỰ THẢO"
RED = RGBColor(0xC0, 0x00, 0x00)

HISTORY_TITLE = "BẢNG THEO DÕI SỬA ĐỔI TÀI LIỆU"
TOTAL_LABEL = "Tổng thời gian"
SIGNED_AS = {
    SignedAs.DRAFTED: "Soạn thảo",
    SignedAs.REVIEWED: "Xem xét",
    SignedAs.APPROVED: "Phê duyệt",
}
TEXT_SECTIONS = (
    ("1. MỤC ĐÍCH", "purpose"),
    ("2. PHẠM VI ÁP DỤNG", "scope"),
    ("3. TÀI LIỆU VIỆN DẪN", "references"),
    ("4. ĐỊNH NGHĨA, TỪ VIẾT TẮT", "definitions"),
)
CONTENT, FORMS, RECORDS = "5. NỘI DUNG QUY TRÌNH", "6. BIỂU MẪU", "7. HỒ SƠ CẦN LƯU"

# (header, width in mm) of each table; the widths add up to the body's width.
STEP_COLUMNS = (
    ("Bước", 15),
    ("Nội dung công việc", 50),
    ("Trách nhiệm", 30),
    ("Thời gian", 37),
    ("Biểu mẫu/Kết quả", 33),
)
FORM_COLUMNS = (("Mã hiệu", 40), ("Tên biểu mẫu", 125))
RECORD_COLUMNS = (("TT", 12), ("Tên hồ sơ", 63), ("Nơi lưu/Người lưu", 50), ("Thời gian lưu", 40))
HISTORY_COLUMNS = (
    ("Lần ban hành", 25),
    ("Ngày ban hành", 30),
    ("Vị trí sửa đổi", 35),
    ("Nội dung sửa đổi", 75),
)
RETENTION_WORDS = {
    Retention.PERMANENT: "Vĩnh viễn",
    Retention.UNTIL_SUPERSEDED: "Đến khi có bản thay thế",
}


def procedure_docx(structure: ProcedureStructure, *, draft: bool = False) -> bytes:
    """The .docx of ``structure``; ``draft`` (or a structure read from a draft) marks it
    "BẢN DỰ THẢO" in the running header and on page 1."""
    draft = draft or structure.is_draft
    document = Document()
    _set_up_page_and_styles(document, structure, draft=draft)
    _write_running_header(document, structure, draft=draft)
    if draft:
        parts.add_paragraph(
            document, DRAFT_MARK, bold=True, color=RED, align=WD_ALIGN_PARAGRAPH.CENTER
        )
    _write_control_table(document, structure)
    _write_signatures(document, structure)
    _write_history(document, structure)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    if _is_procedure(structure):
        _write_sections(document, structure)
    else:
        parts.add_lines(document, structure.body)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def days_text(days: Decimal) -> str:
    """A number of working days as procedures write it: "02 ngày làm việc", "0,5 ngày làm
    việc"."""
    if days == days.to_integral_value():
        number = f"{int(days):02}"
    else:
        number = format(days.normalize(), "f").replace(".", ",")
    return f"{number} ngày làm việc"


def step_time_text(step: Step) -> str:
    """The time as the step states it, else its fixed number of days."""
    if step.time_text:
        return step.time_text
    return days_text(step.duration_days) if step.duration_days is not None else ""


def retention_text(record: RecordEntry) -> str:
    """The retention as people write it, from the rule when there is one ("03 năm",
    "Vĩnh viễn", "Đến khi có bản thay thế", "02 năm kể từ khi kết thúc hợp đồng"); the
    text as written when the rule could not be read."""
    if record.retention in RETENTION_WORDS:
        return RETENTION_WORDS[record.retention]
    counted = (Retention.YEARS, Retention.YEARS_AFTER_EVENT)
    if record.retention in counted and record.retention_years is not None:
        years = f"{record.retention_years:02} năm"
        if record.retention == Retention.YEARS_AFTER_EVENT and record.retention_event:
            return f"{years} {record.retention_event}"
        return years
    return record.retention_text


def _is_procedure(structure: ProcedureStructure) -> bool:
    """A policy, the objectives, a manual or a form has only its body text: no sections."""
    sections = (structure.purpose, structure.scope, structure.references, structure.definitions)
    return bool(structure.steps or structure.forms or structure.records or any(sections))


# Page, styles and the running header ---------------------------------------------------


def _set_up_page_and_styles(document, structure: ProcedureStructure, *, draft: bool) -> None:
    section = document.sections[0]
    # python-docx's template is US Letter; agencies print on A4.
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    normal = document.styles["Normal"]
    _set_font(normal, size=SIZE)
    normal.paragraph_format.space_after = Pt(3)
    heading = document.styles["Heading 1"]
    _set_font(heading, size=SIZE, bold=True)
    heading.paragraph_format.space_before = Pt(12)
    heading.paragraph_format.space_after = Pt(6)
    properties = document.core_properties
    properties.title, properties.keywords = structure.title, structure.code
    properties.author = properties.last_modified_by = structure.agency
    properties.comments, properties.content_status = "", DRAFT_MARK if draft else ""


def _set_font(style, *, size, bold: bool | None = None) -> None:
    """Times New Roman for every script. The template's theme fonts (Calibri, Cambria) win
    over a plain font name unless their attributes are removed."""
    style.font.size = size
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), FONT)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "vi-VN")
    style.element.get_or_add_rPr().append(language)


def _write_running_header(document, structure: ProcedureStructure, *, draft: bool) -> None:
    """Agency, code, issue and "Trang X/Y" at the top of every page."""
    header = document.sections[0].header
    header.is_linked_to_previous = False
    table = header.add_table(1, 3, Mm(BODY_WIDTH))
    parts.set_widths(table, (60, 65, 40))
    agency, code, page = table.rows[0].cells
    parts.write_cell(agency, structure.agency.upper(), bold=True, size=Pt(10))
    parts.write_cell(
        code, f"{structure.code} – Lần ban hành: {_number(structure.issue_number)}", size=Pt(10)
    )
    paragraph = parts.write_cell(page, "Trang ", size=Pt(10), align=WD_ALIGN_PARAGRAPH.RIGHT)
    _add_page_fields(paragraph, size=Pt(10))
    if draft:
        center = WD_ALIGN_PARAGRAPH.CENTER
        parts.add_paragraph(header, DRAFT_MARK, bold=True, color=RED, align=center, size=Pt(10))


def _add_page_fields(paragraph, *, size=None) -> None:
    """ "X/Y" as PAGE and NUMPAGES fields, worked out by Word and LibreOffice when shown."""
    _add_field(paragraph, "PAGE", size=size)
    parts.add_run(paragraph, "/", size=size)
    _add_field(paragraph, "NUMPAGES", size=size)


def _add_field(paragraph, instruction: str, *, size=None) -> None:
    run = parts.add_run(paragraph, "", size=size)
    for tag, kind in (("w:fldChar", "begin"), ("w:instrText", None), ("w:fldChar", "separate")):
        element = OxmlElement(tag)
        if kind:
            element.set(qn("w:fldCharType"), kind)
        else:
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        run._r.append(element)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    parts.add_run(paragraph, "1", size=size)._r.append(end)  # "1" until Word works the number out


# Page 1: control header, signatures, revision history ------------------------------------


def _write_control_table(document, structure: ProcedureStructure) -> None:
    table = parts.add_table(document, 4, (45, 62, 58))
    agency = table.cell(0, 0).merge(table.cell(3, 0))
    title = table.cell(0, 1).merge(table.cell(3, 1))
    parts.write_cell(agency, structure.agency.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    parts.write_cell(title, structure.title.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for cell in (agency, title):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    parts.write_cell(table.cell(0, 2), f"Mã hiệu: {structure.code}")
    parts.write_cell(table.cell(1, 2), f"Lần ban hành: {_number(structure.issue_number)}")
    parts.write_cell(table.cell(2, 2), f"Ngày ban hành: {_date(structure.issued_on)}")
    _add_page_fields(parts.write_cell(table.cell(3, 2), "Trang: "))
    parts.add_paragraph(document, "")  # two tables side by side would become one in Word


def _write_signatures(document, structure: ProcedureStructure) -> None:
    """One column per person who signed; three empty columns when no one has yet."""
    signatories = structure.signatories or []
    roles = [s.role for s in signatories] or list(SIGNED_AS)
    width = (BODY_WIDTH - 30) // len(roles)
    table = parts.add_table(document, 4, (30, *[width] * len(roles)))
    labels = ("", "Chữ ký", "Họ và tên", "Chức vụ")
    for row, label in zip(table.rows, labels, strict=True):
        parts.write_cell(row.cells[0], label, bold=True)
    table.rows[1].height = Mm(22)
    table.rows[1].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    center = WD_ALIGN_PARAGRAPH.CENTER
    for column, role in enumerate(roles, start=1):
        parts.write_cell(table.cell(0, column), SIGNED_AS[SignedAs(role)], bold=True, align=center)
    for column, signatory in enumerate(signatories, start=1):
        parts.write_cell(table.cell(2, column), signatory.name, align=center)
        parts.write_cell(table.cell(3, column), signatory.position, align=center)
    parts.add_paragraph(document, "")


def _write_history(document, structure: ProcedureStructure) -> None:
    """The title as the table's merged first row: a title paragraph of its own would be
    read as the text of a policy, which has no sections to start after it."""
    rows = [
        (_number(entry.issue), _date(entry.on), entry.part, entry.summary)
        for entry in structure.history
    ]
    parts.add_grid(document, HISTORY_COLUMNS, rows, title=HISTORY_TITLE)


# The seven sections ------------------------------------------------------------------


def _write_sections(document, structure: ProcedureStructure) -> None:
    for heading, attribute in TEXT_SECTIONS:
        parts.add_heading(document, heading)
        parts.add_lines(document, getattr(structure, attribute))
    parts.add_heading(document, CONTENT)
    for line in _legal_lines(structure):
        parts.add_paragraph(document, line)
    parts.add_lines(document, structure.body)
    if structure.steps:
        _write_steps(document, structure)
    parts.add_heading(document, FORMS)
    if structure.forms:
        parts.add_grid(document, FORM_COLUMNS, [(form.code, form.name) for form in structure.forms])
    parts.add_heading(document, RECORDS)
    if structure.records:
        rows = [
            (str(number), record.name, record.keeper, retention_text(record))
            for number, record in enumerate(structure.records, start=1)
        ]
        parts.add_grid(document, RECORD_COLUMNS, rows)


def _legal_lines(structure: ProcedureStructure) -> list[str]:
    """The time limit and the TTHC code, unless section 5's text already states them (as
    it does when the structure was read from a file: the reader keeps them in the text)."""
    body = structure.body
    limit = structure.legal_limit_text
    if not limit and structure.legal_limit_days is not None:
        limit = f"Thời hạn giải quyết: {days_text(structure.legal_limit_days)}"
    lines = [limit] if limit and limit not in body.split("\n") else []
    if structure.tthc_code and structure.tthc_code not in body:
        lines.append(f"Mã thủ tục hành chính: {structure.tthc_code}")
    return lines


def _write_steps(document, structure: ProcedureStructure) -> None:
    rows = [
        (step.label, step.content, step.responsible, step_time_text(step), step.output)
        for step in structure.steps
    ]
    table = parts.add_grid(document, STEP_COLUMNS, rows)
    total = _total_text(structure)
    if total:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        parts.write_cell(merged, total, bold=True)


def _total_text(structure: ProcedureStructure) -> str:
    """The total row as stated (its label added when only the time is given), else the
    sum of the fixed step times."""
    stated = structure.stated_total_text
    if stated:
        return stated if fold(stated).startswith("tong") else f"{TOTAL_LABEL}: {stated}"
    total = structure.steps_total_days
    return f"{TOTAL_LABEL}: {days_text(total)}" if total is not None else ""


def _number(issue: int | None) -> str:
    """An issue number as agencies write it: "03"."""
    return f"{issue:02}" if issue is not None else ""


def _date(on: date | None) -> str:
    return on.strftime("%d/%m/%Y") if on else ""
