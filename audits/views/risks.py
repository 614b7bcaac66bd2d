"""The register of risks and opportunities (ISO 9001:2015 agencies only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.forms import RiskEditForm, RiskForm
from audits.models import Band, Risk, band_of
from audits.selectors.improvement import risk_register
from audits.services.risks import risk_save
from audits.views.common import PAGE_SIZE, check_risks_used, get_in_agency_or_404, render_page
from qms.agencies.permissions import agency_permission_required
from qms.lib.forms import add_service_errors
from qms.lib.pagination import Paginator

# Bootstrap colours of the bands.
BAND_CLASSES = {
    Band.LOW: "text-bg-success",
    Band.MEDIUM: "text-bg-warning",
    Band.HIGH: "text-bg-danger",
    Band.VERY_HIGH: "text-bg-dark",
}


def matrix() -> list[dict]:
    """The 5 × 5 matrix, impact across and likelihood down (5 at the top), with bands."""
    return [
        {
            "likelihood": likelihood,
            "cells": [
                {"level": likelihood * impact, "css": BAND_CLASSES[band_of(likelihood * impact)]}
                for impact in range(1, 6)
            ],
        }
        for likelihood in range(5, 0, -1)
    ]


@agency_permission_required("view_qms")
def risk_list(request):
    check_risks_used(request.agency)
    today = timezone.localdate()
    page = Paginator(risk_register(agency=request.agency), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for risk in page:
        band = band_of(risk.level_value)
        risk.band_label, risk.band_css = band.label, BAND_CLASSES[band]
        risk.review_late = risk.review_on is not None and risk.review_on < today
    return render_page(
        request,
        "audits/risk_list.html",
        {"page": page, "matrix": matrix(), "bands": [(b.label, BAND_CLASSES[b]) for b in Band]},
        tab="risks",
    )


@agency_permission_required("manage_audits")
def risk_create(request):
    check_risks_used(request.agency)
    form = RiskForm(request.POST or None, agency=request.agency)
    if request.method == "POST" and form.is_valid():
        try:
            risk = risk_save(agency=request.agency, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Recorded in the register."))
            return redirect("audits:risk-detail", risk.pk)
    return render_page(request, "audits/risk_form.html", {"form": form}, tab="risks")


def _get(request, pk: int, *codenames: str) -> Risk:
    risk = get_in_agency_or_404(
        request, Risk.objects.select_related("unit", "owner"), pk, *codenames
    )
    check_risks_used(risk.agency)
    return risk


@login_required
def risk_detail(request, pk: int):
    risk = _get(request, pk)
    today = timezone.localdate()
    actions = list(risk.actions.select_related("owner").order_by("due_on"))
    for action in actions:
        action.overdue = action.is_overdue(today)
    return render_page(
        request,
        "audits/risk_detail.html",
        {
            "risk": risk,
            "agency_of": risk.agency,
            "band_css": BAND_CLASSES[risk.band],
            "actions": actions,
            "can_manage": request.user.has_perm("qms.manage_audits", risk.agency),
            "history": risk.history.select_related("history_user").order_by("-history_date")[:20],
        },
        tab="risks",
    )


@login_required
def risk_edit(request, pk: int):
    risk = _get(request, pk, "manage_audits")
    form = RiskEditForm(request.POST or None, instance=risk, agency=risk.agency)
    if request.method == "POST" and form.is_valid():
        try:
            risk_save(agency=risk.agency, by=request.user, risk=risk, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The assessment was saved."))
            return redirect("audits:risk-detail", risk.pk)
    return render_page(
        request,
        "audits/risk_form.html",
        {"form": form, "risk": risk, "agency_of": risk.agency},
        tab="risks",
    )


urlpatterns = [
    path("risks/", risk_list, name="risk-list"),
    path("risks/new/", risk_create, name="risk-create"),
    path("risks/<int:pk>/", risk_detail, name="risk-detail"),
    path("risks/<int:pk>/edit/", risk_edit, name="risk-edit"),
]
