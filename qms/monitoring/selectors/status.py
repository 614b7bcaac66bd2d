"""The adoption status of agencies, derived from their data, never typed (one query).

not started → building (a document registered) → applying (a quality policy, quality
objectives and at least one procedure effective) → announced (an announcement decided) →
maintained (announced, with an internal audit whose report was approved and an approved
management review held within the last 12 months).

Everything is computed "as of" a day from dates stored on the rows, so that the coverage on
31/12 of a past year can be reproduced:

- reproducible: the status (document ``created_at``, revision ``effective_date`` /
  ``ended_on``, announcement ``decided_on``, audit ``report_approved_at``, review ``held_on``
  and ``approved_at``), "no audit or review in 12 months", and overdue actions (``due_on``
  against ``done_at``; a cancelled action counts as never overdue, its cancellation date is
  not stored).
- current only, left out of past figures: documents overdue for review (``review_due`` moves
  with every review), cited laws replaced and not updated (whether the agency updated is only
  known now) and an old ISO version (the agency's version now).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audits.selectors.satisfaction import Rate
from documents.models import Document, DocumentType, ExternalDocument
from qms.agencies.models import Agency
from qms.lib.dates import add_months
from qms.monitoring.models import Announcement, StatusFigures
from qms.monitoring.selectors.agency_figures import (
    approved_audits,
    approved_reviews,
    effective_revisions_on,
    end_of,
    overdue_actions_on,
)


class Status:
    NOT_STARTED = "not_started"
    BUILDING = "building"
    APPLYING = "applying"
    ANNOUNCED = "announced"
    MAINTAINED = "maintained"


# In the order of progress; the labels are what every page, export and mail shows.
STATUSES = [
    (Status.NOT_STARTED, _("Not started")),
    (Status.BUILDING, _("Building")),
    (Status.APPLYING, _("Applying")),
    (Status.ANNOUNCED, _("Announced")),
    (Status.MAINTAINED, _("Maintained")),
]
STATUS_LABELS = dict(STATUSES)
STATUS_RANK = {key: rank for rank, (key, _label) in enumerate(STATUSES)}


class WarningKind:
    NO_AUDIT = "no_audit"
    NO_REVIEW = "no_review"
    REVIEW_OVERDUE = "review_overdue"
    LAW_NOT_UPDATED = "law_not_updated"
    ACTIONS_OVERDUE = "actions_overdue"
    OLD_VERSION = "old_version"


WARNINGS = [
    (WarningKind.NO_AUDIT, _("No internal audit report approved in 12 months")),
    (WarningKind.NO_REVIEW, _("No management review in 12 months")),
    (WarningKind.REVIEW_OVERDUE, _("Documents overdue for review")),
    (WarningKind.LAW_NOT_UPDATED, _("A cited law was replaced and not updated")),
    (WarningKind.ACTIONS_OVERDUE, _("Overdue actions")),
    (WarningKind.OLD_VERSION, _("Still on ISO 9001:2008")),
]
WARNING_LABELS = dict(WARNINGS)
# The same warnings as short tags, for the one-line rows of the dashboard's agency list (the
# full label goes with each tag, for the tooltip and for screen readers).
WARNING_TAGS = {
    WarningKind.NO_AUDIT: _("No audit, 12 mo."),
    WarningKind.NO_REVIEW: _("No review, 12 mo."),
    WarningKind.REVIEW_OVERDUE: _("Review overdue"),
    WarningKind.LAW_NOT_UPDATED: _("Law not updated"),
    WarningKind.ACTIONS_OVERDUE: _("Actions overdue"),
    WarningKind.OLD_VERSION: _("ISO 2008"),
}
# Warnings that can be computed for a past day (see the module docstring).
HISTORICAL_WARNINGS = {WarningKind.NO_AUDIT, WarningKind.NO_REVIEW, WarningKind.ACTIONS_OVERDUE}


@dataclass
class AgencyStatus:
    agency: Agency
    status: str
    warnings: list[str] = field(default_factory=list)
    last_announced_on: date | None = None
    last_audit_on: date | None = None
    last_review_on: date | None = None
    overdue_reviews: int = 0
    overdue_actions: int = 0
    # The citizen satisfaction of the 12 months before the day (audits.selectors.satisfaction).
    satisfaction: Rate | None = None

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def warning_labels(self) -> list[str]:
        return [str(WARNING_LABELS[key]) for key in self.warnings]

    @property
    def warning_tags(self) -> list[tuple[str, str]]:
        """(short tag, full label) of each warning."""
        return [(str(WARNING_TAGS[key]), str(WARNING_LABELS[key])) for key in self.warnings]

    @property
    def rank(self) -> int:
        return STATUS_RANK[self.status]


def _count(queryset) -> Coalesce:
    # COUNT(*) rather than COUNT(id): the rows can then be counted from an index alone.
    counted = queryset.order_by().values("agency").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _effective(kind: str, as_of: date) -> Exists:
    return Exists(
        effective_revisions_on(on=as_of).filter(
            document__agency=OuterRef("pk"), document__type__kind=kind
        )
    )


def agencies_in_scope(province: Agency, *, as_of: date):
    """The agencies of ``province`` (not its root) that existed on ``as_of``."""
    return Agency.objects.filter(province=province).filter(
        Q(is_active=True) | Q(merged_on__gt=as_of)
    )


def annotate_status(queryset, *, as_of: date):
    """Annotate an Agency queryset with everything ``to_status`` needs, in one query."""
    until = end_of(as_of)
    year_ago = add_months(as_of, -12)
    mine = {"agency": OuterRef("pk")}
    # The figures defined once in agency_figures, for every agency at once.
    audits = approved_audits(on=as_of).filter(**mine)
    reviews = approved_reviews(on=as_of).filter(**mine)
    late_actions = overdue_actions_on(on=as_of).filter(**mine)
    grace = as_of - timedelta(days=settings.MONITORING_LAW_UPDATE_DAYS)
    stale_law = ExternalDocument.objects.filter(
        citing_documents=OuterRef("pk"), status_changed_on__lte=grace
    ).exclude(status=ExternalDocument.Status.IN_FORCE)
    return queryset.annotate(
        has_documents=Exists(Document.objects.filter(**mine, created_at__lte=until)),
        has_policy=_effective(DocumentType.Kind.POLICY, as_of),
        has_objectives=_effective(DocumentType.Kind.OBJECTIVES, as_of),
        has_procedure=_effective(DocumentType.Kind.PROCEDURE, as_of),
        last_announced_on=Subquery(
            Announcement.objects.filter(**mine, decided_on__lte=as_of)
            .order_by("-decided_on")
            .values("decided_on")[:1]
        ),
        last_audit_at=Subquery(
            audits.order_by("-report_approved_at").values("report_approved_at")[:1]
        ),
        last_review_on=Subquery(reviews.order_by("-held_on").values("held_on")[:1]),
        overdue_actions=_count(late_actions),
        overdue_reviews=_count(
            Document.objects.filter(**mine, status=Document.Status.EFFECTIVE, review_due__lt=as_of)
        ),
        stale_law=Exists(
            Document.objects.filter(**mine)
            .exclude(status=Document.Status.OBSOLETE)
            .filter(Exists(stale_law))
        ),
    ), year_ago


def to_status(agency: Agency, *, year_ago: date, current: bool, figures=None) -> AgencyStatus:
    """The status and warnings of an agency from its figures: those ``annotate_status`` put on
    it, or its kept ``StatusFigures``."""
    figures = figures or agency
    last_audit_on = timezone.localdate(figures.last_audit_at) if figures.last_audit_at else None
    audited = last_audit_on is not None and last_audit_on > year_ago
    reviewed = figures.last_review_on is not None and figures.last_review_on > year_ago
    if figures.last_announced_on and audited and reviewed:
        status = Status.MAINTAINED
    elif figures.last_announced_on:
        status = Status.ANNOUNCED
    elif figures.has_policy and figures.has_objectives and figures.has_procedure:
        status = Status.APPLYING
    elif figures.has_documents:
        status = Status.BUILDING
    else:
        status = Status.NOT_STARTED
    warnings = []
    if STATUS_RANK[status] >= STATUS_RANK[Status.APPLYING]:
        # Audits and reviews are expected once the system is applied.
        if not audited:
            warnings.append(WarningKind.NO_AUDIT)
        if not reviewed:
            warnings.append(WarningKind.NO_REVIEW)
    if current and figures.overdue_reviews:
        warnings.append(WarningKind.REVIEW_OVERDUE)
    if current and figures.stale_law:
        warnings.append(WarningKind.LAW_NOT_UPDATED)
    if figures.overdue_actions:
        warnings.append(WarningKind.ACTIONS_OVERDUE)
    if current and agency.iso_version == Agency.IsoVersion.V2008:
        warnings.append(WarningKind.OLD_VERSION)
    return AgencyStatus(
        agency=agency,
        status=status,
        warnings=warnings,
        last_announced_on=figures.last_announced_on,
        last_audit_on=last_audit_on,
        last_review_on=figures.last_review_on,
        overdue_reviews=figures.overdue_reviews if current else 0,
        overdue_actions=figures.overdue_actions,
    )


def adoption_statuses(queryset, *, as_of: date | None = None) -> list[AgencyStatus]:
    """The derived status of every agency of ``queryset`` on ``as_of`` (default today).

    Today's comes from the kept figures, one plain query whatever the number of agencies (and
    one more for any agency whose figures are not of today, computed then and there). A past
    day's is computed from the rows' dates in one annotated query; warnings that cannot be
    reproduced for a past day are left out of past figures."""
    today = timezone.localdate()
    as_of = as_of or today
    if as_of == today:
        return _kept_statuses(queryset, today)
    annotated, year_ago = annotate_status(
        queryset.select_related("parent", "province"), as_of=as_of
    )
    current = as_of >= today
    return [to_status(agency, year_ago=year_ago, current=current) for agency in annotated]


def _kept(agency: Agency, today: date):
    try:
        figures = agency.status_figures
    except StatusFigures.DoesNotExist:
        return None
    return figures if figures.computed_on == today else None


def _kept_statuses(queryset, today: date) -> list[AgencyStatus]:
    agencies = list(queryset.select_related("parent", "province", "status_figures"))
    kept = {agency.pk: _kept(agency, today) for agency in agencies}
    missing = [pk for pk, figures in kept.items() if figures is None]
    if missing:
        annotated, _year_ago = annotate_status(Agency.objects.filter(pk__in=missing), as_of=today)
        kept.update({agency.pk: agency for agency in annotated})
    year_ago = add_months(today, -12)
    return [
        to_status(agency, year_ago=year_ago, current=True, figures=kept[agency.pk])
        for agency in agencies
    ]


@dataclass(frozen=True)
class AgencyFacts:
    """What a roll-up reads of an agency, without building the agency itself."""

    pk: int
    province_id: int | None
    level: str
    iso_mandatory: bool
    iso_version: str


@dataclass(frozen=True)
class _Figures:
    """Kept figures read as plain values (the names of ``StatusFigures.FIGURES``)."""

    has_documents: bool
    has_policy: bool
    has_objectives: bool
    has_procedure: bool
    last_announced_on: date | None
    last_audit_at: object
    last_review_on: date | None
    overdue_actions: int
    overdue_reviews: int
    stale_law: bool


def kept_statuses_of_many(queryset) -> list[AgencyStatus]:
    """Today's status of every agency of ``queryset``, for a roll-up over thousands of them:
    the kept figures read as plain values, each ``AgencyStatus.agency`` an ``AgencyFacts``.
    One query, and one more for agencies whose figures are not of today."""
    today = timezone.localdate()
    facts = ("pk", "province_id", "level", "iso_mandatory", "iso_version")
    kept = [f"status_figures__{name}" for name in StatusFigures.FIGURES]
    rows, missing = [], []
    for values in queryset.values_list(*facts, "status_figures__computed_on", *kept):
        agency = AgencyFacts(*values[: len(facts)])
        if values[len(facts)] == today:
            rows.append((agency, _Figures(*values[len(facts) + 1 :])))
        else:
            rows.append((agency, None))
            missing.append(agency.pk)
    computed = {}
    if missing:
        annotated, _year_ago = annotate_status(Agency.objects.filter(pk__in=missing), as_of=today)
        computed = {agency.pk: agency for agency in annotated}
    year_ago = add_months(today, -12)
    return [
        to_status(agency, year_ago=year_ago, current=True, figures=figures or computed[agency.pk])
        for agency, figures in rows
    ]


def adoption_status(agency: Agency, *, as_of: date | None = None) -> AgencyStatus:
    """The derived status of one agency."""
    return adoption_statuses(Agency.objects.filter(pk=agency.pk), as_of=as_of)[0]
