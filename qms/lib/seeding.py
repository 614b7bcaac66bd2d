"""Plumbing for ``manage.py seed_scale``: the size of the data set, and batched inserts that
still write django-simple-history's tables. No domain knowledge: each app's seeder
(``<app>/scale.py``) decides what its rows look like.

Rows are inserted with ``bulk_create`` in batches, and their history rows with the history
manager's ``bulk_history_create``: one "created" history row per object carrying its final
state, the user who would have acted (``_history_user``), the reason (``_change_reason``) and a
plausible date (``_history_date``). Going through the services row by row would take hours for a
province; the services' rules are kept by building only states they could have produced.
"""

import random
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

BATCH = 2000


@dataclass(frozen=True)
class Plan:
    """How big the data set is. Sizes are per agency unless they say otherwise."""

    provinces: int = 1
    agencies: int = 200  # per province, the province's People's Committee included
    documents: int = 250
    revisions: int = 3  # issues of an effective document: the last one effective
    steps: int = 6  # rows of a procedure's steps table
    staff: int = 6  # staff members besides the ISO team
    nonconformities: int = 12
    reviews: int = 2  # management reviews
    in_progress: float = 0.06  # share of documents with a revision in review or approval
    province_code: str = "scale"
    seed: int = 2026


PRESETS: dict[str, Plan] = {
    "small": Plan(agencies=6, documents=40, revisions=2, staff=3, nonconformities=5, reviews=1),
    "province": Plan(),
    # 34 provinces after 01/07/2025, ~118 agencies each (about 4,000), ~400 procedures each.
    "national": Plan(provinces=34, agencies=118, documents=400),
}


@dataclass
class Seeding:
    """What the seeders share while they run: the plan, a seeded random source, the rows
    made so far (``data``, by name) and how many rows each model got."""

    plan: Plan
    today: date
    log: Callable[[str], None] = print
    rng: random.Random = field(init=False)
    data: dict = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)

    def __post_init__(self):
        self.rng = random.Random(self.plan.seed)

    def insert(self, model, objs: Iterable, *, history: bool = False) -> list:
        """Insert ``objs`` in batches (their primary keys are set afterwards) and, with
        ``history``, one history row each."""
        objs = list(objs)
        for start in range(0, len(objs), BATCH):
            chunk = objs[start : start + BATCH]
            model.objects.bulk_create(chunk)
            if history:
                model.history.bulk_history_create(chunk)
                self.counts[f"{model._meta.label} history"] += len(chunk)
        self.counts[model._meta.label] += len(objs)
        return objs

    def insert_plain(self, model, objs: Iterable) -> None:
        """Insert rows nobody reads back here (no primary keys needed; faster on SQLite)."""
        objs = list(objs)
        model.objects.bulk_create(objs, batch_size=BATCH)
        self.counts[model._meta.label] += len(objs)


def stamp(obj, *, by, reason: str, when=None):
    """Mark ``obj`` for its history row: who acted, why and when."""
    obj._history_user = by
    obj._change_reason = reason
    if when is not None:
        obj._history_date = when
    return obj
