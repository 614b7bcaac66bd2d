from django import forms
from django.utils.translation import gettext_lazy as _

from documents.word.reading import procedure_structure
from qms.lib.uploads import checked_upload


class WordDraftForm(forms.Form):
    """The .docx of a document's next issue. It is checked by content and size, then read,
    here, before the view opens its transaction: reading takes up to a few seconds."""

    file = forms.FileField(
        label=_("Word file of the issue (.docx)"),
        help_text=_(
            "The procedure as the agency writes it: control header, signatures, revision "
            "history, the seven sections, steps, forms and records to keep."
        ),
    )

    structure = None

    def clean_file(self):
        checked = checked_upload(self.cleaned_data["file"], allowed={"docx"})
        self.structure = procedure_structure(checked.file.read())
        checked.file.seek(0)
        return checked
