"""Forms of the move to the next edition: the target date, a clause's owner and evidence, and
the leader's switch."""

from django import forms
from django.utils.translation import gettext_lazy as _

from audits.forms import DATE_HELP, _text, agency_documents, documents_field
from qms.agencies.models import Agency
from qms.agencies.selectors import members_of


class TransitionTargetForm(forms.Form):
    target_on = forms.DateField(label=_("Target date"), help_text=DATE_HELP)


class TransitionItemForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False)
    evidence = _text(
        _("Evidence"),
        required=False,
        help_text=_(
            "What the agency has done or holds that meets the clause, for example the decision "
            "that sets its quality culture commitments."
        ),
    )
    documents = documents_field(
        _("Documents that cover it"), _("At the switch they are recorded as serving the clause.")
    )

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members_of(agency)
        self.fields["documents"].queryset = agency_documents(agency)


class TransitionSwitchForm(forms.Form):
    confirmed = forms.BooleanField(
        label=_("Switch now, although some clauses have no evidence yet"), required=False
    )
    reason = _text(_("Reason for switching before every clause is covered"), rows=2, required=False)
