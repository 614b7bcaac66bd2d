"""The search box of the public procedure portal (GET)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PortalSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"placeholder": _("Code or title — with or without diacritics"), "type": "search"}
        ),
    )
