"""Keeping each agency's status figures current (``models.StatusFigures``).

``figures_refresh`` recomputes the figures of some agencies from their data and stores them,
inside the caller's transaction, after locking those agencies' rows: two changes to one agency
at once are then recomputed one after the other, the second seeing the first. The signals of
``qms.monitoring.signals`` call it on every save or delete that moves a figure.

``status_rebuild`` recomputes every agency from scratch, reports the stored rows of the day
that differ from what their data says (none is expected), and stores the day's figures: run
daily, it also moves the figures that change with the calendar alone.

A bulk load (the demo, ``seed_scale``) runs under ``figures_deferred``: no refresh per save,
one rebuild at the end.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from qms.agencies.models import Agency
from qms.monitoring.models import StatusFigures
from qms.monitoring.selectors.status import annotate_status

_deferred: ContextVar[bool] = ContextVar("status_figures_deferred", default=False)


def figures_refresh(agency_ids: Iterable[int], *, on: date | None = None) -> None:
    ids = sorted({pk for pk in agency_ids if pk is not None})
    if not ids or _deferred.get():
        return
    on = on or timezone.localdate()
    with transaction.atomic():
        # FOR NO KEY UPDATE: it waits for another change of the same agency, not for the rows
        # that merely reference the agency (which take a key share lock on it).
        list(
            Agency.objects.select_for_update(no_key=True)
            .filter(pk__in=ids)
            .values_list("pk", flat=True)
        )
        _store(_computed(ids, on), on)


def _computed(ids: list[int], on: date) -> dict[int, dict]:
    annotated, _year_ago = annotate_status(Agency.objects.filter(pk__in=ids), as_of=on)
    return {
        agency.pk: {name: getattr(agency, name) for name in StatusFigures.FIGURES}
        for agency in annotated
    }


def _store(figures: dict[int, dict], on: date) -> None:
    StatusFigures.objects.bulk_create(
        [StatusFigures(agency_id=pk, computed_on=on, **values) for pk, values in figures.items()],
        update_conflicts=True,
        unique_fields=["agency"],
        update_fields=["computed_on", *StatusFigures.FIGURES],
    )


@dataclass
class Rebuild:
    on: date
    agencies: int = 0
    # (agency code, figure, stored, recomputed) for every row of the day that was wrong.
    differences: list[tuple[str, str, object, object]] = field(default_factory=list)
    stale: int = 0  # rows of an earlier day (or none), brought to this one


@transaction.atomic
def status_rebuild(*, on: date | None = None) -> Rebuild:
    """Recompute every agency's figures from scratch, compare them with the stored rows of the
    day, and store them. Returns what it found."""
    on = on or timezone.localdate()
    ids = list(Agency.objects.order_by("pk").values_list("pk", flat=True))
    computed = _computed(ids, on)
    stored = {row.agency_id: row for row in StatusFigures.objects.filter(agency_id__in=ids)}
    codes = dict(Agency.objects.values_list("pk", "code"))
    result = Rebuild(on=on, agencies=len(ids))
    for pk, values in computed.items():
        row = stored.get(pk)
        if row is None or row.computed_on != on:
            result.stale += 1
            continue
        for name, value in values.items():
            if getattr(row, name) != value:
                result.differences.append((codes[pk], name, getattr(row, name), value))
    _store(computed, on)
    return result


@contextmanager
def figures_deferred() -> Iterator[None]:
    """No refresh per save inside the block; every agency rebuilt once when it ends."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)
    status_rebuild()
