"""The pieces of a .docx the writer (``documents.word.writing``) builds a procedure from:
tables with a repeated header row, headings, paragraphs and runs, made through python-docx's
XML layer where its public API walks the whole document on every call."""

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell

# The ids of python-docx's default template for "Table Grid" and "Heading 1".
TABLE_STYLE_ID = "TableGrid"
HEADING_STYLE_ID = "Heading1"


def add_grid(document, columns, rows, *, title: str = ""):
    """A table with a bold header row (under a merged ``title`` row, if any) that Word and
    LibreOffice repeat on each page."""
    above = 1 if title else 0
    table = add_table(document, above + 1 + len(rows), [width for _, width in columns])
    grid = table_cells(table)
    for row in table._tbl.tr_lst[: above + 1]:
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        row.get_or_add_trPr().append(repeat)
    for cell, (label, _width) in zip(grid[above], columns, strict=True):
        write_cell(cell, label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for cells, values in zip(grid[above + 1 :], rows, strict=True):
        for cell, value in zip(cells, values, strict=True):
            write_cell(cell, value)
    if title:
        cells = grid[0]
        write_cell(cells[0].merge(cells[-1]), title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    add_paragraph(document, "")
    return table


def add_table(document, rows: int, widths):
    table = document.add_table(rows=rows, cols=len(widths))
    # By its id: python-docx looks a style up by name through every style of the template.
    table._tbl.tblPr.style = TABLE_STYLE_ID
    set_widths(table, widths)
    return table


def table_cells(table) -> list[list[_Cell]]:
    """The cells of a table without merged cells, row by row, read from its XML once:
    python-docx's ``table.cell()`` and ``row.cells`` walk the whole table on every call."""
    return [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]


def set_widths(table, widths) -> None:
    """Word reads each cell's width, LibreOffice the grid's: both are set."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    for tr in table._tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths, strict=True):
            tc.width = Mm(width)


def add_heading(document, text: str):
    paragraph = document.add_paragraph()
    paragraph._p.style = HEADING_STYLE_ID
    paragraph.add_run(text)
    return paragraph


def write_cell(cell, text: str, *, bold=False, align=None, size=None):
    """Put ``text`` in ``cell``, one paragraph per line; returns the last paragraph."""
    lines = (text or "").split("\n")
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(lines):
        if index:
            paragraph = cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        if align is not None:
            paragraph.alignment = align
        if line:
            add_run(paragraph, line, bold=bold, size=size)
    return paragraph


def add_lines(document, text: str) -> None:
    for line in (text or "").split("\n"):
        if line.strip():
            add_paragraph(document, line, align=WD_ALIGN_PARAGRAPH.JUSTIFY)


def add_paragraph(part, text: str, *, bold=False, color=None, align=None, size=None):
    """A paragraph of the body or of the running header."""
    paragraph = part.add_paragraph()
    paragraph.alignment = align
    if text:
        add_run(paragraph, text, bold=bold, color=color, size=size)
    return paragraph


def add_run(paragraph, text: str, *, bold=False, color=None, size=None):
    run = paragraph.add_run(text)
    if bold:
        run.bold = True
    if color is not None:
        run.font.color.rgb = color
    if size is not None:
        run.font.size = size
    return run
