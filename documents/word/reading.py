"""Reading a procedure's .docx by meaning, not by position.

Tables are recognised by the words of their header rows (the control header by "Mã hiệu" and
"Lần ban hành", the steps by "Nội dung", "Trách nhiệm" and "Thời gian", …) wherever they are;
sections by their names, whether Word headings or bold, capitalised or plain paragraphs.
Only the document's body is read: the running header and footer of pages 2+ live in their own
Word parts. Whatever cannot be understood becomes a warning on the structure, never an error:
only a file that is not a readable .docx at all is refused.
"""

import io
import logging
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from documents.word import phrases
from documents.word.ooxml import TBL, Grid, Package, has_outline_level, is_bold, paragraph_text
from documents.word.phrases import clean
from documents.word.rows import add_form, read_forms, read_history, read_records, read_steps
from documents.word.structure import (
    ProcedureStructure,
    structure_from_json,
    structure_to_json,
)
from documents.word.tables import classify, read_header, read_signatures
from qms.lib.conversions import ConversionFailed, Refused, cached, content_hash, run_limited
from qms.lib.text import fold
from qms.lib.uploads import sniff

logger = logging.getLogger(__name__)

# Part of the cache key: a change to how files are read must not serve old readings.
READER_VERSION = "2"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"
# The texts of a section: free text goes to the structure's field of the same name.
TEXT_SECTIONS = ("purpose", "scope", "references", "definitions", "body")
# The tables read once: a control header repeated on every page is the same header.
READ_ONCE = ("header", "signatures", "history", "steps", "records")
TABLE_READERS = {
    "header": read_header,
    "signatures": read_signatures,
    "history": read_history,
    "steps": read_steps,
    "records": read_records,
    "forms": read_forms,
    "distribution": lambda grid, structure, warn: None,
}
# A plain line holding a section's name and at most this many words is its heading.
PLAIN_NAME_MAX_WORDS = 5
# A line on its own that says the file is a draft.
_DRAFT_MARKS = ("ban du thao", "du thao")


def unreadable_message(data: bytes) -> str:
    """Why ``data`` cannot be read as a .docx, for the person who sent it."""
    if data.startswith(OLE_SIGNATURE):
        return _(
            "The file is a Word 97-2003 document (.doc) or is password-protected; open it in "
            "Word and save it as .docx without a password."
        )
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        names = None
    if names is not None and "word/document.xml" not in names:
        return _("The file is not a Word document (.docx).")
    if names is None and not data.startswith(b"PK"):
        return _("The file is not a Word document (.docx).")
    return _("The .docx file is damaged and cannot be read; open it in Word and save it again.")


def read_procedure(data: bytes) -> ProcedureStructure:
    """The structure of a procedure's .docx, read in this process.

    Raises ValidationError only when ``data`` is not a readable .docx."""
    try:
        package = Package(data)
    except Exception:  # zipfile, zlib and lxml each raise their own kind on a bad file
        raise ValidationError(unreadable_message(data)) from None
    reader = _Reader(package)
    for block in package.blocks():
        if block.tag == TBL:
            reader.table(Grid(block))
        else:
            reader.paragraph(block)
    if "header" not in reader.found:
        for table in package.header_tables():
            grid = Grid(table)
            if classify(grid, section=None) == "header":
                reader.table(grid)
                break
    return reader.finish()


def procedure_structure(data: bytes) -> ProcedureStructure:
    """``read_procedure`` run in a child process stopped after CONVERSION_TIMEOUT_SECONDS,
    and kept by the file's hash (the preview reads every file again each time it is shown).

    Raises ValidationError with a message for people for a damaged .docx, a Word 97 .doc or
    a file that is something else; an archive that expands too far is refused before any
    reading (qms.lib.uploads.sniff)."""
    if data.startswith(OLE_SIGNATURE) or sniff(data) != "docx":
        raise ValidationError(unreadable_message(data))
    key = structure_key(data)
    try:
        text = cached(
            "word-structure",
            key,
            lambda: run_limited(
                _structure_json, data, seconds=settings.CONVERSION_TIMEOUT_SECONDS
            ).encode(),
        )
    except ConversionFailed as failure:
        if failure.timed_out:
            raise
        message = failure.params.get("message") or unreadable_message(data)
        raise ValidationError(message) from None
    return structure_from_json(text.decode())


def structure_key(data: bytes) -> str:
    """What a file's structure is kept under: its content, the reader's version and the
    language its warnings are worded in."""
    return content_hash(data, READER_VERSION, get_language() or settings.LANGUAGE_CODE)


def _structure_json(data: bytes) -> str:
    """Runs in a child process: the structure as JSON, or Refused with the reason."""
    try:
        return structure_to_json(read_procedure(data))
    except ValidationError as error:
        raise Refused("unreadable_docx", message=error.messages[0]) from None


