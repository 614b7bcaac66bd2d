from django import forms
from django.utils.translation import gettext_lazy as _

from documents.models import Document
from qms.agencies.models import Agency, Unit


class RecordRegisterFilterForm(forms.Form):
    """The filters of the records register: owner unit and a search on the record's name."""

    owner_unit = forms.ModelChoiceField(
        label=_("Owner unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All units"),
    )
    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Record name or procedure code")}),
    )

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = agency.units.all()


class RecordDisposalForm(forms.Form):
    """One year's records of one series, disposed of; the service checks the retention."""

    document = forms.ModelChoiceField(
        label=_("Procedure"), queryset=Document.objects.none(), widget=forms.HiddenInput
    )
    record_name = forms.CharField(
        label=_("Record"), max_length=255, strip=False, widget=forms.HiddenInput
    )
    year = forms.IntegerField(label=_("Records of year"), min_value=1900, max_value=9999)
    note = forms.CharField(label=_("Minutes / note"), max_length=2000, required=False)

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        # Another agency's document is simply not a valid choice.
        self.fields["document"].queryset = Document.objects.of_agency(agency)
