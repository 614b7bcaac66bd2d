"""Which edition of TCVN ISO 9001 each agency applied on a given day, and how far its move to
the next one had gone: read from the plans' dates and the history of their targets and clauses,
so any past day reads as it was. At most three queries for any number of agencies (the
editions, the plans, the clauses covered of the plans found)."""

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from audits.models import EditionTransition, TransitionItem
from documents.models import IsoEdition
from qms.agencies.models import Agency


@dataclass
class AgencyEdition:
    agency: Agency
    edition: str  # the code of the edition applied on the day
    plan: EditionTransition | None = None  # planned by the day and not yet switched
    covered: int = 0
    total: int = 0
    misses_deadline: bool = False

    @property
    def percent(self) -> float:
        return round(100 * self.covered / self.total, 1) if self.total else 0.0


@dataclass
class EditionFigures:
    """How many agencies applied each edition on ``as_of``, those moving to the next, and
    those that will miss the Ministry's deadline (when one is set)."""

    as_of: date
    editions: list[IsoEdition]
    rows: list[AgencyEdition]
    deadline_edition: IsoEdition | None = None
    counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.counts = {edition.code: 0 for edition in self.editions}
        for row in self.rows:
            self.counts[row.edition] = self.counts.get(row.edition, 0) + 1

    def edition_table(self) -> list[tuple[IsoEdition, int]]:
        return [(edition, self.counts[edition.code]) for edition in self.editions]

    @property
    def moving(self) -> list[AgencyEdition]:
        return [row for row in self.rows if row.plan is not None]

    @property
    def moving_percent(self) -> float:
        """The share of the clauses to cover that the moving agencies have covered."""
        total = sum(row.total for row in self.moving)
        return round(100 * sum(row.covered for row in self.moving) / total, 1) if total else 0.0

    @property
    def missing(self) -> list[AgencyEdition]:
        return [row for row in self.rows if row.misses_deadline]

    @property
    def moving_count(self) -> int:
        return len(self.moving)

    @property
    def missing_count(self) -> int:
        return len(self.missing)

    def grouped(self, key: Callable[[Agency], Hashable]) -> dict[Hashable, "EditionGroup"]:
        """The same figures for each group of agencies (a province of the national roll-up),
        in one pass."""
        groups: dict[Hashable, EditionGroup] = {}
        for row in self.rows:
            group = groups.setdefault(key(row.agency), EditionGroup(self.editions))
            group.counts[row.edition] = group.counts.get(row.edition, 0) + 1
            group.moving += row.plan is not None
            group.missing += row.misses_deadline
        return groups


@dataclass
class EditionGroup:
    editions: list[IsoEdition]
    counts: dict[str, int] = field(default_factory=dict)
    moving: int = 0
    missing: int = 0

    def edition_counts(self) -> list[int]:
        return [self.counts.get(edition.code, 0) for edition in self.editions]


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _then(model, field: str, as_of: date) -> Subquery:
    """``field`` of the row's last history entry made by the end of ``as_of``."""
    return Subquery(
        model.history.filter(id=OuterRef("pk"), history_date__lt=_end_of(as_of))
        .order_by("-history_date", "-history_id")
        .values(field)[:1]
    )


def _plans_on(agency_ids: list[int], as_of: date):
    """The plans of the agencies with their clause count and their target date as it stood
    on ``as_of`` (a target changed later does not rewrite the past)."""
    return (
        EditionTransition.objects.filter(agency__in=agency_ids)
        .select_related("to_edition")
        .annotate(
            total=Count("items"),
            target_then=Coalesce(_then(EditionTransition, "target_on", as_of), F("target_on")),
        )
        .order_by("planned_on", "pk")
    )


def _covered_on(plan_ids: list[int], as_of: date) -> dict[int, int]:
    """Per plan, the clauses that had evidence at the end of ``as_of``, read from the items'
    history: evidence cleared later still counts for the days it was there."""
    if not plan_ids:
        return {}
    return dict(
        TransitionItem.objects.filter(transition__in=plan_ids)
        .annotate(covered_then=_then(TransitionItem, "covered_on", as_of))
        .filter(covered_then__lte=as_of)
        .values("transition")
        .annotate(count=Count("pk"))
        .values_list("transition", "count")
    )


def editions_on(agencies: Iterable[Agency], *, as_of: date) -> EditionFigures:
    agencies = list(agencies)
    editions = list(IsoEdition.objects.order_by("code"))
    deadline_edition = next(
        (edition for edition in reversed(editions) if edition.transition_deadline), None
    )
    found = list(_plans_on([agency.pk for agency in agencies], as_of))
    covered = _covered_on([plan.pk for plan in found], as_of)
    plans: dict[int, list[EditionTransition]] = {}
    for plan in found:
        plan.covered = covered.get(plan.pk, 0)
        plans.setdefault(plan.agency_id, []).append(plan)
    rows = [_row(agency, plans.get(agency.pk, []), as_of, deadline_edition) for agency in agencies]
    return EditionFigures(as_of, editions, rows, deadline_edition)


