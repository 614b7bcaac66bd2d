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

from django.db import connection

BATCH = 2000


@dataclass(frozen=True)
class Plan:
    """How big the data set is. Sizes are per agency unless they say otherwise."""

    provinces: int = 1
    agencies: int = 200  # per province, the province's People's Committee included
    documents: int = 257  # 195 active agencies below the root: about 50,000 documents
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

    def insert_rows(self, model, columns: list[str], rows: list[tuple]) -> None:
        """Insert plain tuples into ``model``'s table without making model instances: the
        largest tables (steps, decisions, acknowledgements, many-to-many links) are most of a
        province's rows, and building a Django object per row would be most of its time.
        PostgreSQL gets them through COPY; other databases through executemany."""
        if not rows:
            return
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                for start in range(0, len(rows), BATCH):
                    cursor.executemany(
                        f"INSERT INTO {table} ({names}) VALUES ({marks})",
                        rows[start : start + BATCH],
                    )
        self.counts[model._meta.label] += len(rows)

    def update_rows(self, model, columns: list[str], rows: list[tuple]) -> None:
        """Set ``columns`` on rows given as (*values, pk) tuples, in one executemany."""
        if not rows:
            return
        table = connection.ops.quote_name(model._meta.db_table)
        sets = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", rows)


def db_datetime(value):
    """A datetime as ``insert_rows`` passes it to the database."""
    return connection.ops.adapt_datetimefield_value(value)


def db_date(value):
    return connection.ops.adapt_datefield_value(value)


def stamp(obj, *, by, reason: str, when=None):
    """Mark ``obj`` for its history row: who acted, why and when."""
    obj._history_user = by
    obj._change_reason = reason
    if when is not None:
        obj._history_date = when
    return obj
