"""The .docx files of an import, checked by content before anything is stored: sent one by
one (up to MAX_FILES, the request's own limit) or together in one .zip (up to
MAX_ARCHIVE_FILES, for an agency's 150 procedures and their forms).

A browser refuses nothing, and Django refuses a request with more than
DATA_UPLOAD_MAX_NUMBER_FILES files: that limit protects every form of the site, so it stays
as it is, and a large batch comes as one .zip, as people send a folder anyway. The archive is
judged by its directory before any member is expanded (how many members, how large once
expanded, encrypted), and each member is read with a cap, since a directory may lie.

Each .docx is then read through (every XML part parsed, qms.lib.uploads.inspect_office) in
child processes side by side, one per CPU, instead of one child per file in turn.
"""

import contextlib
import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from documents.imports.staging import MAX_TOTAL_BYTES, Incoming
from qms.lib.conversions import ConversionFailed, Refused, run_limited_side_by_side
from qms.lib.uploads import (
    MAX_EXPANDED_BYTES,
    CheckedUpload,
    checked_upload,
    inspect_office,
    sniff,
)

# 150 procedures with two or three forms each, with room to spare.
MAX_ARCHIVE_FILES = 800
# What an archive may hold besides .docx files and is passed over: folders, the macOS
# resource forks, Word's lock files ("~$QT-01.docx") and hidden files.
_SKIPPED = ("__MACOSX/", "~$", ".")


def archive_members(upload) -> list[tuple[str, bytes]]:
    """The files of an uploaded .zip as (name, contents), names without their folders.

    Raises ValidationError, before expanding anything, for a file that is not a zip archive,
    one over MAX_TOTAL_BYTES, with more than MAX_ARCHIVE_FILES files, expanding past
    MAX_EXPANDED_BYTES, or encrypted; and while reading, for a member that expands past what
    its directory said.
    """
    if upload.size is not None and upload.size > MAX_TOTAL_BYTES:
        raise ValidationError(_too_large(MAX_TOTAL_BYTES))
    data = upload.read(MAX_TOTAL_BYTES + 1)
    if len(data) > MAX_TOTAL_BYTES:
        raise ValidationError(_too_large(MAX_TOTAL_BYTES))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir() and not _skipped(m)]
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ValidationError(_("The archive is not a .zip file that can be opened.")) from None
    if len(members) > MAX_ARCHIVE_FILES:
        raise ValidationError(
            _("The archive holds more than %(count)s files; split it.")
            % {"count": MAX_ARCHIVE_FILES}
        )
    if sum(member.file_size for member in members) > MAX_EXPANDED_BYTES:
        raise ValidationError(_("The archive expands to far more than its size; it was refused."))
    if any(member.flag_bits & 0x1 for member in members):
        raise ValidationError(_("The archive is password-protected; save it without a password."))
    limit, expanded, files = settings.UPLOAD_MAX_BYTES, 0, []
    with archive:
        for member in members:
            try:
                with archive.open(member) as stream:
                    contents = stream.read(limit + 1)
            except (zipfile.BadZipFile, ValueError, OSError, EOFError):
                raise ValidationError(
                    _("The archive is damaged and cannot be read; make it again.")
                ) from None
            expanded += len(contents)
            if len(contents) > member.file_size or expanded > MAX_EXPANDED_BYTES:
                raise ValidationError(
                    _("The archive expands to far more than its size; it was refused.")
                )
            files.append((_member_name(member), contents))
    return files


def documents_checked(files: list[tuple[str, bytes]]) -> list[Incoming]:
    """Each file checked as a .docx by content, size and expanded size: accepted, or
    refused with the reason its row of the preview shows."""
    incoming, to_read = [], []
    limit = settings.UPLOAD_MAX_BYTES
    for name, data in files:
        try:
            if len(data) > limit:
                raise ValidationError(_too_large(limit))
            if not data:
                raise ValidationError(_("The file is empty."))
            if sniff(data) != "docx":
                raise ValidationError(
                    _("The file is not what it should be: only %(kinds)s files are accepted.")
                    % {"kinds": "Word (.docx)"}
                )
        except ValidationError as error:
            incoming.append(Incoming(name=name, error=" ".join(error.messages)))
            continue
        incoming.append(Incoming(name=name))
        to_read.append((len(incoming) - 1, data))
    refusals = _read_through([data for _index, data in to_read])
    for (index, data), refused in zip(to_read, refusals, strict=True):
        item = incoming[index]
        if refused is None:
            item.upload = CheckedUpload(kind="docx", name=item.name, file=ContentFile(data))
            continue
        # Worded by the upload check itself, in its own child: only for the files refused.
        try:
            item.upload = checked_upload(SimpleUploadedFile(item.name, data), allowed={"docx"})
        except ValidationError as error:
            item.error = " ".join(error.messages)
    return incoming


def _read_through(documents: list[bytes]) -> list[str | None]:
    """Per file, None when every XML part of it parsed, else the reason it was refused.
    When the children fail together (one ran out of time), every file counts as refused and
    is checked again on its own."""
    seconds = settings.UPLOAD_CHECK_SECONDS
    calls = [(data, settings.UPLOAD_PART_MAX_BYTES) for data in documents]
    try:
        return run_limited_side_by_side(refusal_reason, calls, seconds=seconds)
    except ConversionFailed:
        return ["retry"] * len(documents)


def refusal_reason(data: bytes, part_limit: int) -> str | None:
    """inspect_office's verdict as a value, so one bad file does not stop its neighbours.
    Runs in a child process."""
    try:
        inspect_office(data, part_limit=part_limit)
    except Refused as refused:
        return refused.reason
    return None


def _skipped(member: zipfile.ZipInfo) -> bool:
    base = member.filename.rsplit("/", 1)[-1]
    return member.filename.startswith(_SKIPPED[0]) or base.startswith(_SKIPPED[1:])


def _member_name(member: zipfile.ZipInfo) -> str:
    name = member.filename
    if not member.flag_bits & 0x800:
        # Without the UTF-8 flag zipfile decodes names as CP437; Windows' own archiver often
        # writes UTF-8 without saying so.
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("utf-8")
    return name.replace("\\", "/").rsplit("/", 1)[-1][:200]


def _too_large(limit: int) -> str:
    return _("The file is larger than the limit of %(limit)s.") % {"limit": filesizeformat(limit)}
