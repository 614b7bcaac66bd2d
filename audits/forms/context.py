"""Forms of the context register: an issue, the climate change decision, an interested party."""

from django import forms
from django.utils.translation import gettext_lazy as _

from audits.forms import _text
from audits.models import ContextIssue


class ContextIssueForm(forms.Form):
    origin = forms.ChoiceField(
        label=_("Internal or external"),
        choices=ContextIssue.Origin.choices,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label=_("The issue"), max_length=255)
    effect = _text(
        _("Effect on the quality management system"),
        required=False,
        help_text=_("How it bears on the services, the procedures or the objectives."),
    )
    relevant = forms.BooleanField(label=_("Still relevant"), required=False, initial=True)


class ClimateForm(forms.Form):
    relevant = forms.TypedChoiceField(
        label=_("Is climate change a relevant issue for the agency?"),
        choices=[("yes", _("Yes, it is relevant")), ("no", _("No, it is not relevant"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = _text(
        _("Reason"),
        help_text=_(
            "For example: floods and landslides in the rainy season delay the receipt and "
            "return of dossiers at the one-stop desk."
        ),
    )


class InterestedPartyForm(forms.Form):
    name = forms.CharField(label=_("Interested party"), max_length=255)
    requirements = _text(_("Their relevant requirements"))
    climate_requirements = _text(
        _("Climate-related requirements"),
        required=False,
        help_text=_("Amd 1:2024: requirements of this party that concern climate change, if any."),
    )
    relevant = forms.BooleanField(label=_("Still relevant"), required=False, initial=True)
