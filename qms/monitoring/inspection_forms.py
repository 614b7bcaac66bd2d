"""Forms of the inspections and annual reports."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.agencies.models import Agency, User
from qms.agencies.permissions import holders_of
from qms.agencies.widgets import AgencyPicker
from qms.monitoring.models import InspectionCheck, ReportTemplate
from qms.monitoring.selectors.reports import reporting_agencies
from qms.monitoring.selectors.status import STATUSES, adoption_statuses
from qms.monitoring.services.reports import MAX_TEXT

DATE_HELP = _("Format 25/11/2026.")
LONG = 5000


def _text(label, *, rows: int = 3, required: bool = True, max_length: int = LONG, **kwargs):
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        required=required,
        max_length=max_length,
        **kwargs,
    )


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=255)
    decision_number = forms.CharField(
        label=_("Decision number"),
        max_length=100,
        required=False,
        help_text=_("The number and symbol of the decision or plan, for example 385/KH-UBND."),
    )
    starts_on = forms.DateField(label=_("From"), help_text=DATE_HELP)
    ends_on = forms.DateField(label=_("To"), help_text=DATE_HELP)
    team = forms.ModelMultipleChoiceField(
        label=_("Inspection team"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies to inspect"),
        queryset=Agency.objects.none(),
        widget=AgencyPicker,
    )

    def __init__(self, *args, province: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = holders_of(province, "supervise")
        agencies = reporting_agencies(province)
        # Each agency's status, for the picker's filter: one query for the whole province.
        # The widget goes in before the queryset, which hands it the choices.
        rows = adoption_statuses(agencies, as_of=timezone.localdate())
        self.fields["agencies"].widget = AgencyPicker(
            statuses={row.agency.pk: (row.status, row.status_label) for row in rows},
            status_choices=STATUSES,
        )
        self.fields["agencies"].queryset = agencies


class PlanEditForm(PlanForm):
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=500,
        help_text=_("Kept in the plan's history."),
    )


class ConcludeForm(forms.Form):
    conclusion = _text(_("General conclusion"), rows=6)


class FindingForm(forms.Form):
    description = _text(_("Finding"), rows=4)
    recommendation = _text(_("Recommendation"), required=False)
    open_nonconformity = forms.BooleanField(
        label=_("Register it as a nonconformity of the agency"), required=False
    )


class ChecklistForm(forms.Form):
    """The visit date, the recommendations, and a result and note per checklist line."""

    inspected_on = forms.DateField(label=_("Inspected on"), required=False, help_text=DATE_HELP)
    recommendations = _text(_("Recommendations to the agency"), rows=4, required=False)

    def __init__(self, *args, checks: list[InspectionCheck], **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = []
        for check in checks:
            result = forms.ChoiceField(
                label=check.text, choices=InspectionCheck.Result.choices, initial=check.result
            )
            note = forms.CharField(
                label=_("Note"), required=False, max_length=LONG, initial=check.note
            )
            self.fields[f"result_{check.pk}"] = result
            self.fields[f"note_{check.pk}"] = note
            self.lines.append((check, f"result_{check.pk}", f"note_{check.pk}"))

    def bound_lines(self) -> list[tuple]:
        return [(check, self[result], self[note]) for check, result, note in self.lines]

    def results(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {check.pk: (data[result], data[note]) for check, result, note in self.lines}


def fields_to_text(fields: list[dict]) -> str:
    return "\n".join(f"{f['key']} | {f['label']} | {f['type']}" for f in fields)


class TemplateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    deadline = forms.DateField(label=_("Deadline"), help_text=DATE_HELP)
    fields_text = _text(
        _("Fields"),
        rows=12,
        max_length=20000,
        help_text=_(
            "One field a line: key | label | type (number, text or date). The system fills in "
            "the keys it knows: effective_procedures, tthc_procedures, internal_audits, "
            "nonconformities_raised, nonconformities_closed, last_management_review."
        ),
    )

    def clean_fields_text(self) -> list[dict]:
        fields = []
        for line in self.cleaned_data["fields_text"].splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 3:
                raise ValidationError(_("Each line reads: key | label | type."))
            fields.append({"key": parts[0], "label": parts[1], "type": parts[2]})
        return fields


class ReportForm(forms.Form):
    """One input per field of the report's template."""

    def __init__(self, *args, template: ReportTemplate, **kwargs):
        super().__init__(*args, **kwargs)
        T = ReportTemplate.FieldType
        for field in template.fields:
            label, kind = field["label"], field["type"]
            if kind == T.NUMBER:
                self.fields[field["key"]] = forms.IntegerField(
                    label=label, required=False, min_value=0
                )
            elif kind == T.DATE:
                self.fields[field["key"]] = forms.DateField(
                    label=label, required=False, help_text=DATE_HELP
                )
            else:
                self.fields[field["key"]] = _text(label, required=False, max_length=MAX_TEXT)


class ReturnForm(forms.Form):
    comment = _text(_("What must be corrected"), max_length=2000)
