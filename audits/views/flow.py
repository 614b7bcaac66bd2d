"""The steps of a nonconformity: one view per transition, each one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audits.forms import AnalysisForm, CloseForm, DocumentChangeForm, ReasonForm, VerifyForm
from audits.models import Nonconformity
from audits.services import nonconformities, nonconformity_actions
from audits.views.common import get_in_agency_or_404, refused, render_page
from audits.workflow import VERIFIERS
from qms.lib.forms import add_service_errors


def _get(request, pk: int, *codenames: str) -> Nonconformity:
    return get_in_agency_or_404(
        request, Nonconformity.objects.select_related("document"), pk, *codenames
    )


def _back(nonconformity: Nonconformity):
    return redirect("audits:nonconformity-detail", nonconformity.pk)


def _step_page(request, nonconformity, form, *, title: str, lead: str, button: str):
    return render_page(
        request,
        "audits/nonconformity_step.html",
        {
            "nc": nonconformity,
            "agency_of": nonconformity.agency,
            "form": form,
            "step_title": title,
            "step_lead": lead,
            "button": button,
        },
        tab="nonconformities",
    )


@login_required
def nonconformity_analyse(request, pk: int):
    nonconformity = _get(request, pk, "manage_audits")
    form = AnalysisForm(request.POST or None, initial=AnalysisForm.initial_for(nonconformity))
    if request.method == "POST" and form.is_valid():
        try:
            nonconformities.nonconformity_analyse(
                nonconformity=nonconformity,
                by=request.user,
                correction=form.cleaned_data["correction"],
                whys=form.whys(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The correction and the root cause were recorded."))
            return _back(nonconformity)
    return _step_page(
        request,
        nonconformity,
        form,
        title=_("Correction and root cause"),
        lead=_(
            "Record what was corrected at once, then ask “why?” up to five times; the last "
            "answer is the root cause that the corrective actions must remove."
        ),
        button=_("Save the analysis"),
    )


@login_required
@require_POST
def nonconformity_start(request, pk: int):
    nonconformity = _get(request, pk, "manage_audits")
    try:
        nonconformity_actions.nonconformity_start(nonconformity=nonconformity, by=request.user)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("The action plan started; the owners carry out their actions."))
    return _back(nonconformity)


@login_required
def nonconformity_verify(request, pk: int):
    nonconformity = _get(request, pk, *VERIFIERS)
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            nonconformity_actions.nonconformity_verify(
                nonconformity=nonconformity, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if form.cleaned_data["result"] == Nonconformity.Effectiveness.EFFECTIVE:
                messages.success(request, _("Verified effective. The ISO secretary may close it."))
            else:
                messages.success(request, _("Verified not effective: the action plan is reopened."))
            return _back(nonconformity)
    return _step_page(
        request,
        nonconformity,
        form,
        title=_("Verify effectiveness"),
        lead=_(
            "Check that the actions removed the cause and the nonconformity does not recur. "
            "Nobody verifies their own actions."
        ),
        button=_("Record the verification"),
    )


@login_required
@require_POST
def nonconformity_close(request, pk: int):
    nonconformity = _get(request, pk, "manage_audits")
    form = CloseForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        nonconformity_actions.nonconformity_close(
            nonconformity=nonconformity, by=request.user, comment=comment
        )
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("%(code)s is closed.") % {"code": nonconformity.code})
    return _back(nonconformity)


@login_required
def nonconformity_cancel(request, pk: int):
    nonconformity = _get(request, pk, "manage_audits")
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            nonconformities.nonconformity_cancel(
                nonconformity=nonconformity, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(code)s was cancelled.") % {"code": nonconformity.code})
            return _back(nonconformity)
    return _step_page(
        request,
        nonconformity,
        form,
        title=_("Cancel the nonconformity"),
        lead=_("For an entry made by mistake or twice. Its open actions are cancelled too."),
        button=_("Cancel the nonconformity"),
    )


@login_required
def nonconformity_change_request(request, pk: int):
    nonconformity = _get(request, pk, "manage_audits")
    form = DocumentChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            nonconformities.nonconformity_request_document_change(
                nonconformity=nonconformity, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The change request was sent to whoever decides them."))
            return _back(nonconformity)
    return _step_page(
        request,
        nonconformity,
        form,
        title=_("Ask for a change to the document"),
        lead=_(
            "A change request with the source “Nonconformity” opens on the document; its "
            "progress shows on this page."
        ),
        button=_("Send the request"),
    )


urlpatterns = [
    path("nonconformities/<int:pk>/analysis/", nonconformity_analyse, name="nonconformity-analyse"),
    path("nonconformities/<int:pk>/start/", nonconformity_start, name="nonconformity-start"),
    path(
        "nonconformities/<int:pk>/verification/",
        nonconformity_verify,
        name="nonconformity-verify",
    ),
    path("nonconformities/<int:pk>/closure/", nonconformity_close, name="nonconformity-close"),
    path(
        "nonconformities/<int:pk>/cancellation/",
        nonconformity_cancel,
        name="nonconformity-cancel",
    ),
    path(
        "nonconformities/<int:pk>/change-request/",
        nonconformity_change_request,
        name="nonconformity-change-request",
    ),
]
