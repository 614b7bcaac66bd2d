"""Uploads are checked by their content and size, never by their name, before anything is stored.

A file is also read through once when it arrives, in a child process with a time limit
(qms.lib.conversions), so that what is stored can be read later: every XML part of a .docx or
.xlsx is parsed, each within UPLOAD_PART_MAX_BYTES once expanded and without any DTD (which
is how an entity bomb expands), and a PDF is opened and its pages counted (at most
UPLOAD_MAX_PAGES). What fails is refused with a message for the person who sent it.
"""

import io
import zipfile
from dataclasses import dataclass
from xml.parsers import expat

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from qms.lib.conversions import ConversionFailed, Refused, run_limited

# Office files are zip archives; an archive that expands beyond this is refused (zip bomb).
MAX_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 5000
# The parts of an Office file that are XML, parsed at upload.
XML_SUFFIXES = (".xml", ".rels", ".vml")
_CHUNK = 64 * 1024

LABELS = {
    "pdf": "PDF",
    "docx": "Word (.docx)",
    "xlsx": "Excel (.xlsx)",
    "jpg": "JPEG",
    "png": "PNG",
    "csv": "CSV (.csv, UTF-8)",
    "mp4": "MP4 (video or audio)",
}
# How much of a text file is looked at to decide that it is CSV.
CSV_SAMPLE_BYTES = 64 * 1024
_CSV_DELIMITERS = (",", ";", "\t")


@dataclass
class CheckedUpload:
    kind: str  # "pdf", "docx", "xlsx", "jpg", "png", "csv" or "mp4"
    name: str  # the name the person gave it, without any folder
    file: ContentFile


def _office_kind(data: bytes) -> str | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if len(members) > MAX_ARCHIVE_MEMBERS or sum(m.file_size for m in members) > MAX_EXPANDED_BYTES:
        raise ValidationError(_("The file expands to far more than its size; it was refused."))
    if any(member.flag_bits & 0x1 for member in members):
        raise ValidationError(_("The file is password-protected; save it without a password."))
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _is_csv(data: bytes) -> bool:
    """UTF-8 text (a BOM allowed) without control characters, whose first line holds a
    comma, semicolon or tab: what a spreadsheet's "CSV UTF-8" export writes."""
    sample = data[:CSV_SAMPLE_BYTES]
    try:
        text = sample.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # The sample may cut a character in two at its end; anything earlier is not UTF-8.
        if error.start < len(sample) - 3 or len(sample) == len(data):
            return False
        text = sample[: error.start].decode("utf-8-sig")
    if any(ord(char) < 32 and char not in "\t\r\n" for char in text):
        return False
    first_line = text.split("\n", 1)[0]
    return any(delimiter in first_line for delimiter in _CSV_DELIMITERS)


def sniff(data: bytes) -> str | None:
    """The kind of file ``data`` really is, or None. CSV is recognised last, as plain text."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data[4:8] == b"ftyp":
        # ISO base media: what a phone, a meeting app or a screen recorder saves (.mp4, .m4a).
        return "mp4"
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        # An OLE container: an old .doc/.xls, or an Office file encrypted with a password.
        raise ValidationError(
            _(
                "Old Office formats and password-protected files are not accepted; save as .docx or .xlsx without a password."
            )
        )
    if _is_csv(data):
        return "csv"
    return None


def checked_upload(upload, *, allowed: set[str]) -> CheckedUpload:
    """Read ``upload`` and return it if its content is one of ``allowed`` kinds and it is
    within the size limit; raise ValidationError otherwise."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is larger than the limit of %(limit)s.") % {"limit": filesizeformat(limit)}
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _("The file is larger than the limit of %(limit)s.") % {"limit": filesizeformat(limit)}
        )
    if not data:
        raise ValidationError(_("The file is empty."))
    kind = sniff(data)
    if kind not in allowed:
        expected = ", ".join(LABELS[k] for k in sorted(allowed))
        raise ValidationError(
            _("The file is not what it should be: only %(kinds)s files are accepted.")
            % {"kinds": expected}
        )
    if kind in INSPECTORS:
        _inspect(kind, data)
    name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1][:200] or f"file.{kind}"
    return CheckedUpload(kind=kind, name=name, file=ContentFile(data))


# Reading a file through, in a child process ------------------------------------------------


def inspect_office(data: bytes, *, part_limit: int) -> None:
    """Parse every XML part of an Office file; raise Refused for a part that expands past
    ``part_limit``, declares a DTD or entities, or is not XML. Runs in a child process."""

    def refuse_doctype(*args):
        raise Refused("dtd")

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.infolist():
                if not member.filename.lower().endswith(XML_SUFFIXES):
                    continue
                if member.file_size > part_limit:
                    raise Refused("part_too_large")
                parser = expat.ParserCreate()
                parser.StartDoctypeDeclHandler = refuse_doctype
                parser.EntityDeclHandler = refuse_doctype
                parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
                expanded = 0
                # The declared size may lie: the expanded bytes are counted as they come.
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        expanded += len(chunk)
                        if expanded > part_limit:
                            raise Refused("part_too_large")
                        parser.Parse(chunk, False)
                parser.Parse(b"", True)
    except Refused:
        raise
    except Exception:  # zipfile, zlib and expat each raise their own kind on a damaged file
        raise Refused("damaged_office") from None


def inspect_pdf(data: bytes, *, max_pages: int) -> None:
    """Open a PDF and every page of it; raise Refused for a file pypdf cannot read, one that
    needs a password, one without pages or with more than ``max_pages``. Runs in a child."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Refused("pdf_password")
        pages = len(reader.pages)
        if pages > max_pages:
            raise Refused("pdf_pages")
        if pages == 0:
            raise Refused("damaged_pdf")
        if any(page.mediabox is None for page in reader.pages):
            raise Refused("damaged_pdf")
    except Refused:
        raise
    except Exception:  # pypdf raises many kinds on a damaged file
        raise Refused("damaged_pdf") from None


INSPECTORS = {"docx": inspect_office, "xlsx": inspect_office, "pdf": inspect_pdf}


def _inspect(kind: str, data: bytes) -> None:
    seconds = settings.UPLOAD_CHECK_SECONDS
    part_limit = settings.UPLOAD_PART_MAX_BYTES
    max_pages = settings.UPLOAD_MAX_PAGES
    limits = {"part_limit": part_limit} if kind != "pdf" else {"max_pages": max_pages}
    try:
        run_limited(INSPECTORS[kind], data, seconds=seconds, **limits)
    except ConversionFailed as failure:
        if failure.timed_out:
            raise ValidationError(
                _("Checking the file took longer than %(seconds)s seconds; it was refused.")
                % {"seconds": f"{seconds:g}"}
            ) from None
        reason = failure.params.get("reason")
        messages = {
            "part_too_large": _(
                "A part of the file expands to more than %(limit)s; it was refused. Split the "
                "document, or remove what makes it so large."
            )
            % {"limit": filesizeformat(part_limit)},
            "dtd": _(
                "The file holds XML declarations (a DTD) that Word and Excel never write; it "
                "was refused."
            ),
            "damaged_office": _(
                "The file is damaged and cannot be read; open it in Word or Excel and save it "
                "again."
            ),
            "damaged_pdf": _("The file is not a readable PDF; save or print it again as PDF."),
            "pdf_password": _("The PDF is password-protected; save it without a password."),
            "pdf_pages": _("The PDF has more than %(count)s pages; split it.")
            % {"count": max_pages},
        }
        raise ValidationError(messages.get(reason) or failure.messages[0]) from None
