"""Uploads are checked by their content and size, never by their name, before anything is stored."""

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Office files are zip archives; an archive that expands beyond this is refused (zip bomb).
MAX_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 5000

LABELS = {
    "pdf": "PDF",
    "docx": "Word (.docx)",
    "xlsx": "Excel (.xlsx)",
    "jpg": "JPEG",
    "png": "PNG",
    "csv": "CSV (.csv, UTF-8)",
}
# How much of a text file is looked at to decide that it is CSV.
CSV_SAMPLE_BYTES = 64 * 1024
_CSV_DELIMITERS = (",", ";", "\t")


@dataclass
class CheckedUpload:
    kind: str  # "pdf", "docx", "xlsx", "jpg", "png" or "csv"
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
    name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1][:200] or f"file.{kind}"
    return CheckedUpload(kind=kind, name=name, file=ContentFile(data))
