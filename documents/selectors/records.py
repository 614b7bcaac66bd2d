"""Reads of the records register (Hồ sơ cần lưu) and of the records due for disposal."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Min

from documents.models import Document, RecordDisposal, RecordItem, Revision
from documents.services.records import last_year_due
from qms.agencies.models import Agency

# When a procedure's first effective date is unknown, look this many years back.
LOOKBACK_YEARS = 20
# However old a procedure, never list more years than this for one series.
MAX_YEARS = 100


def record_register(*, agency: Agency):
    """The records register: the "Hồ sơ cần lưu" rows of every effective procedure."""
    return (
        RecordItem.objects.filter(
            revision__document__agency=agency, revision__status=Revision.Status.EFFECTIVE
        )
        .select_related("revision__document__owner_unit")
        .order_by("revision__document__code", "order")
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
