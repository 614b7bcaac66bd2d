"""Actions: the agency's list, an action's page, planning one for a nonconformity, an objective,
a risk or a review, completing it with evidence, cancelling it, its evidence file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.forms import ActionCompleteForm, ActionFilterForm, ActionForm, ReasonForm
from audits.models import Action, ManagementReview, Nonconformity, QualityObjective, Risk
from audits.selectors.improvement import action_register
from audits.services import actions as flow
from audits.views.common import (
    PAGE_SIZE,
    check_risks_used,
    get_in_agency_or_404,
    render_page,
)
from audits.workflow import action_allowed_actions
from qms.agencies.permissions import agency_permission_required
from qms.lib.forms import add_service_errors
from qms.lib.pagination import Paginator

TABS = {
    Nonconformity: "nonconformities",
    ManagementReview: "reviews",
    QualityObjective: "objectives",
    Risk: "risks",
}


def parent_url(parent) -> str:
    name = {
        Nonconformity: "audits:nonconformity-detail",
        ManagementReview: "audits:review-detail",
        QualityObjective: "audits:objective-detail",
        Risk: "audits:risk-detail",
    }[type(parent)]
    return reverse(name, args=[parent.pk])


@agency_permission_required("view_qms")
def action_list(request):
    today = timezone.localdate()
    filters = ActionFilterForm(request.GET or None)
    rows = filters.apply(action_register(agency=request.agency), request.user, today)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for action in page:
        action.overdue = action.is_overdue(today)
        action.parent_url = parent_url(action.parent)
    query = request.GET.copy()
    query.pop("page", None)
    return render_page(
        request,
        "audits/action_list.html",
        {"filters": filters, "page": page, "query": query.urlencode()},
        tab="actions",
    )


def _get_action(request, pk: int, *codenames: str) -> Action:
    return get_in_agency_or_404(
        request,
        Action.objects.select_related(
            "owner", "created_by", "done_by", "nonconformity", "review", "objective", "risk"
        ),
        pk,
        *codenames,
    )


@login_required
def action_detail(request, pk: int):
    action = _get_action(request, pk)
    return render_page(
        request,
        "audits/action_detail.html",
        {
            "action": action,
            "agency_of": action.agency,
            "parent": action.parent,
            "parent_url": parent_url(action.parent),
            "overdue": action.is_overdue(),
            "allowed": action_allowed_actions(action, request.user),
            "history": action.history.select_related("history_user").order_by("-history_date")[:50],
        },
        tab=TABS[type(action.parent)],
    )


def _plan(request, parent, *, heading: str):
    """The form that adds an action (or a review's decision) to ``parent``."""
    form = ActionForm(request.POST or None, agency=parent.agency, parent=parent)
    if request.method == "POST" and form.is_valid():
        try:
            flow.action_create(parent=parent, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The action was planned and its owner told."))
            return redirect(parent_url(parent))
    return render_page(
        request,
        "audits/action_form.html",
        {
            "form": form,
            "parent": parent,
            "parent_url": parent_url(parent),
            "heading": heading,
            "agency_of": parent.agency,
        },
        tab=TABS[type(parent)],
    )


@login_required
def nonconformity_action_create(request, pk: int):
    nonconformity = get_in_agency_or_404(request, Nonconformity.objects.all(), pk, "manage_audits")
    return _plan(
        request,
        nonconformity,
        heading=_("Add an action to %(code)s") % {"code": nonconformity.code},
    )


@login_required
def objective_action_create(request, pk: int):
    objective = get_in_agency_or_404(request, QualityObjective.objects.all(), pk, "manage_audits")
    return _plan(request, objective, heading=_("Add an improvement action to the objective"))


@login_required
def risk_action_create(request, pk: int):
    risk = get_in_agency_or_404(request, Risk.objects.all(), pk, "manage_audits")
    check_risks_used(risk.agency)
    return _plan(request, risk, heading=_("Add a treatment action"))


@login_required
def review_decision_create(request, pk: int):
    review = get_in_agency_or_404(request, ManagementReview.objects.all(), pk, "manage_audits")
    return _plan(request, review, heading=_("Record a decision to carry out"))


@login_required
def action_complete(request, pk: int):
    action = _get_action(request, pk)
    # The owner completes; the ISO secretary may record it for them.
    if action.owner_id != request.user.pk and not request.user.has_perm(
        "qms.manage_audits", action.agency
    ):
        raise PermissionDenied
    form = ActionCompleteForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            flow.action_complete(
                action=action,
                by=request.user,
                evidence=form.cleaned_data["evidence"],
                upload=form.cleaned_data["evidence_file"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The action is recorded as done."))
            return redirect("audits:action-detail", action.pk)
    return render_page(
        request,
        "audits/action_complete.html",
        {"action": action, "form": form, "agency_of": action.agency},
        tab=TABS[type(action.parent)],
    )


@login_required
def action_cancel(request, pk: int):
    action = _get_action(request, pk, "manage_audits")
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            flow.action_cancel(action=action, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The action was cancelled."))
            return redirect(parent_url(action.parent))
    return render_page(
        request,
        "audits/action_cancel.html",
        {"action": action, "form": form, "agency_of": action.agency},
        tab=TABS[type(action.parent)],
    )


@login_required
def action_evidence(request, pk: int):
    action = _get_action(request, pk)
    if not action.evidence_file:
        # Evidence written in words only: it is on the action's page.
        return redirect("audits:action-detail", action.pk)
    return FileResponse(
        action.evidence_file.open("rb"), as_attachment=True, filename=action.evidence_name
    )


urlpatterns = [
    path("actions/", action_list, name="action-list"),
    path("actions/<int:pk>/", action_detail, name="action-detail"),
    path("actions/<int:pk>/completion/", action_complete, name="action-complete"),
    path("actions/<int:pk>/cancellation/", action_cancel, name="action-cancel"),
    path("actions/<int:pk>/evidence/", action_evidence, name="action-evidence"),
    path(
        "nonconformities/<int:pk>/actions/new/",
        nonconformity_action_create,
        name="nonconformity-action-create",
    ),
    path(
        "objectives/<int:pk>/actions/new/", objective_action_create, name="objective-action-create"
    ),
    path("risks/<int:pk>/actions/new/", risk_action_create, name="risk-action-create"),
    path("reviews/<int:pk>/decisions/new/", review_decision_create, name="review-decision-create"),
]
