"""The parts of a .docx the reader needs, parsed with python-docx's XML layer (``docx.oxml``)
without opening the whole package: a procedure is read in a few milliseconds, where loading
every part (styles of several hundred kB, theme, fonts, …) costs several times more, and an
import previews 150 of them at once.

Text is taken from the runs as Word shows it, without the results of page fields (PAGE,
NUMPAGES), which are layout, not content."""

import io
import re
import zipfile
from functools import cached_property

from docx.oxml import parse_xml
from docx.oxml.ns import qn

from documents.word.phrases import clean

MAIN_PART = "word/document.xml"
_RELATIONSHIPS = "_rels/.rels"
_OFFICE_DOCUMENT = re.compile(
    rb'Type="[^"]*/officeDocument"[^>]*Target="/?([^"]+)"|Target="/?([^"]+)"[^>]*Type="[^"]*/officeDocument"'
)

T, TAB, BR, CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
FLD_CHAR, INSTR, FLD_SIMPLE = qn("w:fldChar"), qn("w:instrText"), qn("w:fldSimple")
P, TBL, TC = qn("w:p"), qn("w:tbl"), qn("w:tc")
B, RPR, OUTLINE = qn("w:b"), qn("w:rPr"), qn("w:outlineLvl")
_PAGE_FIELDS = ("PAGE", "NUMPAGES", "SECTIONPAGES")
_STYLE = re.compile(rb"<w:style\b([^>]*)>(.*?)</w:style>", re.DOTALL)
_STYLE_ID = re.compile(rb'w:styleId="([^"]+)"')
_STYLE_NAME = re.compile(rb'<w:name w:val="([^"]+)"')


class Package:
    """A .docx opened for reading: its body's blocks, and on demand its styles and headers.

    Raises what zipfile and lxml raise for a file that is not one (the caller words it)."""

    def __init__(self, data: bytes):
        self.archive = zipfile.ZipFile(io.BytesIO(data))
        self.document = parse_xml(self.archive.read(self._main_part()))
        self.body = self.document.body
        if self.body is None:
            raise ValueError("no body")

    def _main_part(self) -> str:
        names = set(self.archive.namelist())
        if MAIN_PART in names or _RELATIONSHIPS not in names:
            return MAIN_PART
        match = _OFFICE_DOCUMENT.search(self.archive.read(_RELATIONSHIPS))
        return (match[1] or match[2]).decode() if match else MAIN_PART

    def blocks(self):
        """The body's paragraphs and tables in order (python-docx's inner content)."""
        return self.body.inner_content_elements

    @cached_property
    def heading_styles(self) -> frozenset[str]:
        """The ids of the paragraph styles that are headings or set an outline level. Read
        only when a paragraph's look leaves the question open; scanned, not parsed, as a
        styles part can be far larger than the text."""
        try:
            styles = self.archive.read("word/styles.xml")
        except KeyError:
            return frozenset()
        ids = set()
        for attributes, content in _STYLE.findall(styles):
            style_id, name = _STYLE_ID.search(attributes), _STYLE_NAME.search(content)
            heading = name and name[1].lower().startswith((b"heading", b"title"))
            if style_id and (heading or b"<w:outlineLvl" in content):
                ids.add(style_id[1].decode())
        return frozenset(ids)

    def header_tables(self):
        """The tables of the running headers: where some agencies put the control table."""
        for name in self.archive.namelist():
            if re.fullmatch(r"word/header\d*\.xml", name):
                yield from parse_xml(self.archive.read(name)).iter(TBL)


def paragraph_text(p) -> str:
    """The text of a paragraph as shown, page numbers left out."""
    parts: list[str] = []
    instruction, skipping = "", False
    for node in p.iter(T, TAB, BR, CR, FLD_CHAR, INSTR):
        tag = node.tag
        if tag == T:
            if not skipping and not _in_page_field(node):
                parts.append(node.text or "")
        elif tag == FLD_CHAR:
            kind = node.get(qn("w:fldCharType"))
            if kind == "begin":
                instruction = ""
            elif kind == "separate":
                skipping = instruction.split()[:1] in ([f] for f in _PAGE_FIELDS)
            elif kind == "end":
                skipping = False
        elif tag == INSTR:
            instruction += node.text or ""
        elif not skipping:
            parts.append(" ")
    return "".join(parts)


def _in_page_field(t) -> bool:
    run = t.getparent()
    holder = run.getparent() if run is not None else None
    if holder is None or holder.tag != FLD_SIMPLE:
        return False
    return (holder.get(qn("w:instr")) or "").split()[:1] in ([f] for f in _PAGE_FIELDS)


def is_bold(p) -> bool:
    """Every run that holds text is bold."""
    runs = [r for r in p.r_lst if any((t.text or "").strip() for t in r.iter(T))]
    if not runs:
        return False
    for run in runs:
        properties = run.find(RPR)
        bold = properties.find(B) if properties is not None else None
        if bold is None or bold.get(qn("w:val")) in ("0", "false", "off"):
            return False
    return True


def has_outline_level(p) -> bool:
    return p.pPr is not None and p.pPr.find(OUTLINE) is not None


class Grid:
    """A table as rows of grid positions, each ``(tc, lines)``: a cell merged across columns
    is repeated at each, and one merged down rows (vMerge) at each row, as the same ``tc``,
    so that a merge is seen for what it is."""

    def __init__(self, tbl):
        lines_of: dict = {}
        started: dict[int, object] = {}  # grid column -> the cell a vertical merge started at
        self.rows: list[list[tuple[object, list[str]]]] = []
        for tr in tbl.tr_lst:
            column = tr.grid_before
            cells: list[tuple[object, list[str]]] = [(None, [])] * column
            for tc in tr.tc_lst:
                span = tc.grid_span
                merge = tc.vMerge
                if merge == "continue" and column in started:
                    owner = started[column]
                else:
                    owner = tc
                    if merge == "restart":
                        started[column] = tc
                    else:
                        started.pop(column, None)
                if owner not in lines_of:
                    lines_of[owner] = [
                        text for p in owner.iterchildren(P) if (text := clean(paragraph_text(p)))
                    ]
                cells.extend([(owner, lines_of[owner])] * span)
                column += span
            self.rows.append(cells)
        self.folded_rows: list[list[str]] | None = None

    def text(self, row: int, column: int) -> str:
        cells = self.rows[row]
        return " ".join(cells[column][1]) if column < len(cells) else ""

    def distinct(self, row: int) -> list[str]:
        """The texts of a row's cells, each merged cell once."""
        seen, texts = [], []
        for tc, lines in self.rows[row]:
            if not any(tc is other for other in seen):
                seen.append(tc)
                texts.append(" ".join(lines))
        return texts

    def lines(self) -> list[str]:
        """Each row as one line, its cells separated by " | "."""
        rows = (" | ".join(t for t in self.distinct(row) if t) for row in range(len(self.rows)))
        return [row for row in rows if row]
