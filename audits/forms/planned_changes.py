"""Forms of the planning of changes (6.3): the change and, once made, its effectiveness check."""

from django import forms
from django.utils.translation import gettext_lazy as _

from audits.forms import DATE_HELP, _text, agency_documents, documents_field
from qms.agencies.models import Agency
from qms.agencies.selectors import members_of


class PlannedChangeForm(forms.Form):
    title = forms.CharField(label=_("The change"), max_length=255)
    purpose = _text(
        _("Purpose and potential consequences"),
        help_text=_("Why the change is made and what it may affect (6.3 a)."),
    )
    integrity = _text(
        _("Keeping the system whole"),
        required=False,
        help_text=_("How the system keeps working while the change is made (6.3 b)."),
    )
    resources = _text(_("Resources"), rows=2, required=False, help_text=_("6.3 c."))
    owner = forms.ModelChoiceField(
        label=_("Responsible"), queryset=None, help_text=_("Who answers for the change (6.3 d).")
    )
    due_on = forms.DateField(label=_("To be made by"), help_text=DATE_HELP)
    documents = documents_field(_("Documents it changes"))

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members_of(agency)
        self.fields["documents"].queryset = agency_documents(agency)


class EffectivenessForm(forms.Form):
    effective = forms.TypedChoiceField(
        label=_("Did the change have the effect it was made for?"),
        choices=[("yes", _("Yes, effective")), ("no", _("No, not effective"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    effectiveness = _text(
        _("What showed it"),
        help_text=_(
            "For example: three months after the new form, no dossier was returned for "
            "missing papers."
        ),
    )
