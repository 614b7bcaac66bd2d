"""What waits for a person in internal audits and the improvement cycle, for "Việc của tôi":
one function per group."""

from datetime import date, timedelta

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.models import (
    Action,
    Audit,
    AuditProgramme,
    Finding,
    ManagementReview,
    Nonconformity,
    Risk,
)
from audits.selectors.improvement import action_register
from documents.clauses import harmonized
from qms.agencies.models import Agency, User
from qms.agencies.permissions import agency_permissions
from qms.agencies.selectors import unit_in
from qms.lib.tasks import TaskGroup, TaskItem, first_rows

# Internal audits list a few items per group (a person takes part in few audits at once).
AUDIT_TASK_LIMIT = 10
# Risks whose review date falls within this many days show in "Việc của tôi".
RISK_REVIEW_WARNING_DAYS = 30


def tasks_for_user(*, user: User, agency: Agency) -> list[TaskGroup]:
    """The internal audits' groups, then the improvement cycle's."""
    return _audit_tasks(user=user, agency=agency) + _improvement_tasks(user=user, agency=agency)


# Internal audits ---------------------------------------------------------------------------


def _audit_tasks(*, user: User, agency: Agency) -> list[TaskGroup]:
    """Audits the person takes part in soon, findings of their unit to acknowledge, and the
    programmes and reports that wait for a leader's approval."""
    today = timezone.localdate()
    groups = [
        _audits_coming_up(user=user, agency=agency, today=today),
        _findings_to_acknowledge(user=user, agency=agency),
    ]
    if "approve_documents" in agency_permissions(user, agency):
        groups.append(_audit_decisions(user=user, agency=agency))
    return groups


def _audit_url(audit: Audit) -> str:
    return reverse("audits:audit-detail", args=[audit.pk])


def _audits_coming_up(*, user: User, agency: Agency, today: date) -> TaskGroup:
    upcoming = (
        Audit.objects.filter(
            agency=agency,
            status__in=Audit.PLANNING,
            end_on__gte=today,
            start_on__lte=today + timedelta(days=60),
        )
        .filter(Q(team__auditor=user) | Q(auditees=user))
        .distinct()
        .order_by("start_on")
    )
    return TaskGroup(
        _("Internal audits coming up"),
        [
            TaskItem(f"{audit.code} {audit.title}", _audit_url(audit), due=audit.start_on)
            for audit in upcoming[:AUDIT_TASK_LIMIT]
        ],
    )


def _findings_to_acknowledge(*, user: User, agency: Agency) -> TaskGroup:
    own_unit = unit_in(user, agency)
    to_acknowledge = (
        Finding.objects.filter(agency=agency, acknowledged_at=None)
        .filter(Q(unit=own_unit) | Q(audit__auditees=user) if own_unit else Q(audit__auditees=user))
        .select_related("unit")
        .distinct()
        .order_by("recorded_at")
    )
    return TaskGroup(
        _("Audit findings to acknowledge"),
        [
            TaskItem(
                f"{finding.code} {finding.get_grade_display()}",
                reverse("audits:finding-detail", args=[finding.pk]),
                finding.unit.name,
            )
            for finding in to_acknowledge[:AUDIT_TASK_LIMIT]
        ],
    )


def _audit_decisions(*, user: User, agency: Agency) -> TaskGroup:
    """Programmes awaiting approval and reports proposed by a team the person is not on."""
    programmes = AuditProgramme.objects.filter(agency=agency, status=AuditProgramme.Status.PROPOSED)
    reports = (
        Audit.objects.filter(agency=agency, status=Audit.Status.REPORT_PROPOSED)
        .exclude(team__auditor=user)
        .order_by("end_on")
    )
    return TaskGroup(
        _("Internal audit decisions awaiting you"),
        [
            TaskItem(
                _("Audit programme %(year)s") % {"year": programme.year},
                reverse("audits:programme-detail", args=[programme.pk]),
            )
            for programme in programmes
        ]
        + [
            TaskItem(
                _("Report %(code)s") % {"code": audit.code},
                reverse("audits:audit-report", args=[audit.pk]),
                audit.title,
            )
            for audit in reports[:AUDIT_TASK_LIMIT]
        ],
    )


# The improvement cycle ---------------------------------------------------------------------


def _improvement_tasks(*, user: User, agency: Agency) -> list[TaskGroup]:
    """What waits for ``user`` in the improvement cycle: their actions, nonconformities to
    verify, the ISO secretary's follow-up and the review minutes to approve."""
    perms = agency_permissions(user, agency)
    today = timezone.localdate()
    actions = action_register(agency=agency).filter(status=Action.Status.OPEN)
    groups = [_my_actions(actions, user=user, today=today)]
    if {"audit", "manage_audits"} & perms:
        groups.append(_nonconformities_to_verify(user=user, agency=agency))
    if "manage_audits" in perms:
        groups += [
            _overdue_actions_of_others(actions, user=user, today=today),
            _waiting_for_secretary(agency=agency),
        ]
        if harmonized(agency.iso_version):
            groups.append(_risks_due_for_review(agency=agency, today=today))
    if "approve_documents" in perms:
        groups.append(_minutes_to_approve(user=user, agency=agency))
    return groups


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


