from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from documents.imports import MAX_FILES, MAX_TOTAL_BYTES, Incoming, read_sheet
from qms.lib.uploads import checked_upload


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
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ImportUploadForm(forms.Form):
    """The document list and the .docx files. The list must be readable; a .docx refused by
    the content check is kept by name with its reason, and shown on its row in the preview."""

    spreadsheet = forms.FileField(
        label=_("Document list (.xlsx)"),
        help_text=_(
            "One row per document under the headers Mã hiệu, Tên tài liệu, Loại, Lần ban hành, "
            "Ngày ban hành."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    documents = MultipleFileField(
        label=_("Documents (.docx)"),
        help_text=_(
            "Choose all the files at once. Each file is named after its code, for example "
            "QT-01.docx for the code QT-01."
        ),
    )

    def clean_spreadsheet(self):
        checked = checked_upload(self.cleaned_data["spreadsheet"], allowed={"xlsx"})
        read_sheet(checked.file.read())
        checked.file.seek(0)
        return checked

    def clean_documents(self):
        uploads = self.cleaned_data["documents"]
        if len(uploads) > MAX_FILES:
            raise ValidationError(
                _("Choose at most %(count)s files at a time.") % {"count": MAX_FILES}
            )
        # Judge the total before reading any file's content.
        sheet = self.files.get("spreadsheet")
        total = sum(upload.size or 0 for upload in uploads) + (sheet.size if sheet else 0)
        if total > MAX_TOTAL_BYTES:
            raise ValidationError(
                _("The files together are larger than the limit of %(limit)s.")
                % {"limit": filesizeformat(MAX_TOTAL_BYTES)}
            )
        incoming = []
        for upload in uploads:
            name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1][:200]
            try:
                checked = checked_upload(upload, allowed={"docx"})
            except ValidationError as error:
                incoming.append(Incoming(name=name, error=" ".join(error.messages)))
            else:
                incoming.append(Incoming(name=name, upload=checked))
        return incoming
