"""Permission-aware reads of the improvement cycle: registers, figures and "Việc của tôi"."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.models import (
    Action,
    ManagementReview,
    Measurement,
    Nonconformity,
    QualityObjective,
    Risk,
)
from qms.agencies.models import Agency, User
from qms.agencies.permissions import agency_permissions
from qms.lib.tasks import TaskGroup, TaskItem

# Risks whose review date falls within this many days show in "Việc của tôi".
RISK_REVIEW_WARNING_DAYS = 30
TASK_LIMIT = 50


def members_of(agency: Agency):
    """Active people holding a role in the agency itself, for owner and participant choices."""
    return (
        User.objects.filter(is_active=True, groups__agency_role__agency=agency)
        .distinct()
        .order_by("full_name", "username")
    )


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


def _parent_label(action: Action) -> str:
    if action.nonconformity_id:
        return action.nonconformity.code
    if action.review_id:
        return _("Management review %(date)s") % {
            "date": action.review.held_on.strftime("%d/%m/%Y")
        }
    if action.objective_id:
        return _("Objective %(year)s") % {"year": action.objective.year}
    return _("Risk: %(title)s") % {"title": action.risk.title}


def action_url(action: Action) -> str:
    return reverse("audits:action-detail", args=[action.pk])


def _action_items(actions, today: date) -> list[TaskItem]:
    return [
        TaskItem(
            action.title,
            action_url(action),
            f"{action.get_kind_display()} · {_parent_label(action)}",
            due=action.due_on,
            overdue=action.due_on < today,
        )
        for action in actions
    ]


def tasks_for_user(*, user: User, agency: Agency) -> list[TaskGroup]:
    """What waits for ``user`` in the improvement cycle, for "Việc của tôi"."""
    perms = agency_permissions(user, agency)
    today = timezone.localdate()
    actions = action_register(agency=agency).filter(status=Action.Status.OPEN)
    groups = [
        TaskGroup(
            _("My actions"),
            _action_items(actions.filter(owner=user).order_by("due_on")[:TASK_LIMIT], today),
        )
    ]
    if {"audit", "manage_audits"} & perms:
        owns = Action.objects.filter(nonconformity=OuterRef("pk"), owner=user).exclude(
            status=Action.Status.CANCELLED
        )
        to_verify = (
            Nonconformity.objects.of_agency(agency)
            .filter(status=Nonconformity.Status.AWAITING_VERIFICATION)
            .exclude(verification_result=Nonconformity.Effectiveness.EFFECTIVE)
            .annotate(own=Subquery(owns.values("pk")[:1]))
            .filter(own=None)
            .order_by("year", "number")
        )
        groups.append(
            TaskGroup(
                _("Nonconformities to verify"),
                [
                    TaskItem(f"{nc.code} {nc.title}", _nc_url(nc), _("All actions are done."))
                    for nc in to_verify[:TASK_LIMIT]
                ],
            )
        )
    if "manage_audits" in perms:
        groups += _secretary_groups(agency, user, actions, today)
    if "approve_documents" in perms:
        reviews = ManagementReview.objects.filter(
            agency=agency, status=ManagementReview.Status.AWAITING_APPROVAL
        ).exclude(prepared_by=user)
        groups.append(
            TaskGroup(
                _("Management review minutes to approve"),
                [
                    TaskItem(
                        review.title,
                        reverse("audits:review-detail", args=[review.pk]),
                        due=review.held_on,
                    )
                    for review in reviews.order_by("held_on")
                ],
            )
        )
    return groups


def _nc_url(nonconformity: Nonconformity) -> str:
    return reverse("audits:nonconformity-detail", args=[nonconformity.pk])


def _secretary_groups(agency, user, actions, today) -> list[TaskGroup]:
    overdue = actions.filter(due_on__lt=today).exclude(owner=user).order_by("due_on")
    waiting = {
        Nonconformity.Status.OPEN: _("Record the correction and the root cause"),
        Nonconformity.Status.ANALYSED: _("Plan the actions"),
        Nonconformity.Status.ACTION_PLAN: _("Start the action plan"),
        Nonconformity.Status.AWAITING_VERIFICATION: _("Verified effective: close it"),
    }
    to_move = (
        Nonconformity.objects.of_agency(agency)
        .filter(status__in=list(waiting))
        .exclude(
            Q(status=Nonconformity.Status.AWAITING_VERIFICATION)
            & ~Q(verification_result=Nonconformity.Effectiveness.EFFECTIVE)
        )
        .order_by("detected_on", "number")
    )
    groups = [
        TaskGroup(_("Overdue actions of others"), _action_items(overdue[:TASK_LIMIT], today)),
        TaskGroup(
            _("Nonconformities waiting for the ISO secretary"),
            [
                TaskItem(f"{nc.code} {nc.title}", _nc_url(nc), str(waiting[nc.status]))
                for nc in to_move[:TASK_LIMIT]
            ],
        ),
    ]
    if agency.iso_version == "2015":
        risks = Risk.objects.of_agency(agency).filter(
            status=Risk.Status.OPEN,
            review_on__lte=today + timedelta(days=RISK_REVIEW_WARNING_DAYS),
        )
        groups.append(
            TaskGroup(
                _("Risks due for review"),
                [
                    TaskItem(
                        risk.title,
                        reverse("audits:risk-detail", args=[risk.pk]),
                        due=risk.review_on,
                        overdue=risk.review_on < today,
                    )
                    for risk in risks.order_by("review_on")[:TASK_LIMIT]
                ],
            )
        )
    return groups
