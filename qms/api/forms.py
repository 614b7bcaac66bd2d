from django import forms
from django.utils.translation import gettext_lazy as _

from qms.api.models import ApiToken
from qms.api.tokens import DEFAULT_LIFETIME


class ApiTokenForm(forms.Form):
    """A new token: what it is for, and how long it lasts."""

    name = forms.CharField(
        label=_("What the token is for"),
        max_length=100,
        help_text=_("For example: one-stop system connection"),
    )
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        choices=ApiToken.Lifetime.choices,
        coerce=int,
        initial=DEFAULT_LIFETIME,
    )
