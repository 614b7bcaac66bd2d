from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.clauses import edition_choices
from qms.agencies.models import Agency
from qms.monitoring.models import FrameworkProcedure
from qms.monitoring.selectors.announcements import effective_procedures
from qms.monitoring.selectors.reports import REPORT_STATE_LABELS
from qms.monitoring.selectors.status import STATUSES

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]


class AnnouncementForm(forms.Form):
    decision_number = forms.CharField(
        label=_("Decision number and symbol"),
        max_length=100,
        help_text=_("For example 125/QĐ-STP."),
    )
    decided_on = forms.DateField(
        label=_("Decision date"), input_formats=DATE_INPUTS, help_text=_("dd/mm/yyyy")
    )
    signer = forms.CharField(label=_("Signed by"), max_length=150)
    iso_version = forms.ChoiceField(label=_("ISO version"))
    procedures = forms.ModelMultipleChoiceField(
        label=_("Procedures in the scope"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Chosen from the agency's effective procedures."),
    )
    posted_on = forms.DateField(
        label=_("Posted at the agency on"), required=False, input_formats=DATE_INPUTS
    )
    reason = forms.CharField(
        label=_("Reason for re-announcing"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a re-announcement: what changed (scope, version, merger)."),
    )
    upload = forms.FileField(label=_("Signed decision (PDF)"))

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedures"].queryset = effective_procedures(agency)
        self.fields["iso_version"].choices = edition_choices()
        self.fields["iso_version"].initial = agency.iso_version


class ReportFilterForm(forms.Form):
    """The annual reports list narrowed by name, level and where the report stands."""

    q = forms.CharField(label=_("Agency name"), required=False, max_length=100)
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All"))] + Agency.Level.choices
    )
    state = forms.ChoiceField(
        label=_("Against the deadline"),
        required=False,
        choices=[("", _("All")), *REPORT_STATE_LABELS.items()],
    )


class CoverageForm(forms.Form):
    """The day of the figures and the list's filters, all optional."""

    as_of = forms.DateField(
        label=_("As of"), required=False, input_formats=DATE_INPUTS, help_text=_("dd/mm/yyyy")
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + STATUSES
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All"))] + Agency.Level.choices
    )
    area = forms.TypedChoiceField(label=_("Under"), required=False, coerce=int, empty_value=None)
    mandatory = forms.ChoiceField(
        label=_("ISO"),
        required=False,
        choices=[("", _("All")), ("yes", _("Mandatory")), ("no", _("Encouraged"))],
    )
    warned = forms.BooleanField(label=_("With warnings only"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name")),
            ("status", _("Status")),
            ("level", _("Level")),
            ("warnings", _("Warnings")),
            ("audit", _("Last internal audit")),
        ],
    )
    descending = forms.BooleanField(label=_("Descending"), required=False)

    def __init__(self, *args, areas: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("All"))] + areas

    def clean_as_of(self):
        as_of = self.cleaned_data["as_of"]
        if as_of and as_of > timezone.localdate():
            raise forms.ValidationError(_("Choose a day that has passed."))
        return as_of


class FrameworkForm(forms.ModelForm):
    class Meta:
        model = FrameworkProcedure
        fields = ["order", "title", "keywords", "tthc_code"]


FrameworkFormSet = forms.modelformset_factory(
    FrameworkProcedure, form=FrameworkForm, extra=3, can_delete=True
)


class NationalForm(forms.Form):
    """The day of the national roll-up and the order of its provinces, all optional."""

    as_of = forms.DateField(
        label=_("As of"), required=False, input_formats=DATE_INPUTS, help_text=_("dd/mm/yyyy")
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name")),
            ("agencies", _("Agencies")),
            ("announced", _("Announced (%)")),
            ("maintained", _("Maintained (%)")),
            ("warnings", _("With warnings")),
        ],
    )
    descending = forms.BooleanField(label=_("Descending"), required=False)

    clean_as_of = CoverageForm.clean_as_of


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label=_("Recommendation"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the agency should do, and by when if it matters."),
    )
