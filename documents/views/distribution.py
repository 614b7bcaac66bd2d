"""Distribution of a revision, the "Đã đọc và hiểu" acknowledgement and its coverage."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from documents.forms.distribution import DistributionForm
from documents.selectors.distribution import (
    LATE_AFTER_DAYS,
    acknowledgement_due,
    coverage_by_unit,
    distributed_effective_revisions,
    is_recipient,
    late_recipients,
    previous_distributed,
)
from documents.services.distribution import (
    DISTRIBUTABLE,
    acknowledgement_record,
    distribution_add,
    distribution_copy_previous,
)
from documents.views.common import get_revision_or_404
from qms.agencies.permissions import agency_permission_required, agency_permissions
from qms.lib.forms import add_service_errors

PAGE_SIZE = 25
LATE_PAGE_SIZE = 50


def _distributed(rows) -> str:
    return ngettext(
        "Added %(count)s entry to the distribution list.",
        "Added %(count)s entries to the distribution list.",
        len(rows),
    ) % {"count": len(rows)}


def _percent(done: int, expected: int) -> int | None:
    return round(100 * done / expected) if expected else None


@login_required
def revision_distribution(request, pk: int):
    """Who received a revision, how many acknowledged (per unit) and who is late. The ISO
    secretary adds recipients here; recipients see the page too, without the late list."""
    revision = get_revision_or_404(request, pk)
    manager = "manage_documents" in agency_permissions(request.user, revision.document.agency)
    recipient = is_recipient(revision, request.user)
    if not (manager or recipient):
        raise PermissionDenied
    can_distribute = manager and revision.status in DISTRIBUTABLE
    data = request.POST if request.method == "POST" else None
    form = DistributionForm(data, revision=revision) if can_distribute else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                rows = distribution_add(revision=revision, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _distributed(rows))
                return redirect("documents:revision-distribution", revision.pk)
    return render(
        request,
        "documents/distribution_detail.html",
        _detail_context(request, revision, manager=manager, recipient=recipient, form=form),
    )


def _detail_context(request, revision, *, manager: bool, recipient: bool, form) -> dict:
    units = coverage_by_unit(revision)
    expected = sum(row["expected"] for row in units)
    done = sum(row["acknowledged"] for row in units)
    for row in units:
        row["percent"] = _percent(row["acknowledged"], row["expected"])
    late = None
    if manager:
        late = Paginator(late_recipients(revision), LATE_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        today = timezone.localdate()
        for person in late:
            person.due = acknowledgement_due(revision, person.reached_at)
            person.days_late = (today - person.due).days
    mine = revision.acknowledgements.filter(user=request.user).first() if recipient else None
    return {
        "revision": revision,
        "document": revision.document,
        "distributions": revision.distributions.select_related("unit", "user", "distributed_by"),
        "units": units,
        "expected": expected,
        "acknowledged": done,
        "percent": _percent(done, expected),
        "late": late,
        "late_after_days": LATE_AFTER_DAYS,
        "form": form,
        "previous": previous_distributed(revision) if form is not None else None,
        "is_recipient": recipient,
        "my_acknowledgement": mine,
        "can_acknowledge": recipient and mine is None and revision.status == "effective",
    }


@login_required
@require_POST
def revision_distribution_copy(request, pk: int):
    """One click: the same recipients as the previous distributed issue."""
    revision = get_revision_or_404(request, pk, "manage_documents")
    try:
        rows = distribution_copy_previous(revision=revision, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _distributed(rows))
    return redirect("documents:revision-distribution", revision.pk)


@login_required
@require_POST
def revision_acknowledge(request, pk: int):
    """ "Đã đọc và hiểu": only a recipient, only an effective revision, only once."""
    revision = get_revision_or_404(request, pk)
    try:
        acknowledgement_record(revision=revision, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("You confirmed that you have read and understood %(code)s, issue %(number)s.")
            % {"code": revision.document.code, "number": f"{revision.number:02}"},
        )
    return redirect("documents:revision-detail", revision.pk)


@agency_permission_required("manage_documents")
def acknowledgement_overview(request):
    """Every distributed effective revision of the agency with its coverage and late count."""
    revisions = distributed_effective_revisions(agency=request.agency)
    page = Paginator(revisions, PAGE_SIZE).get_page(request.GET.get("page"))
    for revision in page:
        revision.percent = _percent(revision.acknowledged, revision.expected)
        revision.complete = revision.expected > 0 and revision.acknowledged == revision.expected
    return render(
        request,
        "documents/acknowledgement_overview.html",
        {"page": page, "late_after_days": LATE_AFTER_DAYS},
    )


urlpatterns = [
    path("revisions/<int:pk>/distribution/", revision_distribution, name="revision-distribution"),
    path(
        "revisions/<int:pk>/distribution/copy/",
        revision_distribution_copy,
        name="revision-distribution-copy",
    ),
    path("revisions/<int:pk>/acknowledge/", revision_acknowledge, name="revision-acknowledge"),
    path("acknowledgements/", acknowledgement_overview, name="acknowledgement-overview"),
]
