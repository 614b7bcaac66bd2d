"""Forms of internal audits: programme, plan, team, schedule, checklist, findings, report."""

from django import forms
from django.utils.translation import gettext_lazy as _

from audits.forms import DATE_HELP, _text
from audits.models import Audit, ChecklistItem, Finding, FindingEvidence, RecordingConsent
from audits.services.findings import fieldwork_before_plan
from documents.models import Document, IsoClause
from qms.agencies.models import Agency, Unit, User
from qms.agencies.permissions import holders_of
from qms.agencies.selectors import members_of, unit_here, with_units_in

TIME_HELP = _("Format 08:00.")


class ProgrammeForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    objectives = _text(
        _("Objectives of the programme"),
        help_text=_("For example: check that every process conforms and is effective."),
    )
    criteria = _text(
        _("Audit criteria"),
        required=False,
        help_text=_("Leave empty for the standard the agency applies and its own documents."),
    )


class ProgrammeEditForm(ProgrammeForm):
    year = None
    criteria = _text(_("Audit criteria"))


class DecisionForm(forms.Form):
    comment = _text(_("Comment"), rows=2, required=False)


def _multiple(label, help_text="") -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Unit.objects.none(),
        required=False,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
    )


class AuditPlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    objectives = _text(_("Objectives"))
    start_on = forms.DateField(label=_("From"), help_text=DATE_HELP)
    end_on = forms.DateField(label=_("To"), help_text=DATE_HELP)
    method = forms.ChoiceField(
        label=_("Audit method"),
        choices=Audit.Method.choices,
        initial=Audit.Method.ON_SITE,
        required=False,
        help_text=_("Remote: by video meeting and shared screens; hybrid: partly on site."),
    )
    locations = _text(
        _("Locations"),
        rows=3,
        required=False,
        help_text=_(
            "One per line: a meeting room or address, or a video meeting with its name and link."
        ),
    )
    units = _multiple(_("Units audited"))
    clauses = _multiple(_("Clauses audited"), _("A main clause covers all its sub-clauses."))
    documents = _multiple(_("Procedures audited"))
    scope_note = _text(_("Processes and activities"), required=False)
    criteria = _text(_("Audit criteria"), required=False)
    auditees = _multiple(_("Auditees"), _("They receive the plan by e-mail."))

    def __init__(self, *args, agency: Agency, version: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = agency.units.filter(is_active=True)
        self.fields["clauses"].queryset = IsoClause.objects.filter(
            version=version or agency.iso_version
        )
        self.fields["documents"].queryset = Document.objects.of_agency(agency).effective()
        self.fields["auditees"].queryset = with_units_in(members_of(agency), agency)
        self.fields["auditees"].label_from_instance = _with_unit_in(agency)

    def clean_method(self) -> str:
        # A plan sent without the field (an older form, a script) is an audit on site.
        return self.cleaned_data["method"] or Audit.Method.ON_SITE


def _with_unit_in(agency: Agency):
    """A choice label: the person and the unit they hold in ``agency`` (never a unit of the
    person's other agencies)."""

    def label(user: User) -> str:
        unit = unit_here(user, agency)
        return f"{user} – {unit.name}" if unit else str(user)

    return label


class AssignmentForm(forms.Form):
    auditor = forms.ModelChoiceField(label=_("Auditor"), queryset=User.objects.none())
    is_lead = forms.BooleanField(label=_("Lead auditor"), required=False)
    justification = _text(
        _("Justification for auditing own unit"),
        rows=2,
        required=False,
        help_text=_(
            "Only when the auditor belongs to a unit this audit covers and the agency has "
            "no other auditor for it."
        ),
    )

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        auditors = with_units_in(holders_of(agency, "audit"), agency).order_by("full_name")
        self.fields["auditor"].queryset = auditors
        self.fields["auditor"].label_from_instance = _with_unit_in(agency)


class ScheduleItemForm(forms.Form):
    on = forms.DateField(label=_("Date"), help_text=DATE_HELP)
    starts_at = forms.TimeField(label=_("From"), help_text=TIME_HELP)
    ends_at = forms.TimeField(label=_("To"), help_text=TIME_HELP)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    activity = forms.CharField(label=_("Activity"), max_length=255)
    auditors = forms.CharField(label=_("Auditors"), max_length=255, required=False)

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = agency.units.filter(is_active=True)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ChecklistItemForm(forms.Form):
    question = _text(_("What to check"), rows=2)
    clause = forms.ModelChoiceField(
        label=_("ISO clause"), queryset=IsoClause.objects.none(), required=False
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, agency: Agency, version: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clause"].queryset = IsoClause.objects.filter(
            version=version or agency.iso_version
        )
        self.fields["unit"].queryset = agency.units.filter(is_active=True)


# "Not assessed yet" is the empty result: choosing it clears an answer given by mistake.
RESULT_CHOICES = [("", _("Not assessed yet")), *ChecklistItem.Result.choices]


class AnswerForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Result"), choices=RESULT_CHOICES, required=False, widget=forms.RadioSelect
    )
    evidence = _text(_("Evidence"), rows=2, required=False)


