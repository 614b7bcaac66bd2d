from django import forms
from django.utils.translation import gettext_lazy as _

from documents.models import Revision
from qms.agencies.models import Unit, User
from qms.agencies.widgets import SearchablePicker


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj} · {obj.unit.name}" if obj.unit_id else str(obj)


class DistributionForm(forms.Form):
    """Units and people of the agency who receive a revision; those who have it are not
    offered again."""

    units = forms.ModelMultipleChoiceField(
        label=_("Units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every active member of a chosen unit who holds a role in the agency."),
    )
    # A searchable list of checkboxes: a <select multiple> drops every choice on a plain
    # click, and an agency has a hundred people.
    users = PersonChoiceField(
        label=_("People"),
        queryset=User.objects.none(),
        required=False,
        widget=SearchablePicker,
    )

    def __init__(self, *args, revision: Revision, **kwargs):
        super().__init__(*args, **kwargs)
        agency = revision.document.agency
        chosen = revision.distributions.all()
        self.fields["units"].queryset = agency.units.filter(is_active=True).exclude(
            pk__in=chosen.filter(unit__isnull=False).values("unit_id")
        )
        self.fields["users"].queryset = (
            User.objects.filter(is_active=True, groups__agency_role__agency=agency)
            .exclude(pk__in=chosen.filter(user__isnull=False).values("user_id"))
            .select_related("unit")
            .distinct()
            .order_by("full_name", "username")
        )

    def clean(self):
        data = super().clean()
        if not data.get("units") and not data.get("users"):
            raise forms.ValidationError(_("Choose at least one unit or one person."))
        return data


class ApprovalDistributionForm(forms.Form):
    """Who receives an issue at its approval: the units and people of the previous issue are
    chosen by default. ``offered`` tells an unticked list (distribute to nobody) from a
    request that never showed the list (distribute as the previous issue)."""

    offered = forms.BooleanField(required=False, widget=forms.HiddenInput, initial=True)
    units = forms.ModelMultipleChoiceField(
        label=_("Distribute to units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    users = PersonChoiceField(
        label=_("Distribute to people"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, offer: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer = offer
        self.fields["units"].queryset = Unit.objects.filter(pk__in=[u.pk for u in offer["units"]])
        self.fields["users"].queryset = User.objects.filter(
            pk__in=[u.pk for u in offer["users"]]
        ).select_related("unit")
        # The choices are rendered from the offer already read, without another query.
        self.fields["units"].choices = [(u.pk, u.name) for u in offer["units"]]
        self.fields["users"].choices = [
            (u.pk, self.fields["users"].label_from_instance(u)) for u in offer["users"]
        ]
        self.initial.setdefault("units", sorted(offer["unit_ids"]))
        self.initial.setdefault("users", sorted(offer["user_ids"]))

    def recipients(self) -> dict:
        """The units and people to distribute to once valid: those chosen, or the previous
        issue's when the list was never offered."""
        if self.cleaned_data.get("offered"):
            return {"units": self.cleaned_data["units"], "users": self.cleaned_data["users"]}
        offer = self.offer
        return {
            "units": [u for u in offer["units"] if u.pk in offer["unit_ids"]],
            "users": [u for u in offer["users"] if u.pk in offer["user_ids"]],
        }
