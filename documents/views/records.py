"""The records register (ISO 9001:2008 §4.2.4, 2015 §7.5.3) and the disposal of records."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from documents.forms.records import RecordDisposalForm, RecordRegisterFilterForm
from documents.models import RecordDisposal
from documents.selectors.records import (  # noqa: F401 (LOOKBACK_YEARS: read by the tests)
    LOOKBACK_YEARS,
    disposals_due,
    due_series,
    register_procedures,
    register_records,
    with_years,
)
from documents.services.records import record_disposal_register
from qms.agencies.permissions import agency_permission_required
from qms.lib.pagination import Paginator

PAGE_SIZE = 50
# The records register lists all the records of this many procedures per page.
PROCEDURES_PER_PAGE = 20


@agency_permission_required("view_qms")
def record_register_view(request):
    """Hồ sơ cần lưu of every effective procedure, filtered by owner unit and name, a page of
    procedures at a time with all their records."""
    form = RecordRegisterFilterForm(request.GET or None, agency=request.agency)
    unit, query = None, ""
    if form.is_valid():
        unit, query = form.cleaned_data["owner_unit"], form.cleaned_data["q"].strip()
    procedures = register_procedures(agency=request.agency, owner_unit=unit, query=query)
    page = Paginator(procedures, PROCEDURES_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = register_records(page.object_list, query=query)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "documents/record_register.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@require_http_methods(["GET", "POST"])
@agency_permission_required("manage_documents")
def record_disposal(request):
    """Records due for disposal, a form per series to log one year's disposal, and the log."""
    if request.method == "POST":
        form = RecordDisposalForm(request.POST, agency=request.agency)
        if not form.is_valid():
            messages.error(request, _("Choose a record series and a year from the list."))
            return redirect("documents:record-disposal")
        try:
            disposal = record_disposal_register(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Disposal of %(record)s, records of %(year)s, was recorded.")
                % {"record": disposal.record_name, "year": disposal.year},
            )
        return redirect("documents:record-disposal")

    today = timezone.localdate()
    due = Paginator(due_series(agency=request.agency, today=today), PAGE_SIZE)
    log = (
        RecordDisposal.objects.filter(agency=request.agency)
        .select_related("document", "disposed_by")
        .order_by("-disposed_on", "-pk")
    )
    due_page = due.get_page(request.GET.get("page"))
    due_page.object_list = with_years(list(due_page.object_list))
    log_page = Paginator(log, PAGE_SIZE).get_page(request.GET.get("log_page"))
    return render(
        request,
        "documents/record_disposal.html",
        {
            "due": due_page,
            "log": log_page,
            # Each list pages on its own; its links keep the other list's page.
            "due_query": urlencode({"log_page": log_page.number}),
            "log_query": urlencode({"page": due_page.number}),
            "today": today,
        },
    )


urlpatterns = [
    path("records/", record_register_view, name="record-register"),
    path("records/disposal/", record_disposal, name="record-disposal"),
]
