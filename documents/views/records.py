"""The records register (ISO 9001:2008 §4.2.4, 2015 §7.5.3) and the disposal of records."""

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Min, Q
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from documents.forms.records import RecordDisposalForm, RecordRegisterFilterForm
from documents.models import Document, RecordDisposal, RecordItem, Revision
from documents.selectors.records import record_register
from documents.services.records import last_year_due, record_disposal_register
from qms.agencies.models import Agency
from qms.agencies.permissions import agency_permission_required

PAGE_SIZE = 50
# When a procedure's first effective date is unknown, look this many years back.
LOOKBACK_YEARS = 20
# However old a procedure, never list more years than this for one series.
MAX_YEARS = 100


@agency_permission_required("view_qms")
def record_register_view(request):
    """Hồ sơ cần lưu of every effective procedure, filtered by owner unit and name."""
    records = record_register(agency=request.agency)
    form = RecordRegisterFilterForm(request.GET or None, agency=request.agency)
    if form.is_valid():
        if unit := form.cleaned_data["owner_unit"]:
            records = records.filter(revision__document__owner_unit=unit)
        if query := form.cleaned_data["q"].strip():
            records = records.filter(
                Q(name__icontains=query) | Q(revision__document__code__icontains=query)
            )
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "documents/record_register.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@dataclass
class DueSeries:
    """A record series with years whose retention has ended and that are not disposed of."""

    item: RecordItem
    document: Document
    years: list[int] = field(default_factory=list)

    @property
    def counted_from_event(self) -> bool:
        """Counted from an event no date here records: the secretary checks it has passed."""
        return self.item.retention == RecordItem.Retention.YEARS_AFTER_EVENT

    @property
    def years_label(self) -> str:
        """The years as ranges: "2004–2019, 2021"."""
        ranges, start = [], None
        for index, year in enumerate(self.years):
            start = year if start is None else start
            if index + 1 == len(self.years) or self.years[index + 1] != year + 1:
                ranges.append(str(year) if start == year else f"{start}–{year}")
                start = None
        return ", ".join(ranges)


def disposals_due(*, agency: Agency, today: date) -> list[DueSeries]:
    """Per record series of the effective procedures, the years its retention rule lets go
    on ``today`` (``last_year_due``): N years, until superseded, and N years after an event
    (listed for the secretary to judge); permanent records never.

    Years run from the year the procedure's first issue took effect (or LOOKBACK_YEARS back
    when unknown, and never more than MAX_YEARS back) to the last year due, minus the years
    already disposed of. Three queries, whatever the number of series.
    """
    items = list(record_register(agency=agency).exclude(retention=RecordItem.Retention.PERMANENT))
    first_effective = dict(
        Revision.objects.filter(document__agency=agency, status__in=Revision.LOCKED)
        .values("document_id")
        .annotate(first=Min("effective_date"))
        .values_list("document_id", "first")
    )
    disposed = set(
        RecordDisposal.objects.filter(agency=agency).values_list(
            "document_id", "record_name", "year"
        )
    )
    due, seen = [], set()
    for item in items:
        document = item.revision.document
        key = (document.pk, item.name)
        last = last_year_due(item, today=today)
        if key in seen or last is None:  # the same record listed twice in one issue
            continue
        seen.add(key)
        first = first_effective.get(document.pk)
        start = first.year if first else today.year - LOOKBACK_YEARS
        start = max(start, today.year - MAX_YEARS)
        years = [
            year
            for year in range(start, last + 1)
            if (document.pk, item.name, year) not in disposed
        ]
        if years:
            due.append(DueSeries(item=item, document=document, years=years))
    return due


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
    due = Paginator(disposals_due(agency=request.agency, today=today), PAGE_SIZE)
    log = (
        RecordDisposal.objects.filter(agency=request.agency)
        .select_related("document", "disposed_by")
        .order_by("-disposed_on", "-pk")
    )
    due_page = due.get_page(request.GET.get("page"))
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