class FindingForm(forms.Form):
    # No default grade: the auditor grades each finding deliberately.
    grade = forms.ChoiceField(
        label=_("Grade"), choices=[("", _("– Choose the grade –")), *Finding.Grade.choices]
    )
    statement = _text(
        _("Finding"), help_text=_("What does not conform, against which requirement.")
    )
    evidence = _text(_("Evidence"), help_text=_("The records, observations or interviews seen."))
    clause = forms.ModelChoiceField(label=_("ISO clause"), queryset=IsoClause.objects.none())
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    document = forms.ModelChoiceField(
        label=_("Document"), queryset=Document.objects.none(), required=False
    )
    checklist_item = forms.ModelChoiceField(
        label=_("Checklist item"), queryset=ChecklistItem.objects.none(), required=False
    )
    confirm_before_plan = forms.BooleanField(
        label=_("I confirm I am recording this before the audit's planned date"),
        required=False,
    )

    def __init__(self, *args, audit, **kwargs):
        super().__init__(*args, **kwargs)
        agency = audit.agency
        self.fields["clause"].queryset = IsoClause.objects.filter(version=audit.iso_version)
        self.fields["unit"].queryset = audit.units.all()
        self.fields["document"].queryset = Document.objects.of_agency(agency)
        self.fields["checklist_item"].queryset = audit.checklist.all()
        if not fieldwork_before_plan(audit):
            del self.fields["confirm_before_plan"]


class AcknowledgeForm(forms.Form):
    comment = _text(
        _("Comment"),
        rows=2,
        required=False,
        help_text=_("Optional: for example if your unit disagrees with the finding."),
    )


class ConclusionForm(forms.Form):
    conclusion = _text(
        _("Conclusion"),
        rows=5,
        help_text=_(
            "Does the system conform to the standard and the agency's documents, and is it "
            "effectively implemented and maintained?"
        ),
    )


class ConsentForm(forms.Form):
    scope = _text(
        _("What your consent covers"),
        rows=2,
        required=False,
        help_text=_("For example: the video meeting of 14/05 and captures of the TTHC software."),
    )


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of evidence"), choices=FindingEvidence.Kind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A document: PDF, Word, Excel, JPEG or PNG; a photo or a screen capture: JPEG or "
            "PNG; a recording: MP4 (video or audio)."
        ),
    )
    consent = forms.ModelChoiceField(
        label=_("Consent of the person shown"),
        queryset=RecordingConsent.objects.none(),
        required=False,
        help_text=_("Needed for a recording or a screen capture."),
    )

    def __init__(self, *args, consents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].queryset = consents
        self.fields["consent"].label_from_instance = lambda consent: str(consent.given_by)
