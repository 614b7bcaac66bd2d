from django import forms
from django.utils.translation import gettext_lazy as _

from documents.models import Document, DocumentType, ExternalDocument, IsoClause, RecordItem
from documents.services.revisions import SOURCE_KINDS
from qms.agencies.models import User
from qms.lib.uploads import checked_upload


class DocumentForm(forms.ModelForm):
    """The register entry of a document. The code is offered by the type's scheme."""

    code = forms.CharField(
        label=_("Document code"),
        max_length=60,
        required=False,
        help_text=_("Leave empty to take the next free code of the type's scheme."),
    )

    class Meta:
        model = Document
        fields = [
            "type",
            "code",
            "title",
            "owner_unit",
            "parent",
            "clauses",
            "administrative_procedure",
            "cited",
            "restricted",
        ]
        widgets = {
            "clauses": forms.CheckboxSelectMultiple,
            "cited": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = agency.document_types.filter(is_active=True)
        self.fields["owner_unit"].queryset = agency.units.filter(is_active=True)
        self.fields["parent"].queryset = Document.objects.of_agency(agency).exclude(
            type__kind=DocumentType.Kind.FORM
        )
        self.fields["clauses"].queryset = IsoClause.objects.filter(version=agency.iso_version)
        externals = ExternalDocument.objects.filter(agency=agency)
        self.fields["cited"].queryset = externals
        self.fields["administrative_procedure"].queryset = externals.filter(
            kind=ExternalDocument.Kind.PROCEDURE
        )
        if self.instance.pk:
            # A code is the document's identity once registered.
            del self.fields["code"]
            del self.fields["type"]

    def validate_unique(self):
        # Uniqueness per agency is checked by the service, which knows the agency.
        pass


class DocumentEditForm(DocumentForm):
    reason = forms.CharField(label=_("Reason for the change"), max_length=500)


class RevisionContentForm(forms.Form):
    change_summary = forms.CharField(
        label=_("Summary of changes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    purpose = forms.CharField(
        label=_("1. Purpose"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    scope = forms.CharField(
        label=_("2. Scope"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    references = forms.CharField(
        label=_("3. Referenced documents"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    definitions = forms.CharField(
        label=_("4. Definitions and abbreviations"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    body = forms.CharField(
        label=_("Content"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("Free text for documents without steps: a policy, objectives, a manual."),
    )
    # Checkboxes: a <select multiple> drops every choice on a plain click.
    forms_used = forms.ModelMultipleChoiceField(
        label=_("6. Forms"),
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    source_file = forms.FileField(label=_("Source file (.docx, .xlsx or .pdf)"), required=False)

    def __init__(self, *args, agency, with_body: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forms_used"].queryset = Document.objects.of_agency(agency).filter(
            type__kind=DocumentType.Kind.FORM
        )
        if not with_body:
            # A procedure's content is its steps (section 5), not free text.
            del self.fields["body"]

    def clean_source_file(self):
        """Read the file through here, before the view opens its transaction: the check may
        take seconds, and no row (on SQLite, no database) stays locked meanwhile."""
        upload = self.cleaned_data["source_file"]
        return checked_upload(upload, allowed=SOURCE_KINDS) if upload else None


class StepForm(forms.Form):
    content = forms.CharField(
        label=_("Task"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    responsible = forms.CharField(
        label=_("Responsible"),
        max_length=255,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    time_text = forms.CharField(
        label=_("Time as written"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Khi phát sinh, 4 giờ")}),
    )
    duration_days = forms.DecimalField(
        label=_("Time (working days)"),
        max_digits=5,
        decimal_places=1,
        min_value=0,
        required=False,
        localize=True,  # accepts 0,5 as Vietnamese write it, and 0.5
    )
    output = forms.CharField(
        label=_("Form or result"),
        max_length=255,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RecordForm(forms.Form):
    name = forms.CharField(label=_("Record"), max_length=255, required=False)
    keeper = forms.CharField(label=_("Kept by / where"), max_length=255, required=False)
    retention = forms.ChoiceField(
        label=_("Retention"),
        choices=RecordItem.Retention.choices,
        initial=RecordItem.Retention.YEARS,
        required=False,
    )
    retention_years = forms.IntegerField(
        label=_("Years"),
        min_value=1,
        max_value=100,
        required=False,
    )
    retention_event = forms.CharField(
        label=_("Counted from"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. kể từ khi kết thúc hợp đồng")}),
    )

    def clean(self):
        """A rule counted in years needs its years. A row sent without a rule (as the form
        was before it had one) keeps its years, or is kept permanently without."""
        data = super().clean()
        if not data.get("name"):
            return data
        years = data.get("retention_years")
        if not data.get("retention"):
            counted = years is not None
            data["retention"] = (
                RecordItem.Retention.YEARS if counted else RecordItem.Retention.PERMANENT
            )
        if data["retention"] in RecordItem.COUNTED and years is None:
            self.add_error("retention_years", _("Say for how many years the records are kept."))
        return data


# The fields of a row, as the edit page reads them from the stored rows.
STEP_FIELDS = tuple(StepForm.base_fields)
RECORD_FIELDS = tuple(RecordForm.base_fields)


StepFormSet = forms.formset_factory(StepForm, extra=3, max_num=200)
RecordFormSet = forms.formset_factory(RecordForm, extra=2, max_num=100)


def filled_rows(formset, required: str) -> list[dict]:
    """The rows of a valid formset in which ``required`` is filled, in order."""
    return [form.cleaned_data for form in formset.forms if form.cleaned_data.get(required)]


class SubmitForm(forms.Form):
    reviewers = forms.ModelMultipleChoiceField(
        label=_("Reviewers"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    approver = forms.ModelChoiceField(label=_("Approver"), queryset=User.objects.none())

    def __init__(self, *args, reviewers, approvers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = reviewers
        self.fields["approver"].queryset = approvers


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ApproveForm(DecisionForm):
    effective_date = forms.DateField(
        label=_("Effective date"), required=False, help_text=_("Empty: today. Format 25/11/2026.")
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ChangeRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 3})
    )
    description = forms.CharField(
        label=_("What should change"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ChangeDecisionForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Accept and start a new issue")), ("0", _("Refuse"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    drafter = forms.ModelChoiceField(
        label=_("Drafter of the new issue"), queryset=User.objects.none(), required=False
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, drafters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["drafter"].queryset = drafters


class PeriodicReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("no_change", _("Reviewed, no change")), ("change_needed", _("Change needed"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
