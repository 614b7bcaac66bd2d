"""The agency audit trail: every history row of the agency's controlled objects, across apps.

Each app names its history-tracked objects of an agency through ``trail_sources(agency)``;
this module merges them, newest first, in one SQL ``UNION ALL`` so that a page of the trail
costs the same few queries however long the trail is. It only reads; the views decide who may
see it.
"""

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.trail import trail_sources as audit_sources
from documents.trail import trail_sources as document_sources
from qms.agencies.models import User
from qms.agencies.roles import Role
from qms.agencies.trail import trail_sources as agency_sources
from qms.lib.history import TrailEntry, entries_iter, history_entries, history_rows, source_rows
from qms.lib.trail import TrailSource
from qms.monitoring.trail import trail_sources as monitoring_sources

__all__ = ["TrailEntry", "TrailFilters", "trail_entries", "trail_iter", "trail_rows"]


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


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _filtered(source: TrailSource, filters: TrailFilters) -> TrailSource:
    history = source.history
    if filters.person_id:
        history = history.filter(history_user_id=filters.person_id)
    if filters.since:
        history = history.filter(history_date__gte=_start_of(filters.since))
    if filters.until:
        history = history.filter(history_date__lt=_start_of(filters.until + timedelta(days=1)))
    return replace(source, history=history)


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
        return source_rows(next(iter(sources.values()))).none()
    return history_rows(_filtered(source, filters) for source in chosen)


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
    return history_entries(trail_sources(agency), rows)


def trail_iter(agency, filters: TrailFilters | None = None, *, batch: int = 500) -> Iterator:
    """Every entry of the trail, read and described ``batch`` rows at a time (for exports)."""
    return entries_iter(trail_sources(agency), trail_rows(agency, filters), batch=batch)
