"""The move to the next edition of TCVN ISO 9001: the plan with its clauses, read by everyone
of the agency and the Sở; kept by the ISO secretary (and each clause's owner); switched by the
leader."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audits.forms.transition import TransitionItemForm, TransitionSwitchForm, TransitionTargetForm
from audits.models import EditionTransition, TransitionItem
from audits.services import transition as service
from audits.views.common import check_risks_used, refused, render_page
from qms.agencies.permissions import agency_permission_required, agency_permissions
from qms.lib.forms import add_service_errors


def _latest_plan(agency) -> EditionTransition | None:
    return (
        EditionTransition.objects.filter(agency=agency)
        .select_related("to_edition", "planned_by", "switched_by")
        .order_by("-planned_on", "-pk")
        .first()
    )


@agency_permission_required("view_qms")
def transition_page(request):
    agency = request.agency
    check_risks_used(agency)
    perms = agency_permissions(request.user, agency)
    plan = _latest_plan(agency)
    items = []
    if plan is not None:
        items = list(plan.items.select_related("clause", "owner").prefetch_related("documents"))
    is_open = plan is not None and plan.switched_on is None
    upcoming = service.next_edition(agency) if not is_open else None
    covered = sum(1 for item in items if item.covered_on)
    return render_page(
        request,
        "audits/transition.html",
        {
            "plan": plan,
            "items": items,
            "covered": covered,
            "percent": round(100 * covered / len(items)) if items else 0,
            "is_open": is_open,
            "upcoming": upcoming,
            "plan_form": TransitionTargetForm() if upcoming and service.PLAN in perms else None,
            "target_form": TransitionTargetForm(initial={"target_on": plan.target_on})
            if is_open and service.PLAN in perms
            else None,
            "switch_form": TransitionSwitchForm() if is_open and service.SWITCH in perms else None,
            "manage": service.PLAN in perms,
        },
        tab="transition",
    )


def _target_post(request, call) -> None:
    form = TransitionTargetForm(request.POST)
    if form.is_valid():
        try:
            call(target_on=form.cleaned_data["target_on"])
        except ValidationError as error:
            refused(request, error)
        else:
            messages.success(request, _("The transition plan is saved."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)


@require_POST
@agency_permission_required(service.PLAN)
def transition_start(request):
    check_risks_used(request.agency)
    _target_post(
        request,
        lambda **data: service.transition_plan(agency=request.agency, by=request.user, **data),
    )
    return redirect("audits:transition")


@require_POST
@agency_permission_required(service.PLAN)
def transition_target(request):
    plan = _latest_plan(request.agency)
    if plan is None:
        raise Http404
    _target_post(
        request,
        lambda **data: service.transition_retarget(plan=plan, by=request.user, **data),
    )
    return redirect("audits:transition")


@require_POST
@agency_permission_required(service.SWITCH)
def transition_switch(request):
    plan = _latest_plan(request.agency)
    if plan is None:
        raise Http404
    form = TransitionSwitchForm(request.POST)
    form.is_valid()
    try:
        service.transition_switch(plan=plan, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(
            request,
            _("The agency applies %(edition)s from today.") % {"edition": plan.to_edition.name},
        )
    return redirect("audits:transition")


@agency_permission_required("view_qms")
def item_form(request, pk: int):
    """A clause of the plan, for the ISO secretary and the clause's owner; an item of an agency
    the person cannot see is a 404, anyone else of the agency gets a 403."""
    item = (
        TransitionItem.objects.filter(pk=pk)
        .select_related("clause", "owner", "transition__agency")
        .first()
    )
    if item is None or not request.user.has_perm("qms.view_qms", item.transition.agency):
        raise Http404
    agency = item.transition.agency
    if service.PLAN not in agency_permissions(request.user, agency) and (
        item.owner_id != request.user.pk
    ):
        raise PermissionDenied
    initial = {
        "owner": item.owner,
        "evidence": item.evidence,
        "documents": list(item.documents.all()),
    }
    form = TransitionItemForm(request.POST or None, agency=agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service.transition_item_save(item=item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Clause %(number)s saved.") % {"number": item.clause.number}
            )
            return redirect("audits:transition")
    return render_page(
        request,
        "audits/transition_item.html",
        {"form": form, "item": item, "agency_of": agency},
        tab="transition",
    )


urlpatterns = [
    path("transition/", transition_page, name="transition"),
    path("transition/plan/", transition_start, name="transition-start"),
    path("transition/target/", transition_target, name="transition-target"),
    path("transition/switch/", transition_switch, name="transition-switch"),
    path("transition/items/<int:pk>/", item_form, name="transition-item"),
]
