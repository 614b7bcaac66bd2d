"""The context of the organisation: the register of issues (the climate change decision
first) and of interested parties, read by everyone of the agency and kept by the ISO
secretary; ISO 9001:2015 agencies only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audits.forms.context import ClimateForm, ContextIssueForm, InterestedPartyForm
from audits.models import ContextIssue, InterestedParty, PlannedChange
from audits.services import context as service
from audits.views.common import refused, render_page
from qms.agencies.permissions import agency_permission_required, agency_permissions
from qms.lib.forms import add_service_errors


def _check_used(agency) -> None:
    if not service.uses_context(agency):
        raise Http404


@agency_permission_required("view_qms")
def context_register(request):
    agency = request.agency
    _check_used(agency)
    issues = list(ContextIssue.objects.filter(agency=agency))
    climate = next((issue for issue in issues if issue.is_climate), None)
    manage = "manage_audits" in agency_permissions(request.user, agency)
    initial = (
        {"relevant": "yes" if climate.relevant else "no", "reason": climate.effect}
        if climate
        else {}
    )
    return render_page(
        request,
        "audits/context_register.html",
        {
            "climate": climate,
            "internal": [i for i in issues if i.origin == "internal" and not i.is_climate],
            "external": [i for i in issues if i.origin == "external" and not i.is_climate],
            "parties": InterestedParty.objects.filter(agency=agency),
            "changes": PlannedChange.objects.filter(agency=agency).select_related("owner"),
            "manage": manage,
            "climate_form": ClimateForm(initial=initial) if manage else None,
        },
        tab="context",
    )


def _row_form(request, *, rows, pk, form_class, save, titles: tuple[str, str]):
    """The page that records a row of the register (``pk`` None) or changes one of ``rows``
    (the agency's own; another's is a 404). The form's fields are the row's attributes."""
    _check_used(request.agency)
    row = None
    if pk is not None:
        row = rows.filter(agency=request.agency, pk=pk).first()
        if row is None:
            raise Http404
    initial = {name: getattr(row, name) for name in form_class.base_fields} if row else {}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save(row, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Context register saved."))
            return redirect("audits:context")
    return render_page(
        request,
        "audits/context_form.html",
        {"form": form, "row": row, "form_title": titles[row is None]},
        tab="context",
    )


@agency_permission_required("manage_audits")
def issue_form(request, pk: int | None = None):
    def save(issue, **data):
        service.context_issue_save(agency=request.agency, by=request.user, issue=issue, **data)

    return _row_form(
        request,
        rows=ContextIssue.objects.filter(is_climate=False),
        pk=pk,
        form_class=ContextIssueForm,
        save=save,
        titles=(_("Change an issue"), _("Record an issue")),
    )


@agency_permission_required("manage_audits")
def party_form(request, pk: int | None = None):
    def save(party, **data):
        service.interested_party_save(agency=request.agency, by=request.user, party=party, **data)

    return _row_form(
        request,
        rows=InterestedParty.objects.all(),
        pk=pk,
        form_class=InterestedPartyForm,
        save=save,
        titles=(_("Change an interested party"), _("Record an interested party")),
    )


@require_POST
@agency_permission_required("manage_audits")
def climate_decision(request):
    _check_used(request.agency)
    form = ClimateForm(request.POST)
    if form.is_valid():
        try:
            service.climate_decide(agency=request.agency, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refused(request, error)
        else:
            messages.success(request, _("The climate change decision is recorded."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("audits:context")


@require_POST
@agency_permission_required("manage_audits")
def register_reviewed(request):
    _check_used(request.agency)
    try:
        count = service.context_reviewed(agency=request.agency, by=request.user)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(
            request, _("%(count)s rows of the register dated as reviewed today.") % {"count": count}
        )
    return redirect("audits:context")


urlpatterns = [
    path("context/", context_register, name="context"),
    path("context/issues/new/", issue_form, name="context-issue-create"),
    path("context/issues/<int:pk>/", issue_form, name="context-issue-edit"),
    path("context/parties/new/", party_form, name="context-party-create"),
    path("context/parties/<int:pk>/", party_form, name="context-party-edit"),
    path("context/climate/", climate_decision, name="context-climate"),
    path("context/review/", register_reviewed, name="context-reviewed"),
]
