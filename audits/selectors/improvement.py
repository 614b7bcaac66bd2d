"""Reads of the improvement cycle: the registers of nonconformities, actions, objectives, risks
and management reviews, and the cycle-time figures."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from audits.models import (
    Action,
    ManagementReview,
    Measurement,
    Nonconformity,
    QualityObjective,
    Risk,
)
from qms.agencies.models import Agency


def nonconformity_register(*, agency: Agency, on: date | None = None):
    """The agency's nonconformities, one row each with its open and overdue action counts."""
    return (
        Nonconformity.objects.of_agency(agency)
        .select_related("unit", "clause", "document")
        .with_action_counts(on=on)
        .order_by("-year", "-number")
    )


def action_register(*, agency: Agency):
    """Every action of the agency with what it belongs to, in a fixed number of joins."""
    return (
        Action.objects.of_agency(agency)
        .select_related("owner", "nonconformity", "review", "objective", "risk")
        .order_by("status", "due_on", "pk")
    )


@dataclass
class CycleTimes:
    year: int
    registered: int
    closed: int
    open: int
    overdue_actions: int
    days_to_plan: float | None
    days_to_close: float | None
    by_source: list[tuple[str, int]]
    by_status: list[tuple[str, int]]


def _average(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def cycle_times(*, agency: Agency, year: int, on: date | None = None) -> CycleTimes:
    """Cycle-time figures of the nonconformities detected in ``year``: days from detection to
    the start of the action plan and to closure (averages), and the agency's overdue actions
    now. Three queries, whatever the number of rows."""
    on = on or timezone.localdate()
    rows = list(
        Nonconformity.objects.of_agency(agency)
        .filter(year=year)
        .values_list("source", "status", "detected_on", "plan_started_at", "closed_at")
    )
    to_plan = [
        (timezone.localtime(started).date() - detected).days
        for _s, _st, detected, started, _c in rows
        if started is not None
    ]
    to_close = [
        (timezone.localtime(closed).date() - detected).days
        for _s, _st, detected, _p, closed in rows
        if closed is not None
    ]
    sources = dict(Nonconformity.Source.choices)
    statuses = dict(Nonconformity.Status.choices)
    count_source: dict[str, int] = {}
    count_status: dict[str, int] = {}
    for source, status, *_rest in rows:
        count_source[source] = count_source.get(source, 0) + 1
        count_status[status] = count_status.get(status, 0) + 1
    return CycleTimes(
        year=year,
        registered=len(rows),
        closed=count_status.get(Nonconformity.Status.CLOSED, 0),
        open=sum(n for s, n in count_status.items() if s not in Nonconformity.ENDED),
        overdue_actions=Action.objects.of_agency(agency).overdue(on=on).count(),
        days_to_plan=_average(to_plan),
        days_to_close=_average(to_close),
        by_source=[
            (label, count_source[value])
            for value, label in sources.items()
            if value in count_source
        ],
        by_status=[
            (label, count_status[value])
            for value, label in statuses.items()
            if value in count_status
        ],
    )


def objectives_of(*, agency: Agency, year: int):
    """The objectives of a year, each with its measurements (oldest first) in one more query."""
    return (
        QualityObjective.objects.filter(agency=agency, year=year)
        .select_related("unit", "responsible")
        .prefetch_related(
            Prefetch(
                "measurements",
                queryset=Measurement.objects.order_by("period_end"),
                to_attr="series",
            )
        )
        .order_by("pk")
    )


def objective_years(agency: Agency) -> list[int]:
    return list(
        QualityObjective.objects.filter(agency=agency)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def latest_measurement(objective: QualityObjective) -> Measurement | None:
    return objective.measurements.order_by("-period_end").first()


def risk_register(*, agency: Agency):
    """Risks and opportunities by level, highest first, with their open treatment actions."""
    return (
        Risk.objects.of_agency(agency)
        .with_level()
        .select_related("unit", "owner")
        .annotate(open_actions=Count("actions", filter=Q(actions__status=Action.Status.OPEN)))
        .order_by("status", "-level_value", "title")
    )


def review_list(*, agency: Agency):
    return (
        ManagementReview.objects.filter(agency=agency)
        .select_related("chair", "approved_by")
        .annotate(
            decision_count=Count("decisions", filter=~Q(decisions__status=Action.Status.CANCELLED))
        )
        .order_by("-held_on", "-pk")
    )
