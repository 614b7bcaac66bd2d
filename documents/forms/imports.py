from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from documents.imports import MAX_FILES, MAX_TOTAL_BYTES, Incoming, read_sheet
from documents.imports.checking import MAX_ARCHIVE_FILES, archive_members, documents_checked
from qms.lib.uploads import checked_upload

# A translated text with its numbers, translated when shown, in the language of the request.
interpolated = lazy(lambda text, values: str(text) % values, str)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".docx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item] or single(None, initial)
        return [single(data, initial)] if data else single(data, initial)


class ImportUploadForm(forms.Form):
    """The document list and the .docx files, chosen one by one or sent as one .zip. The
    list must be readable; a .docx refused by the content check is kept by name with its
    reason, and shown on its row in the preview."""

    spreadsheet = forms.FileField(
        label=_("Document list (.xlsx)"),
        help_text=_(
            "One row per document under the headers Mã hiệu, Tên tài liệu, Loại, Lần ban hành, "
            "Ngày ban hành. The type is written as its name or its prefix (Quy trình or QT)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    documents = MultipleFileField(
        label=_("Documents (.docx)"),
        required=False,
        help_text=interpolated(
            _(
                "Choose up to %(count)s files at once. Each file name holds its code, for "
                "example “QT-01 Kiểm soát tài liệu.docx” for the code QT-01."
            ),
            {"count": MAX_FILES},
        ),
    )
    archive = forms.FileField(
        label=_("Or all the documents in one .zip"),
        required=False,
        help_text=interpolated(
            _("For more files: up to %(count)s .docx files in one .zip archive."),
            {"count": MAX_ARCHIVE_FILES},
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip"}),
    )

    def clean_spreadsheet(self):
        checked = checked_upload(self.cleaned_data["spreadsheet"], allowed={"xlsx"})
        read_sheet(checked.file.read())
        checked.file.seek(0)
        return checked

    def clean_documents(self):
        uploads = self.cleaned_data["documents"] or []
        if len(uploads) > MAX_FILES:
            raise ValidationError(
                _("Choose at most %(count)s files at a time, or send them in one .zip.")
                % {"count": MAX_FILES}
            )
        # Judge the total before reading any file's content.
        sheet = self.files.get("spreadsheet")
        total = sum(upload.size or 0 for upload in uploads) + (sheet.size if sheet else 0)
        if total > MAX_TOTAL_BYTES:
            raise ValidationError(
                _("The files together are larger than the limit of %(limit)s.")
                % {"limit": filesizeformat(MAX_TOTAL_BYTES)}
            )
        return uploads

    def clean_archive(self):
        archive = self.cleaned_data.get("archive")
        return archive_members(archive) if archive else []

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        uploads, members = cleaned.get("documents") or [], cleaned.get("archive") or []
        if not uploads and not members:
            raise ValidationError(_("Choose the .docx files, or one .zip that holds them."))
        if len(uploads) + len(members) > MAX_ARCHIVE_FILES:
            raise ValidationError(
                _("Send at most %(count)s documents at a time.") % {"count": MAX_ARCHIVE_FILES}
            )
        refused, files = [], list(members)
        limit = settings.UPLOAD_MAX_BYTES
        for upload in uploads:
            name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1][:200]
            if upload.size is not None and upload.size > limit:
                # Never read: its row says why.
                refused.append(
                    Incoming(
                        name=name,
                        error=str(_("The file is larger than the limit of %(limit)s."))
                        % {"limit": filesizeformat(limit)},
                    )
                )
            else:
                files.append((name, upload.read(limit + 1)))
        cleaned["incoming"] = documents_checked(files) + refused
        return cleaned


def posted_choices(data) -> tuple[dict[str, int], list[int]]:
    """The person's choices posted with the preview: for each file that needed one
    ("file-<id>"), the line of its row or 0 to set it aside (nothing when left blank); and
    the lines to import as their file only ("file_only")."""
    chosen = {}
    for key, value in data.items():
        if key.startswith("file-") and value.isdigit():
            chosen[key.removeprefix("file-")[:12]] = int(value)
    file_only = [int(value) for value in data.getlist("file_only") if value.isdigit()]
    return chosen, file_only