class _Reader:
    """Walks the body's paragraphs and tables in order, keeping the section it is in."""

    def __init__(self, package: Package):
        self.structure = ProcedureStructure()
        self.package = package
        self.section: str | None = None  # None: before the first section; "end": after Nơi nhận
        self.seen: set[str] = set()
        self.preamble: list[str] = []  # before the first section: all the text of a policy
        self.lines: dict[str, list[str]] = {key: [] for key in TEXT_SECTIONS}
        self.found: set[str] = set()  # the kinds of table read once: header, signatures, …
        self.limit_pending = False  # "Thời hạn giải quyết" as a title, its time on the next line

    def warn(self, message: str) -> None:
        if message not in self.structure.warnings:
            self.structure.warnings.append(message)

    # Paragraphs -------------------------------------------------------------------------

    def paragraph(self, p) -> None:
        text = clean(paragraph_text(p))
        if not text:
            return
        folded = fold(text)
        if folded.startswith("noi nhan"):
            self.section = "end"
            return
        key, numbered, after = phrases.section_heading(text)
        if key and key not in self.seen and (numbered or self._looks_like_heading(p, text)):
            self.section = key
            self.seen.add(key)
            if after:
                self._content(after, fold(after))
            return
        if self.section is None:
            if folded in _DRAFT_MARKS:
                self.structure.is_draft = True
            else:
                self.preamble.append(text)
            return
        if self.section != "end" and not _is_page_line(folded):
            self._content(text, folded)

    def _looks_like_heading(self, p, text: str) -> bool:
        """Capitals, bold, or a heading style: how a section's name stands out."""
        if text == text.upper() or is_bold(p) or has_outline_level(p):
            return True
        if len(text.split()) <= PLAIN_NAME_MAX_WORDS and text[-1] not in ".;,":
            return True  # a short line that is only a name: "Phạm vi áp dụng"
        return p.style in self.package.heading_styles

    def _content(self, text: str, folded: str) -> None:
        if self._legal_limit(text, folded):
            return  # kept in legal_limit_text / tthc_code, not twice in the body
        if self.section == "forms":
            self._form_line(text)
        elif self.section in self.lines:
            self.lines[self.section].append(text)

    def _legal_limit(self, text: str, folded: str) -> bool:
        """Note the legal time limit and the TTHC code; True when the line says nothing else
        (a label and its value), so that it is not kept in the body as well."""
        if "tthc" in folded or "thu tuc hanh chinh" in folded:
            code = phrases.TTHC_CODE.search(text)
            if code and not self.structure.tthc_code:
                self.structure.tthc_code = code[0]
                label = phrases.TTHC_CODE.sub("", folded)
                if len(label.split()) <= _TTHC_LABEL_MAX_WORDS:
                    return True
        if self.structure.legal_limit_text:
            return False
        if self.limit_pending or any(
            folded.startswith(label) or f" {label}" in folded for label in _LIMIT_LABELS
        ):
            days = phrases.first_duration(text)
            if days is None:
                self.limit_pending = not self.limit_pending
                return False
            self.structure.legal_limit_text = text
            self.structure.legal_limit_days = days
            self.limit_pending = False
            return True
        return False

    def _form_line(self, text: str) -> None:
        code = phrases.FORM_CODE.search(text)
        if not code:
            if fold(text).strip(" .-") not in ("khong", "khong co"):
                self.warn(
                    _("The form “%(form)s” has no code; it cannot be linked to the register.")
                    % {"form": text.lstrip("-–•+* ")}
                )
            return
        name = (text[: code.start()] + " " + text[code.end() :]).strip(" -–•+*:;.,()")

        add_form(self.structure, code[0], name)

    def table(self, grid: Grid) -> None:
        kind = classify(grid, section=self.section)
        if kind is None:
            if self.section in self.lines:
                self.lines[self.section].extend(grid.lines())
            return
        if kind in READ_ONCE and kind in self.found:
            return
        self.found.add(kind)
        try:
            TABLE_READERS[kind](grid, self.structure, self.warn)
        except Exception:  # a layout no one foresaw: the rest of the file is still read
            logger.exception("reading a %s table", kind)
            self.warn(_("A table of the file could not be read; check it in Word."))

    def finish(self) -> ProcedureStructure:
        for key, lines in self.lines.items():
            setattr(self.structure, key, "\n".join(lines))
        if not self.seen:
            self.structure.body = "\n".join(self.preamble)
            self.warn(
                _("No numbered section (Mục đích, Phạm vi, …) was found; the text is kept whole.")
            )
        if "steps" not in self.found and "body" in self.seen:
            self.warn(
                _("No steps table (Bước, Nội dung công việc, Trách nhiệm, Thời gian) was found.")
            )
        return self.structure


# "Mã TTHC: 1.001193", "Mã thủ tục hành chính: 1.001193": a label, then the code.
_TTHC_LABEL_MAX_WORDS = 5
_LIMIT_LABELS = ("thoi han giai quyet", "thoi gian giai quyet", "thoi han thuc hien")


def _is_page_line(folded: str) -> bool:
    """ "Trang 2/6", "Trang: 3" typed into the body."""
    return folded.startswith("trang") and len(folded) <= 16
