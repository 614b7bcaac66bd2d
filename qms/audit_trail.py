"""The agency audit trail: every history row of the agency's controlled objects, across apps.

Each app names its history-tracked objects of an agency through ``trail_sources(agency)``;
this module merges them, newest first, in one SQL ``UNION ALL`` so that a page of the trail
costs the same few queries however long the trail is. It only reads; the views decide who may
see it.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import Group
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.fields import CharField
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

from audits.trail import trail_sources as audit_sources
from documents.trail import trail_sources as document_sources
from qms.agencies.models import User
from qms.agencies.roles import Role
from qms.agencies.trail import trail_sources as agency_sources
from qms.lib.trail import TrailSource
from qms.monitoring.trail import trail_sources as monitoring_sources

# Columns that say nothing to a reader, or change with every other column.
_NOT_SHOWN = {"id", "search_text", "password", "last_login"}
_VALUE_LIMIT = 60


def trail_sources(agency) -> dict[str, TrailSource]:
    """Every kind of controlled object of ``agency``, keyed by a stable name."""
    sources = [
        *agency_sources(agency),
        *document_sources(agency),
        *audit_sources(agency),
        *monitoring_sources(agency),
    ]
    return {source.key: source for source in sources}


@dataclass
class TrailFilters:
    kind: str = ""
    person_id: int | None = None
    since: date | None = None
    until: date | None = None


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


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _rows(source: TrailSource, filters: TrailFilters) -> QuerySet:
    history = source.history
    if filters.person_id:
        history = history.filter(history_user_id=filters.person_id)
    if filters.since:
        history = history.filter(history_date__gte=_start_of(filters.since))
    if filters.until:
        history = history.filter(history_date__lt=_start_of(filters.until + timedelta(days=1)))
    # Django 5.2 keeps the order of these columns, which the union needs to line them up.
    return history.order_by().values(
        trail_at=F("history_date"),
        trail_kind=Value(source.key, output_field=CharField()),
        trail_hid=F("history_id"),
        trail_object=F("id"),
        trail_title=source.title,
        trail_action=F("history_type"),
        trail_who=F("history_user__full_name"),
        trail_reason=F("history_change_reason"),
    )


def trail_rows(agency, filters: TrailFilters | None = None) -> QuerySet:
    """The agency's history rows as dictionaries (``trail_at``, ``trail_kind``, ``trail_hid``,
    ``trail_object``, ``trail_title``, ``trail_action``, ``trail_who``, ``trail_reason``),
    newest first, in one query however many kinds.

    ``filters.kind`` keeps one kind of object (an unknown kind keeps nothing), ``person_id``
    the changes of one person, ``since``/``until`` the days between them (both included).
    """
    filters = filters or TrailFilters()
    sources = trail_sources(agency)
    if filters.kind:
        chosen = [sources[filters.kind]] if filters.kind in sources else []
    else:
        chosen = list(sources.values())
    if not chosen:
        return _rows(next(iter(sources.values())), filters).none()
    first, *rest = (_rows(source, filters) for source in chosen)
    combined = first.union(*rest, all=True) if rest else first
    return combined.order_by("-trail_at", "trail_kind", "-trail_hid")


def trail_people(agency) -> QuerySet:
    """Everyone the trail can be filtered by: the agency's current members and every person
    who appears in its history, including those who left (roles removed, account
    deactivated). Each is annotated with ``is_member`` (holds a role in the agency now) and
    ``supervises`` (holds the supervisor role on the agency's province). One query, however
    many kinds of object and people."""
    in_history = Q()
    for source in trail_sources(agency).values():
        acted = source.history.filter(history_user__isnull=False).values("history_user_id")
        in_history |= Q(pk__in=acted)
    is_member = Exists(Group.objects.filter(user=OuterRef("pk"), agency_role__agency=agency))
    supervises = Exists(
        Group.objects.filter(
            user=OuterRef("pk"),
            agency_role__agency_id=agency.province_root_id,
            agency_role__role=Role.SUPERVISOR,
        )
    )
    return (
        User.objects.annotate(is_member=is_member, supervises=supervises)
        .filter(Q(is_member=True) | in_history)
        .order_by("full_name", "username")
    )


def trail_person_label(person) -> str:
    """A person of ``trail_people`` as the filter shows them: who left is marked, and how."""
    if not person.is_active:
        return _("%(name)s (left, account deactivated)") % {"name": person}
    if person.is_member:
        return str(person)
    if person.supervises:
        return _("%(name)s (Department of Science and Technology)") % {"name": person}
    return _("%(name)s (no longer a member)") % {"name": person}


def trail_entries(agency, rows: list[dict]) -> list[TrailEntry]:
    """The rows made readable: who, what kind, and which fields changed from the previous
    record of the same object. Two queries per kind of object present, whatever the count."""
    sources = trail_sources(agency)
    wanted = defaultdict(list)
    for row in rows:
        wanted[row["trail_kind"]].append(row["trail_hid"])
    changes = {}
    for kind, ids in wanted.items():
        for history_id, described in _changes_of(sources[kind].history.model, ids).items():
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


def trail_iter(agency, filters: TrailFilters | None = None, *, batch: int = 500) -> Iterator:
    """Every entry of the trail, read and described ``batch`` rows at a time (for exports)."""
    pending = []
    for row in trail_rows(agency, filters).iterator(chunk_size=batch):
        pending.append(row)
        if len(pending) == batch:
            yield from trail_entries(agency, pending)
            pending = []
    if pending:
        yield from trail_entries(agency, pending)


def _changes_of(model, history_ids: list[int]) -> dict[int, list[str]]:
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
        if column.is_relation or column.get_internal_type() == "TextField":
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
