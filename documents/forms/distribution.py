from django import forms
from django.utils.translation import gettext_lazy as _

from documents.models import Revision
from qms.agencies.models import Unit, User


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
    users = PersonChoiceField(
        label=_("People"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
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
