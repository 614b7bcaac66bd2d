"""Forms of citizen satisfaction: defining a survey, the public answer form, the results
filters and the complaint made from an answer."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audits.models import Survey
from audits.models.satisfaction import SCALE
from audits.services.satisfaction_answers import MAX_COMMENT, RECEIPT_MAX
from documents.models import ExternalDocument
from qms.agencies.models import Agency

DATE_HELP = _("Format 25/11/2026.")


def procedures_of(agency: Agency):
    return ExternalDocument.objects.filter(
        agency=agency, kind=ExternalDocument.Kind.PROCEDURE
    ).order_by("number")


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    intro = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A sentence shown above the questions."),
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False)
    procedure = forms.ModelChoiceField(
        label=_("Administrative procedure"), queryset=None, required=False
    )
    questions = forms.CharField(
        label=_("Questions (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Each is answered from 1 (very dissatisfied) to 5 (very satisfied); at most eight."
        ),
    )
    overall_question = forms.CharField(
        label=_("Overall question"),
        max_length=300,
        help_text=_("Asked last; its answers give the satisfaction rate."),
    )
    uses_receipt_codes = forms.BooleanField(
        label=_("Ask for the receipt code (one answer per code)"), required=False
    )
    receipt_code_optional = forms.BooleanField(
        label=_("The receipt code may be left empty (for people who only came to ask)"),
        required=False,
        help_text=_("Only used when the receipt code is asked for."),
    )

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = agency.units.filter(is_active=True)
        self.fields["procedure"].queryset = procedures_of(agency)

    @classmethod
    def initial_for(cls, survey: Survey) -> dict:
        questions = list(survey.questions.order_by("position"))
        return {
            "title": survey.title,
            "intro": survey.intro,
            "unit": survey.unit,
            "procedure": survey.procedure,
            "questions": "\n".join(q.text for q in questions if not q.is_overall),
            "overall_question": next((q.text for q in questions if q.is_overall), ""),
            "uses_receipt_codes": survey.uses_receipt_codes,
            "receipt_code_optional": survey.receipt_code_optional,
        }

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["questions"] = data["questions"].splitlines()
        return data


class AnswerForm(forms.Form):
    """One radio group per question (1–5), an optional comment, and the receipt code when the
    survey asks for one. Works without JavaScript."""

    comment = forms.CharField(
        label=_("Anything else you want to tell us? (optional)"),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Please do not write your name, phone number or other personal details."),
    )

    def __init__(self, *args, survey: Survey, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                error_messages={"required": _("Choose a value from 1 to 5 for each question.")},
            )
        if survey.uses_receipt_codes:
            self.fields["receipt_code"] = forms.CharField(
                label=_("Code on your dossier receipt"),
                max_length=RECEIPT_MAX,
                required=not survey.receipt_code_optional,
                help_text=_("Each receipt answers once. The code is not stored."),
            )
        self.order_fields(["receipt_code", *(f"q{q.pk}" for q in questions), "comment"])

    def rating_fields(self):
        return [self[f"q{q.pk}"] for q in self.questions]

    def values(self) -> dict[int, int]:
        return {q.pk: self.cleaned_data[f"q{q.pk}"] for q in self.questions}


def _twelve_months_to(end: date) -> date:
    """The first day of the month eleven months before ``end``'s: twelve whole months."""
    index = end.year * 12 + end.month - 1 - 11
    return date(index // 12, index % 12 + 1, 1)


class ResultsFilterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False)
    procedure = forms.ModelChoiceField(
        label=_("Administrative procedure"), queryset=None, required=False
    )
    survey = forms.ModelChoiceField(label=_("Survey"), queryset=None, required=False)
    start = forms.DateField(label=_("From"), required=False, help_text=DATE_HELP)
    end = forms.DateField(label=_("To"), required=False, help_text=DATE_HELP)

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = agency.units.all()
        self.fields["procedure"].queryset = procedures_of(agency)
        self.fields["survey"].queryset = Survey.objects.filter(agency=agency)

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        data["end"] = data.get("end") or today
        data["start"] = data.get("start") or _twelve_months_to(data["end"])
        if data["start"] > data["end"]:
            raise forms.ValidationError(_("The period starts after it ends."))
        return data


class ComplaintForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    description = forms.CharField(
        label=_("What the citizen reported"), widget=forms.Textarea(attrs={"rows": 4})
    )
