from django import forms
from django.utils.translation import gettext_lazy as _

from documents.models import DocumentType


def _default(name: str):
    return DocumentType._meta.get_field(name).default


class DocumentTypeForm(forms.ModelForm):
    """A document type and its code scheme. The service checks the pattern and the prefix."""

    review_period_months = forms.IntegerField(
        label=_("Review period (months)"),
        min_value=1,
        max_value=120,
        initial=_default("review_period_months"),
        help_text=_("How often an effective document of this type is reviewed."),
    )
    reviewers_required = forms.IntegerField(
        label=_("Reviewers required"),
        min_value=1,
        max_value=10,
        initial=_default("reviewers_required"),
        help_text=_("How many reviewers must pass a revision before it goes to the approver."),
    )

    class Meta:
        model = DocumentType
        fields = [
            "kind",
            "name",
            "prefix",
            "code_pattern",
            "review_period_months",
            "reviewers_required",
            "is_active",
        ]
        labels = {
            "kind": _("Kind"),
            "name": _("Name"),
            "prefix": _("Code prefix"),
            "code_pattern": _("Code pattern"),
            "is_active": _("In use"),
        }

    def validate_unique(self):
        # A prefix is unique per agency; the service knows the agency and checks it.
        pass
