"""History rows of controlled objects, read across several kinds at once.

A ``TrailSource`` names the historical rows of one kind of object (an agency's documents, one
audit's checklist items …). ``history_rows(sources)`` merges the rows of several sources, newest
first, in one SQL ``UNION ALL``; ``history_entries(sources, rows)`` makes a page of them
readable: who, what kind, and which fields changed from the previous record of the same object.
The agency audit trail and every object's history page are built on these two; they only read,
and the views decide who may see them.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import F, OuterRef, QuerySet, Subquery, Value
from django.db.models.fields import CharField
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

from qms.lib.trail import TrailSource

# Columns that say nothing to a reader, or change with every other column.
_NOT_SHOWN = {"id", "search_text", "password", "last_login"}
_VALUE_LIMIT = 60


@dataclass
class TrailEntry:
    at: datetime
    kind: str
    kind_label: str
    object_id: int
    title: str
    action: str
    user: str
    reason: str
    changes: list[str] = field(default_factory=list)


def source_rows(source: TrailSource) -> QuerySet:
    """The source's history rows as the dictionaries that ``history_rows`` merges."""
    # Django 5.2 keeps the order of these columns, which the union needs to line them up.
    return source.history.order_by().values(
        trail_at=F("history_date"),
        trail_kind=Value(source.key, output_field=CharField()),
        trail_hid=F("history_id"),
        trail_object=F("id"),
        trail_title=source.title,
        trail_action=F("history_type"),
        trail_who=F("history_user__full_name"),
        trail_reason=F("history_change_reason"),
    )


def history_rows(sources: Iterable[TrailSource]) -> QuerySet:
    """The history rows of ``sources`` as dictionaries (``trail_at``, ``trail_kind``,
    ``trail_hid``, ``trail_object``, ``trail_title``, ``trail_action``, ``trail_who``,
    ``trail_reason``), newest first, in one query however many sources. Needs one source."""
    first, *rest = (source_rows(source) for source in sources)
    combined = first.union(*rest, all=True) if rest else first
    return combined.order_by("-trail_at", "trail_kind", "-trail_hid")


def history_entries(sources: dict[str, TrailSource], rows: list[dict]) -> list[TrailEntry]:
    """The rows (of ``history_rows``) made readable. ``sources`` are keyed by their key. Two
    queries per kind of object present among the rows, whatever their count."""
    wanted = defaultdict(list)
    for row in rows:
        wanted[row["trail_kind"]].append(row["trail_hid"])
    changes = {}
    for kind, ids in wanted.items():
        for history_id, described in changes_of(sources[kind].history.model, ids).items():
            changes[(kind, history_id)] = described
    actions = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
    return [
        TrailEntry(
            at=row["trail_at"],
            kind=row["trail_kind"],
            kind_label=str(sources[row["trail_kind"]].label),
            object_id=row["trail_object"],
            title=row["trail_title"] or "",
            action=actions.get(row["trail_action"], row["trail_action"]),
            user=row["trail_who"] or _("System"),
            reason=row["trail_reason"] or "",
            changes=changes.get((row["trail_kind"], row["trail_hid"]), []),
        )
        for row in rows
    ]


def entries_iter(sources: dict[str, TrailSource], rows: QuerySet, *, batch: int = 500) -> Iterator:
    """Every entry of ``rows``, read and described ``batch`` rows at a time (for exports)."""
    pending = []
    for row in rows.iterator(chunk_size=batch):
        pending.append(row)
        if len(pending) == batch:
            yield from history_entries(sources, pending)
            pending = []
    if pending:
        yield from history_entries(sources, pending)


def changes_of(model, history_ids: list[int]) -> dict[int, list[str]]:
    """For each changed ("~") record of ``history_ids``, its fields that differ from the
    previous record of the same object, described (two queries)."""
    previous = (
        model._default_manager.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    records = list(
        model._default_manager.filter(history_id__in=history_ids).annotate(
            previous_id=Subquery(previous)
        )
    )
    wanted = {r.previous_id for r in records if r.history_type == "~" and r.previous_id}
    before = model._default_manager.in_bulk(wanted) if wanted else {}
    return {
        record.history_id: _described(record, before.get(record.previous_id))
        for record in records
        if record.history_type == "~"
    }


def _described(record, before) -> list[str]:
    """Each tracked field that differs from ``before``: its label, and the old and new values
    where they are short enough to read (texts and relations only by name of the field)."""
    if before is None:
        return []
    described = []
    for column in record.tracked_fields:
        if column.name in _NOT_SHOWN:
            continue
        old, new = getattr(before, column.attname), getattr(record, column.attname)
        if old == new:
            continue
        label = str(capfirst(column.verbose_name))
        if column.is_relation or column.get_internal_type() in ("TextField", "JSONField"):
            described.append(label)
        else:
            described.append(f"{label}: {_shown(column, old)} → {_shown(column, new)}")
    return described


def _shown(column, value) -> str:
    if value is None or value == "":
        return "∅"
    if column.choices:
        value = dict(column.flatchoices).get(value, value)
    elif isinstance(value, bool):
        return _("yes") if value else _("no")
    elif isinstance(value, datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    elif isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return Truncator(str(value)).chars(_VALUE_LIMIT)
