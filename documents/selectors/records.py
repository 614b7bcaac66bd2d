"""Reads of the records register (Hồ sơ cần lưu) and of the records due for disposal."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear, Greatest

from documents.models import Document, RecordDisposal, RecordItem, Revision
from qms.agencies.models import Agency

R = RecordItem.Retention

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
        .order_by("revision__document__code", "order", "pk")
    )


def register_procedures(*, agency: Agency, owner_unit=None, query: str = ""):
    """The effective procedures the records register shows, in code order: those listing a
    record (matching ``query`` by name, or by the procedure's code), of ``owner_unit``.

    The register pages by procedure, so that a page is a range of the agency's code index and
    its records are read for that page alone (``register_records``)."""
    documents = Document.objects.of_agency(agency).filter(
        status=Document.Status.EFFECTIVE, lists_records=True
    )
    if owner_unit is not None:
        documents = documents.filter(owner_unit=owner_unit)
    if query:
        listed = RecordItem.objects.filter(revision=OuterRef("effective_revision"))
        documents = documents.filter(
            Q(code__icontains=query) | Exists(listed.filter(name__icontains=query))
        )
    return documents.order_by("code")


def register_records(documents, *, query: str = "") -> list[RecordItem]:
    """The records of ``documents`` (a page of ``register_procedures``), in their order; with a
    query, those whose name or procedure code matches it."""
    items = RecordItem.objects.filter(
        revision_id__in=[document.effective_revision_id for document in documents]
    )
    if query:
        items = items.filter(
            Q(name__icontains=query) | Q(revision__document__code__icontains=query)
        )
    return list(
        items.select_related("revision__document__owner_unit").order_by(
            "revision__document__code", "order", "pk"
        )
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
        return self.item.retention == R.YEARS_AFTER_EVENT

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


# Whether a series' rule lets any year go at all (``last_year_due`` is not None), as a filter
# on a RecordItem: counted in years with a number of years, or kept until superseded under an
# issue that superseded an earlier one.
_HAS_LAST_YEAR = Q(retention__in=RecordItem.COUNTED, retention_years__isnull=False) | Q(
    retention=R.UNTIL_SUPERSEDED, revision__number__gt=1, revision__effective_date__isnull=False
)


def due_series(*, agency: Agency, today: date) -> QuerySet[RecordItem]:
    """The record series of the effective procedures with at least one year due on ``today``
    and not disposed of, in the register's order, each annotated with ``first_due`` and
    ``last_due``: the range of years its rule lets go (``last_year_due``), from the year the
    procedure's first issue took effect (or LOOKBACK_YEARS back when unknown, and never more
    than MAX_YEARS back). Permanent records never; a series listed twice in one issue once.

    The database decides which series are due, so a page of them reads only its own rows.
    """
    year = today.year
    first_effective = (
        Revision.objects.filter(
            document=OuterRef("revision__document"),
            status__in=Revision.LOCKED,
            effective_date__isnull=False,
        )
        .order_by("effective_date")
        .values("effective_date__year")[:1]
    )
    last_due = Case(
        When(
            Q(retention__in=RecordItem.COUNTED, retention_years__isnull=False),
            then=Value(year - 1) - F("retention_years"),
        ),
        When(
            Q(retention=R.UNTIL_SUPERSEDED, revision__number__gt=1),
            then=ExtractYear("revision__effective_date") - 1,
        ),
        output_field=IntegerField(),
    )
    first_due = Greatest(
        Coalesce(Subquery(first_effective), Value(year - LOOKBACK_YEARS)),
        Value(year - MAX_YEARS),
        output_field=IntegerField(),
    )
    disposed_in_range = (
        RecordDisposal.objects.filter(
            document=OuterRef("revision__document"),
            record_name=OuterRef("name"),
            year__gte=OuterRef("first_due"),
            year__lte=OuterRef("last_due"),
        )
        .order_by()
        .values("document")
        .annotate(n=Count("pk"))
        .values("n")
    )
    listed_before = RecordItem.objects.filter(
        _HAS_LAST_YEAR,
        Q(order__lt=OuterRef("order")) | Q(order=OuterRef("order"), pk__lt=OuterRef("pk")),
        revision=OuterRef("revision"),
        name=OuterRef("name"),
    ).exclude(retention=R.PERMANENT)
    return (
        record_register(agency=agency)
        .exclude(retention=R.PERMANENT)
        .filter(_HAS_LAST_YEAR)
        .annotate(first_due=first_due, last_due=last_due)
        .annotate(disposed=Coalesce(Subquery(disposed_in_range), 0))
        .filter(first_due__lte=F("last_due"), disposed__lt=F("last_due") - F("first_due") + 1)
        .exclude(Exists(listed_before))
    )


def with_years(items: list[RecordItem]) -> list[DueSeries]:
    """``due_series`` rows (a page of them) with the years each may still dispose of: one
    query for the disposals already recorded in their ranges."""
    documents = {item.revision.document_id for item in items}
    disposed = set(
        RecordDisposal.objects.filter(document__in=documents).values_list(
            "document_id", "record_name", "year"
        )
    )
    return [
        DueSeries(
            item=item,
            document=item.revision.document,
            years=[
                year
                for year in range(item.first_due, item.last_due + 1)
                if (item.revision.document_id, item.name, year) not in disposed
            ],
        )
        for item in items
    ]


def disposals_due(*, agency: Agency, today: date) -> list[DueSeries]:
    """Every series due for disposal on ``today`` with its years (two queries)."""
    return with_years(list(due_series(agency=agency, today=today)))