@dataclass
class EditionCounts:
    """The figures of ``EditionFigures`` as counts, for a roll-up over thousands of agencies:
    only the agencies that have a plan are looked at one by one."""

    as_of: date
    editions: list[IsoEdition]
    deadline_edition: IsoEdition | None
    groups: dict[Hashable, EditionGroup]
    moving: list[AgencyEdition]

    def edition_table(self) -> list[tuple[IsoEdition, int]]:
        totals = [0] * len(self.editions)
        for group in self.groups.values():
            totals = [a + b for a, b in zip(totals, group.edition_counts(), strict=True)]
        return list(zip(self.editions, totals, strict=True))

    @property
    def moving_count(self) -> int:
        return len(self.moving)

    @property
    def moving_percent(self) -> float:
        total = sum(row.total for row in self.moving)
        return round(100 * sum(row.covered for row in self.moving) / total, 1) if total else 0.0

    @property
    def missing_count(self) -> int:
        return sum(group.missing for group in self.groups.values())


def edition_counts(scope: QuerySet[Agency], *, as_of: date) -> EditionCounts:
    """The figures of ``editions_on`` for the agencies of ``scope`` by province: the editions
    counted by the database, then corrected for the few agencies that have a plan. Four
    queries, whatever the number of agencies."""
    editions = list(IsoEdition.objects.order_by("code"))
    deadline = next(
        (edition for edition in reversed(editions) if edition.transition_deadline), None
    )
    # Whether an agency with no plan and not on the deadline's edition will miss it: the same
    # answer for every such agency on the day.
    unplanned_miss = deadline is not None and _misses(None, as_of, deadline)
    groups: dict[Hashable, EditionGroup] = {}
    for province, code, count in (
        scope.order_by()
        .values("province", "iso_version")
        .annotate(n=Count("pk"))
        .values_list("province", "iso_version", "n")
    ):
        group = groups.setdefault(province, EditionGroup(editions))
        group.counts[code] = group.counts.get(code, 0) + count
        if unplanned_miss and code != deadline.code:
            group.missing += count
    found = list(_plans_on(scope.values("pk"), as_of).select_related("agency"))
    covered = _covered_on([plan.pk for plan in found], as_of)
    plans: dict[int, list[EditionTransition]] = {}
    for plan in found:
        plan.covered = covered.get(plan.pk, 0)
        plans.setdefault(plan.agency_id, []).append(plan)
    moving = []
    for agency_plans in plans.values():
        agency = agency_plans[0].agency
        row = _row(agency, agency_plans, as_of, deadline)
        group = groups[agency.province_id]
        group.counts[agency.iso_version] -= 1
        group.counts[row.edition] = group.counts.get(row.edition, 0) + 1
        counted_as_missing = unplanned_miss and agency.iso_version != deadline.code
        group.missing += row.misses_deadline - counted_as_missing
        if row.plan is not None:
            group.moving += 1
            moving.append(row)
    return EditionCounts(as_of, editions, deadline, groups, moving)


# A move takes months: an agency with no plan a year before the deadline is warned.
PLAN_AHEAD = timedelta(days=365)


def _misses(moving: EditionTransition | None, as_of: date, edition: IsoEdition) -> bool:
    """Whether an agency not yet on ``edition`` will miss its deadline, as seen on ``as_of``."""
    deadline = edition.transition_deadline
    if as_of > deadline:
        return True
    if moving is not None and moving.to_edition_id == edition.pk:
        return moving.target_then > deadline
    return as_of >= deadline - PLAN_AHEAD


def _row(
    agency: Agency, plans: list[EditionTransition], as_of: date, deadline: IsoEdition | None
) -> AgencyEdition:
    switched = [plan for plan in plans if plan.switched_on and plan.switched_on <= as_of]
    later = [plan for plan in plans if not (plan.switched_on and plan.switched_on <= as_of)]
    if switched:
        edition = switched[-1].to_edition.code
    elif later:
        edition = later[0].from_version
    else:
        edition = agency.iso_version
    moving = next((plan for plan in later if plan.planned_on <= as_of), None)
    row = AgencyEdition(agency, edition, moving)
    if moving is not None:
        row.covered, row.total = moving.covered, moving.total
    if deadline is not None and edition != deadline.code:
        row.misses_deadline = _misses(moving, as_of, deadline)
    return row
