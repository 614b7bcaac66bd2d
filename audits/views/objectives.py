"""Quality objectives of a year, their measurements, and what follows an objective not met."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.forms import MeasurementForm, ObjectiveForm, ObjectiveNonconformityForm
from audits.models import QualityObjective
from audits.numbers import with_unit
from audits.selectors.improvement import objective_years, objectives_of
from audits.services import objectives as service
from audits.views.common import get_in_agency_or_404, render_page
from audits.workflow import REGISTRARS, check_objective_measure, objective_allowed_actions
from qms.agencies.permissions import agency_permission_required
from qms.lib.checks import passes
from qms.lib.forms import add_service_errors


def evaluate(objective: QualityObjective) -> QualityObjective:
    """Set display fields from the prefetched ``series`` (oldest first): each measurement's
    value and whether it met the target, and the objective's state from the latest one."""
    unit = objective.unit_of_measure
    for measurement in objective.series:
        measurement.met_here = objective.is_met(measurement.value)
        measurement.value_text = with_unit(measurement.value, unit)
    objective.latest = objective.series[-1] if objective.series else None
    objective.target_text = with_unit(objective.target, unit)
    objective.met_now = objective.latest.met_here if objective.latest else None
    return objective


@agency_permission_required("view_qms")
def objective_list(request):
    years = objective_years(request.agency)
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year") or (years[0] if years else this_year))
    except ValueError:
        year = this_year
    objectives = [evaluate(o) for o in objectives_of(agency=request.agency, year=year)]
    return render_page(
        request,
        "audits/objective_list.html",
        {
            "objectives": objectives,
            "year": year,
            "years": sorted(set(years) | {this_year}, reverse=True),
            "met": sum(1 for o in objectives if o.met_now is True),
            "not_met": sum(1 for o in objectives if o.met_now is False),
        },
        tab="objectives",
    )


@agency_permission_required("manage_audits")
def objective_create(request):
    form = ObjectiveForm(
        request.POST or None, agency=request.agency, initial={"year": timezone.localdate().year}
    )
    if request.method == "POST" and form.is_valid():
        try:
            objective = service.objective_save(
                agency=request.agency, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The objective was set."))
            return redirect("audits:objective-detail", objective.pk)
    return render_page(request, "audits/objective_form.html", {"form": form}, tab="objectives")


@login_required
def objective_edit(request, pk: int):
    objective = get_in_agency_or_404(request, QualityObjective.objects.all(), pk, "manage_audits")
    form = ObjectiveForm(request.POST or None, instance=objective, agency=objective.agency)
    if request.method == "POST" and form.is_valid():
        try:
            service.objective_save(
                agency=objective.agency, by=request.user, objective=objective, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The objective was saved."))
            return redirect("audits:objective-detail", objective.pk)
    return render_page(
        request,
        "audits/objective_form.html",
        {"form": form, "objective": objective, "agency_of": objective.agency},
        tab="objectives",
    )


def _get(request, pk: int, *codenames: str) -> QualityObjective:
    return get_in_agency_or_404(
        request,
        QualityObjective.objects.select_related("unit", "responsible"),
        pk,
        *codenames,
    )


@login_required
def objective_detail(request, pk: int):
    objective = _get(request, pk)
    objective.series = list(
        objective.measurements.select_related("measured_by").order_by("period_end")
    )
    evaluate(objective)
    agency = objective.agency
    return render_page(
        request,
        "audits/objective_detail.html",
        {
            "objective": objective,
            "agency_of": agency,
            "actions": objective.actions.select_related("owner").order_by("due_on"),
            "nonconformities": objective.nonconformities.order_by("-year", "-number"),
            "allowed": objective_allowed_actions(objective, request.user),
        },
        tab="objectives",
    )


@login_required
def measurement_create(request, pk: int):
    objective = _get(request, pk)
    if not passes(check_objective_measure, objective, request.user):
        raise PermissionDenied
    form = MeasurementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.measurement_record(objective=objective, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The measurement was recorded."))
            return redirect("audits:objective-detail", objective.pk)
    return render_page(
        request,
        "audits/measurement_form.html",
        {"form": form, "objective": objective, "agency_of": objective.agency},
        tab="objectives",
    )


@login_required
def objective_nonconformity(request, pk: int):
    """One step from an objective not met to its nonconformity in the register."""
    objective = _get(request, pk, *REGISTRARS)
    form = ObjectiveNonconformityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            nonconformity = service.objective_open_nonconformity(
                objective=objective, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Registered as %(code)s.") % {"code": nonconformity.code})
            return redirect("audits:nonconformity-detail", nonconformity.pk)
    return render_page(
        request,
        "audits/objective_nonconformity.html",
        {"form": form, "objective": objective, "agency_of": objective.agency},
        tab="objectives",
    )


urlpatterns = [
    path("objectives/", objective_list, name="objective-list"),
    path("objectives/new/", objective_create, name="objective-create"),
    path("objectives/<int:pk>/", objective_detail, name="objective-detail"),
    path("objectives/<int:pk>/edit/", objective_edit, name="objective-edit"),
    path("objectives/<int:pk>/measurements/new/", measurement_create, name="objective-measure"),
    path(
        "objectives/<int:pk>/nonconformity/",
        objective_nonconformity,
        name="objective-nonconformity",
    ),
]
