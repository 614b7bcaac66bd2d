from django import forms
from django.utils.translation import gettext_lazy as _


class WithdrawalProposalForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The leader reads it before deciding; it is printed on the obsolete copy."),
    )
    # The confirmation step: the page has just said what the withdrawal affects.
    confirm = forms.BooleanField(
        label=_("I have read which document and which readers the withdrawal affects."),
    )


class WithdrawalDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve the withdrawal")), ("0", _("Refuse"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required when refusing."),
    )