def _action_items(actions, today: date) -> list[TaskItem]:
    return [
        TaskItem(
            action.title,
            reverse("audits:action-detail", args=[action.pk]),
            f"{action.get_kind_display()} · {_parent_label(action)}",
            due=action.due_on,
            overdue=action.due_on < today,
        )
        for action in actions
    ]


def _my_actions(actions, *, user: User, today: date) -> TaskGroup:
    mine, total = first_rows(actions.filter(owner=user).order_by("due_on"))
    more = reverse("audits:action-list") + "?status=open&mine=on"
    return TaskGroup(_("My actions"), _action_items(mine, today), total, more)


def _nc_url(nonconformity: Nonconformity) -> str:
    return reverse("audits:nonconformity-detail", args=[nonconformity.pk])


def _nc_list(status: str) -> str:
    """The nonconformity register filtered to ``status``."""
    return reverse("audits:nonconformity-list") + f"?status={status}"


def _nonconformities_to_verify(*, user: User, agency: Agency) -> TaskGroup:
    """Nonconformities awaiting verification, except those with an action the person owns."""
    owns = Action.objects.filter(nonconformity=OuterRef("pk"), owner=user).exclude(
        status=Action.Status.CANCELLED
    )
    to_verify, total = first_rows(
        Nonconformity.objects.of_agency(agency)
        .filter(status=Nonconformity.Status.AWAITING_VERIFICATION)
        .exclude(verification_result=Nonconformity.Effectiveness.EFFECTIVE)
        .annotate(own=Subquery(owns.values("pk")[:1]))
        .filter(own=None)
        .order_by("year", "number")
    )
    return TaskGroup(
        _("Nonconformities to verify"),
        [
            TaskItem(f"{nc.code} {nc.title}", _nc_url(nc), _("All actions are done."))
            for nc in to_verify
        ],
        total,
        _nc_list(Nonconformity.Status.AWAITING_VERIFICATION),
    )


def _overdue_actions_of_others(actions, *, user: User, today: date) -> TaskGroup:
    overdue, total = first_rows(
        actions.filter(due_on__lt=today).exclude(owner=user).order_by("due_on")
    )
    more = reverse("audits:action-list") + "?overdue=on"
    return TaskGroup(_("Overdue actions of others"), _action_items(overdue, today), total, more)


def _waiting_for_secretary(*, agency: Agency) -> TaskGroup:
    """Nonconformities whose next step is the ISO secretary's."""
    waiting = {
        Nonconformity.Status.OPEN: _("Record the correction and the root cause"),
        Nonconformity.Status.ANALYSED: _("Plan the actions"),
        Nonconformity.Status.ACTION_PLAN: _("Start the action plan"),
        Nonconformity.Status.AWAITING_VERIFICATION: _("Verified effective: close it"),
    }
    to_move, total = first_rows(
        Nonconformity.objects.of_agency(agency)
        .filter(status__in=list(waiting))
        .exclude(
            Q(status=Nonconformity.Status.AWAITING_VERIFICATION)
            & ~Q(verification_result=Nonconformity.Effectiveness.EFFECTIVE)
        )
        .order_by("detected_on", "number")
    )
    return TaskGroup(
        _("Nonconformities waiting for the ISO secretary"),
        [TaskItem(f"{nc.code} {nc.title}", _nc_url(nc), str(waiting[nc.status])) for nc in to_move],
        total,
        _nc_list("not_ended"),
    )


def _risks_due_for_review(*, agency: Agency, today: date) -> TaskGroup:
    risks, total = first_rows(
        Risk.objects.of_agency(agency)
        .filter(
            status=Risk.Status.OPEN,
            review_on__lte=today + timedelta(days=RISK_REVIEW_WARNING_DAYS),
        )
        .order_by("review_on")
    )
    return TaskGroup(
        _("Risks due for review"),
        [
            TaskItem(
                risk.title,
                reverse("audits:risk-detail", args=[risk.pk]),
                due=risk.review_on,
                overdue=risk.review_on < today,
            )
            for risk in risks
        ],
        total,
        reverse("audits:risk-list"),
    )


def _minutes_to_approve(*, user: User, agency: Agency) -> TaskGroup:
    reviews, total = first_rows(
        ManagementReview.objects.filter(
            agency=agency, status=ManagementReview.Status.AWAITING_APPROVAL
        )
        .exclude(prepared_by=user)
        .order_by("held_on")
    )
    return TaskGroup(
        _("Management review minutes to approve"),
        [
            TaskItem(
                review.title,
                reverse("audits:review-detail", args=[review.pk]),
                due=review.held_on,
            )
            for review in reviews
        ],
        total,
    )
