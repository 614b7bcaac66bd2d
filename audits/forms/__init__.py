"""Forms of the improvement cycle: nonconformities and their flow, actions, objectives, risks."""

from django import forms
from django.utils.translation import gettext_lazy as _

from audits.models import Action, Nonconformity, QualityObjective, Risk
from documents.clauses import harmonized
from documents.models import Document, IsoClause
from qms.agencies.models import Agency, Unit, User
from qms.agencies.selectors import members_of
from qms.lib.text import search_terms

DATE_HELP = _("Format 25/11/2026.")


def documents_field(label, help_text="") -> forms.ModelMultipleChoiceField:
    """A choice among the agency's documents in force or in preparation, set per agency with
    ``agency_documents``."""
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


def agency_documents(agency: Agency):
    return (
        Document.objects.of_agency(agency).exclude(status=Document.Status.OBSOLETE).order_by("code")
    )


def _text(label, rows: int = 3, required: bool = True, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": rows}), required=required, **kwargs
    )


class NonconformityForm(forms.ModelForm):
    """The register entry; the code is given by the register."""

    class Meta:
        model = Nonconformity
        fields = [
            "source",
            "source_reference",
            "title",
            "description",
            "detected_on",
            "detected_by",
            "unit",
            "document",
            "clause",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"detected_on": DATE_HELP}

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["detected_by"].queryset = members_of(agency)
        self.fields["unit"].queryset = agency.units.filter(is_active=True)
        self.fields["document"].queryset = Document.objects.of_agency(agency).exclude(
            status=Document.Status.OBSOLETE
        )
        self.fields["clause"].queryset = IsoClause.objects.filter(version=agency.iso_version)
        # An objective not met is registered from the objective's own page.
        self.fields["source"].choices = [
            choice
            for choice in self.fields["source"].choices
            if choice[0] != Nonconformity.Source.OBJECTIVE
            or self.instance.source == Nonconformity.Source.OBJECTIVE
        ]

    def validate_unique(self):
        # Codes are given by the service.
        pass


class NonconformityEditForm(NonconformityForm):
    reason = forms.CharField(label=_("Reason for the change"), max_length=500)


class AnalysisForm(forms.Form):
    correction = _text(
        _("Correction made at once"),
        help_text=_("What was done straight away to contain the problem."),
    )
    why_1 = forms.CharField(label=_("1. Why did it happen?"), max_length=500)
    why_2 = forms.CharField(label=_("2. Why?"), max_length=500, required=False)
    why_3 = forms.CharField(label=_("3. Why?"), max_length=500, required=False)
    why_4 = forms.CharField(label=_("4. Why?"), max_length=500, required=False)
    why_5 = forms.CharField(
        label=_("5. Why?"),
        max_length=500,
        required=False,
        help_text=_(
            "Stop when the answer is a cause you can act on: the last answer is the root cause."
        ),
    )

    def whys(self) -> list[str]:
        return [self.cleaned_data.get(f"why_{n}", "") for n in range(1, 6)]

    @classmethod
    def initial_for(cls, nonconformity: Nonconformity) -> dict:
        initial = {"correction": nonconformity.correction}
        initial.update({f"why_{n}": why for n, why in enumerate(nonconformity.whys, start=1)})
        return initial


def kind_choices(agency: Agency, parent) -> list[tuple[str, str]]:
    """Preventive action belongs to ISO 9001:2008; a 2015 agency treats risks instead (a
    risk's treatment may still be called preventive)."""
    choices = list(Action.Kind.choices)
    if harmonized(agency.iso_version) and not isinstance(parent, Risk):
        choices = [c for c in choices if c[0] != Action.Kind.PREVENTIVE]
    return choices


class ActionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"))
    title = _text(_("What is to be done"), rows=2)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none())
    due_on = forms.DateField(label=_("Due date"), help_text=DATE_HELP)

    def __init__(self, *args, agency: Agency, parent, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices(agency, parent)
        self.fields["owner"].queryset = members_of(agency)


class ActionCompleteForm(forms.Form):
    evidence = _text(_("What was done (evidence)"))
    evidence_file = forms.FileField(
        label=_("Evidence file (PDF, Word, Excel, JPEG or PNG)"), required=False
    )


class ReasonForm(forms.Form):
    reason = _text(_("Reason"), rows=2)


class VerifyForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Were the actions effective?"),
        choices=Nonconformity.Effectiveness.choices,
        widget=forms.RadioSelect,
    )
    evidence = _text(
        _("Evidence of the verification"),
        help_text=_("What you checked, when and how: records, dossiers, interviews."),
    )


class CloseForm(forms.Form):
    comment = _text(_("Comment"), rows=2, required=False)


class DocumentChangeForm(forms.Form):
    reason = _text(_("Reason for the change"))
    description = _text(_("What should change"), required=False)


class NonconformityFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Code, title or description")}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    source = forms.ChoiceField(label=_("Source"), required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    overdue = forms.BooleanField(label=_("With overdue actions"), required=False)

    OPEN = "not_ended"

    def __init__(self, *args, agency: Agency, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            ("", _("All statuses")),
            (self.OPEN, _("Not closed")),
            *Nonconformity.Status.choices,
        ]
        self.fields["source"].choices = [("", _("All sources")), *Nonconformity.Source.choices]
        self.fields["unit"].queryset = agency.units.filter(is_active=True)
        self.fields["unit"].empty_label = _("All units")
        self.fields["year"].choices = [("", _("All years")), *[(y, y) for y in years]]

    def apply(self, queryset, today):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        # Vietnamese is often typed without diacritics: "tre han" finds "trễ hạn".
        for term in search_terms(data["q"]):
            queryset = queryset.filter(search_text__contains=term)
        if data["status"] == self.OPEN:
            queryset = queryset.not_ended()
        elif data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["source"]:
            queryset = queryset.filter(source=data["source"])
        if data["unit"]:
            queryset = queryset.filter(unit=data["unit"])
        if data["year"]:
            queryset = queryset.filter(year=data["year"])
        if data["overdue"]:
            queryset = queryset.filter(overdue_actions__gt=0)
        return queryset


class ActionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Action.Status.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Action.Kind.choices]
    )
    mine = forms.BooleanField(label=_("Only mine"), required=False)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def apply(self, queryset, user, today):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["kind"]:
            queryset = queryset.filter(kind=data["kind"])
        if data["mine"]:
            queryset = queryset.filter(owner=user)
        if data["overdue"]:
            queryset = queryset.filter(status=Action.Status.OPEN, due_on__lt=today)
        return queryset


class ObjectiveForm(forms.ModelForm):
    target = forms.DecimalField(label=_("Target"), max_digits=12, decimal_places=2, localize=True)

    class Meta:
        model = QualityObjective
        fields = [
            "year",
            "title",
            "indicator",
            "unit_of_measure",
            "direction",
            "target",
            "frequency",
            "unit",
            "responsible",
        ]
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = agency.units.filter(is_active=True)
        self.fields["responsible"].queryset = members_of(agency)

    def validate_unique(self):
        # Checked by the service, which knows the agency.
        pass


class MeasurementForm(forms.Form):
    period = forms.CharField(label=_("Period"), max_length=50, help_text=_("For example Q1/2026."))
    period_end = forms.DateField(label=_("End of the period"), help_text=DATE_HELP)
    value = forms.DecimalField(label=_("Value"), max_digits=12, decimal_places=2, localize=True)
    note = _text(_("Note"), rows=2, required=False)


class ObjectiveNonconformityForm(forms.Form):
    description = _text(
        _("What else should the register say"),
        rows=3,
        required=False,
        help_text=_("The measured value and the target are written in for you."),
    )


class RiskForm(forms.ModelForm):
    class Meta:
        model = Risk
        fields = [
            "kind",
            "title",
            "description",
            "unit",
            "likelihood",
            "impact",
            "owner",
            "review_on",
            "status",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"review_on": DATE_HELP}

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = agency.units.filter(is_active=True)
        self.fields["owner"].queryset = members_of(agency)
        if self.instance.pk is None:
            del self.fields["status"]


class RiskEditForm(RiskForm):
    reason = forms.CharField(label=_("Reason for the reassessment"), max_length=500, required=False)


class ReviewForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    held_on = forms.DateField(label=_("Meeting date"), help_text=DATE_HELP)
    location = forms.CharField(label=_("Place"), max_length=255, required=False)
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=User.objects.none())
    participants = forms.ModelMultipleChoiceField(
        label=_("Participants"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    guests = forms.CharField(
        label=_("Other participants"),
        max_length=500,
        required=False,
        help_text=_("People from outside the agency's members, separated by commas."),
    )

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = members_of(agency)
        self.fields["participants"].queryset = members_of(agency)


class MinutesForm(forms.Form):
    """One text per input of the review's version, then the conclusions."""

    def __init__(self, *args, inputs, **kwargs):
        super().__init__(*args, **kwargs)
        for item in inputs:
            self.fields[item.key] = _text(f"{item.letter}) {item.label}", rows=3, required=False)
        self.fields["conclusion"] = _text(
            _("Conclusions"),
            rows=4,
            required=False,
            help_text=_(
                "Outputs: opportunities for improvement, changes to the system, resource needs."
            ),
        )
        self.input_keys = [item.key for item in inputs]

    def minutes(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "") for key in self.input_keys}


class ReviewDecisionForm(forms.Form):
    comment = _text(_("Comment"), rows=2, required=False)
