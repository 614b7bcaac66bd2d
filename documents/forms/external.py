"""Forms of the external documents register (laws, decrees, TTHC decisions, standards)."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from documents.models import ExternalDocument
from documents.tthc import read_list
from qms.agencies.models import Agency
from qms.lib.uploads import checked_upload

Status = ExternalDocument.Status
_LIMIT = ExternalDocument._meta.get_field("time_limit_days")


class ExternalDocumentForm(forms.ModelForm):
    """The register entry of an external document. Status changes go through the end form."""

    # Localised so that people may type "7,5" as Vietnamese write it ("7.5" works too).
    time_limit_days = forms.DecimalField(
        label=capfirst(_LIMIT.verbose_name),
        help_text=_LIMIT.help_text,
        max_digits=6,
        decimal_places=1,
        min_value=0,
        required=False,
        localize=True,
    )

    class Meta:
        model = ExternalDocument
        fields = [
            "kind",
            "number",
            "title",
            "issuer",
            "issued_on",
            "effective_on",
            "time_limit_days",
            "level",
            "sector",
        ]
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "issued_on": _("Format 25/11/2026."),
            "effective_on": _("Format 25/11/2026."),
        }

    def clean(self):
        data = super().clean()
        issued, effective = data.get("issued_on"), data.get("effective_on")
        if issued and effective and effective < issued:
            self.add_error("effective_on", _("A document cannot take effect before it was issued."))
        if (
            data.get("time_limit_days") is not None
            and data.get("kind") != ExternalDocument.Kind.PROCEDURE
        ):
            self.add_error(
                "time_limit_days",
                _("Only an administrative procedure (TTHC) has a legal time limit."),
            )
        return data

    def validate_unique(self):
        # Uniqueness per agency is checked by the service, which knows the agency.
        pass


class ExternalEndForm(forms.Form):
    """Mark an external document replaced by another, or expired."""

    status = forms.ChoiceField(
        label=_("What happened"),
        choices=[
            (Status.REPLACED, _("Replaced by another document")),
            (Status.EXPIRED, _("Expired or repealed, with no replacement")),
        ],
        widget=forms.RadioSelect,
    )
    replaced_by = forms.ModelChoiceField(
        label=_("Replaced by"),
        queryset=ExternalDocument.objects.none(),
        required=False,
        help_text=_("Register the new document first to choose it here."),
    )
    on = forms.DateField(
        label=_("No longer in force since"),
        required=False,
        help_text=_(
            "Empty: the effective date of the replacing document, or today. Format 25/11/2026."
        ),
    )

    def __init__(self, *args, external: ExternalDocument, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replaced_by"].queryset = (
            ExternalDocument.objects.filter(agency=agency, status=Status.IN_FORCE)
            .exclude(pk=external.pk)
            .order_by("kind", "number")
        )

    def clean(self):
        data = super().clean()
        replaced_by = data.get("replaced_by")
        if data.get("status") == Status.EXPIRED and replaced_by is not None:
            self.add_error(
                "replaced_by",
                _(
                    "An expired document has no replacement: "
                    "choose “Replaced by another document” instead."
                ),
            )
        if data.get("on") is None and replaced_by is not None:
            data["on"] = replaced_by.effective_on
        return data


class ExternalFilterForm(forms.Form):
    """The filters of the register page (GET)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": _("Number or title — with or without diacritics")}
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *ExternalDocument.Kind.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Status.choices],
    )


class TthcImportForm(forms.Form):
    """The national or provincial list of administrative procedures, checked by content."""

    file = forms.FileField(
        label=_("List of administrative procedures (.csv or .xlsx)"),
        help_text=_(
            "One procedure per row under the headers Mã TTHC, Tên thủ tục, Cấp thực hiện, "
            "Lĩnh vực, Thời hạn giải quyết (working days). CSV files in UTF-8."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        checked = checked_upload(self.cleaned_data["file"], allowed={"csv", "xlsx"})
        read_list(checked.kind, checked.file.read())
        checked.file.seek(0)
        return checked
