"""The nonconformity register: list, registration, the nonconformity's page, edits, history."""

from itertools import chain

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.forms import NonconformityEditForm, NonconformityFilterForm, NonconformityForm
from audits.models import Action, Finding, Nonconformity
from audits.selectors.improvement import nonconformity_register
from audits.services import actions as action_flow
from audits.services import nonconformities
from audits.views.common import (
    PAGE_SIZE,
    get_in_agency_or_404,
    render_page,
)
from audits.workflow import (
    REGISTRARS,
    action_allowed_actions,
    nonconformity_allowed_actions,
)
from qms.agencies.permissions import agency_permission_required
from qms.lib.forms import add_service_errors
from qms.lib.pagination import Paginator

S = Nonconformity.Status
HISTORY_LIMIT = 200


@agency_permission_required("view_qms")
def register(request):
    """Sổ theo dõi sự không phù hợp: every nonconformity of the agency, filtered, paginated."""
    today = timezone.localdate()
    years = list(
        Nonconformity.objects.of_agency(request.agency)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    filters = NonconformityFilterForm(request.GET or None, agency=request.agency, years=years)
    rows = filters.apply(nonconformity_register(agency=request.agency, on=today), today)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render_page(
        request,
        "audits/nonconformity_list.html",
        {"filters": filters, "page": page, "query": query.urlencode()},
        tab="nonconformities",
    )


@agency_permission_required(*REGISTRARS)
def nonconformity_create(request):
    form = NonconformityForm(
        request.POST or None,
        agency=request.agency,
        initial={"detected_on": timezone.localdate(), "detected_by": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            nonconformity = nonconformities.nonconformity_create(
                agency=request.agency, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Registered as %(code)s.") % {"code": nonconformity.code})
            return redirect("audits:nonconformity-detail", nonconformity.pk)
    return render_page(
        request, "audits/nonconformity_form.html", {"form": form}, tab="nonconformities"
    )


@login_required
def nonconformity_detail(request, pk: int):
    nonconformity = get_in_agency_or_404(
        request,
        Nonconformity.objects.select_related(
            "unit",
            "clause",
            "document",
            "objective",
            "detected_by",
            "verified_by",
            "closed_by",
            "change_request__revision",
        ),
        pk,
    )
    today = timezone.localdate()
    actions = list(nonconformity.actions.select_related("owner").order_by("due_on", "pk"))
    for action in actions:
        action.nonconformity, action.agency = nonconformity, nonconformity.agency
        action.overdue = action.is_overdue(today)
        action.allowed = action_allowed_actions(action, request.user)
    return render_page(
        request,
        "audits/nonconformity_detail.html",
        {
            "nc": nonconformity,
            "agency_of": nonconformity.agency,
            "actions": actions,
            "events": nonconformity.events.select_related("by"),
            "finding": Finding.objects.filter(nonconformity=nonconformity).first(),
            "change_request": nonconformity.change_request,
            "revision": getattr(nonconformity.change_request, "revision", None)
            if nonconformity.change_request_id
            else None,
            "allowed": nonconformity_allowed_actions(nonconformity, request.user),
            "evidence_kinds": ", ".join(sorted(action_flow.EVIDENCE_KINDS)),
        },
        tab="nonconformities",
    )


@login_required
def nonconformity_edit(request, pk: int):
    nonconformity = get_in_agency_or_404(request, Nonconformity.objects.all(), pk, "manage_audits")
    form = NonconformityEditForm(
        request.POST or None, instance=nonconformity, agency=nonconformity.agency
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            nonconformities.nonconformity_update(
                nonconformity=nonconformity, by=request.user, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The entry of %(code)s was saved.") % {"code": nonconformity.code}
            )
            return redirect("audits:nonconformity-detail", nonconformity.pk)
    return render_page(
        request,
        "audits/nonconformity_form.html",
        {"form": form, "nc": nonconformity, "agency_of": nonconformity.agency},
        tab="nonconformities",
    )


@login_required
def nonconformity_history(request, pk: int):
    """Every change to the nonconformity and its actions, with the person and the reason."""
    nonconformity = get_in_agency_or_404(request, Nonconformity.objects.all(), pk)
    own = nonconformity.history.select_related("history_user").order_by("-history_date")
    of_actions = (
        Action.history.filter(nonconformity_id=nonconformity.pk)
        .select_related("history_user")
        .order_by("-history_date")
    )
    rows = sorted(
        chain(
            ({"row": row, "what": row.code} for row in own[:HISTORY_LIMIT]),
            ({"row": row, "what": row.title} for row in of_actions[:HISTORY_LIMIT]),
        ),
        key=lambda entry: entry["row"].history_date,
        reverse=True,
    )[:HISTORY_LIMIT]
    return render_page(
        request,
        "audits/nonconformity_history.html",
        {"nc": nonconformity, "agency_of": nonconformity.agency, "rows": rows},
        tab="nonconformities",
    )


urlpatterns = [
    path("nonconformities/", register, name="nonconformity-list"),
    path("nonconformities/new/", nonconformity_create, name="nonconformity-create"),
    path("nonconformities/<int:pk>/", nonconformity_detail, name="nonconformity-detail"),
    path("nonconformities/<int:pk>/edit/", nonconformity_edit, name="nonconformity-edit"),
    path("nonconformities/<int:pk>/history/", nonconformity_history, name="nonconformity-history"),
]
