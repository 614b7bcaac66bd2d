"""The inspection plan's life: planned → approved → in progress → concluded, and the work of
the inspection team at each agency (checklist, findings that may open nonconformities).

Approval takes a second supervisor: the one who drafted the plan cannot approve it, as nobody
approves their own draft anywhere in the system (DESIGN §3.4). The plan itself is approved on
paper by the provincial People's Committee; the approval recorded here is the Sở's own check
that the paper plan and the one in the system agree.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from audits.services.nonconformities import nonconformity_create_from_inspection
from qms.agencies.models import Agency, User
from qms.agencies.permissions import agency_permissions, require
from qms.lib.text import nfc
from qms.monitoring.checklist import default_checklist
from qms.monitoring.models import Inspection, InspectionCheck, InspectionFinding, InspectionPlan
from qms.monitoring.workflow import (
    check_inspection_record,
    check_plan_approve,
    check_plan_conclude,
    check_plan_start,
)

S = InspectionPlan.Status
LONG_TEXT = 5000


def _text(value: str, field: str, *, required: bool, limit: int, message: str = "") -> str:
    value = nfc((value or "").strip())
    if required and not value:
        raise ValidationError({field: message or _("This field is required.")})
    if len(value) > limit:
        raise ValidationError(
            {field: _("At most %(limit)s characters, please.") % {"limit": limit}}
        )
    return value


def _check_people(province: Agency, team: list[User]) -> None:
    if not team:
        raise ValidationError({"team": _("Name at least one inspector.")})
    for person in team:
        if not person.is_active or "supervise" not in agency_permissions(person, province):
            raise ValidationError(
                {"team": _("%(name)s is not a supervisor of this province.") % {"name": person}}
            )


def _check_agencies(province: Agency, agencies: list[Agency]) -> None:
    if not agencies:
        raise ValidationError({"agencies": _("Choose the agencies to inspect.")})
    for agency in agencies:
        if agency.province_id != province.pk or not agency.is_active:
            raise ValidationError(
                {
                    "agencies": _("%(agency)s is not an active agency of this province.")
                    % {"agency": agency}
                }
            )


def check_plan_fields(
    province: Agency,
    *,
    year: int,
    title: str,
    decision_number: str,
    starts_on: date,
    ends_on: date,
    team: list[User],
    agencies: list[Agency],
) -> tuple[str, str]:
    """The plan's fields checked (see ``plan_create``); returns the cleaned title and
    decision number. Raises ValidationError."""
    title = _text(title, "title", required=True, limit=255, message=_("Give the plan a title."))
    decision_number = _text(decision_number, "decision_number", required=False, limit=100)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})
    if starts_on.year != year or ends_on.year != year:
        raise ValidationError({"starts_on": _("The period must fall within the plan's year.")})
    _check_people(province, team)
    _check_agencies(province, agencies)
    return title, decision_number


@transaction.atomic
def plan_create(
    *,
    province: Agency,
    by: User,
    year: int,
    title: str,
    starts_on: date,
    ends_on: date,
    team: list[User],
    agencies: list[Agency],
    decision_number: str = "",
) -> InspectionPlan:
    """Draft the year's plan with an inspection, and its pre-filled checklist, per agency.

    Needs ``supervise`` on the province. Refuses an empty title, dates out of order or outside
    the year, an inspector who is not a supervisor of the province, and an agency of another
    province. Raises PermissionDenied or ValidationError.
    """
    require(by, "supervise", province)
    title, decision_number = check_plan_fields(
        province,
        year=year,
        title=title,
        decision_number=decision_number,
        starts_on=starts_on,
        ends_on=ends_on,
        team=team,
        agencies=agencies,
    )
    plan = InspectionPlan(
        province=province,
        year=year,
        title=title,
        decision_number=decision_number,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=by,
    )
    plan._history_user = by
    plan._change_reason = _("Inspection plan drafted")
    plan.save()
    plan.team.set(team)
    add_inspections(plan, agencies, by=by)
    return plan


def add_inspections(plan: InspectionPlan, agencies: list[Agency], *, by: User) -> None:
    """An inspection of each agency under ``plan``, with the pre-filled checklist, recorded
    in the history as ``by``'s."""
    lines = default_checklist()
    for agency in agencies:
        inspection = Inspection(plan=plan, agency=agency)
        inspection._history_user = by
        inspection._change_reason = _("Inspection planned")
        inspection.save()
        # bulk_create alone writes no history: the checks are created with their history rows.
        bulk_create_with_history(
            [
                InspectionCheck(inspection=inspection, position=n, text=text)
                for n, text in enumerate(lines, start=1)
            ],
            InspectionCheck,
            default_user=by,
            default_change_reason=_("Inspection planned"),
        )


def _locked(plan: InspectionPlan) -> InspectionPlan:
    return InspectionPlan.objects.select_for_update().select_related("province").get(pk=plan.pk)


def _move(plan: InspectionPlan, to: str, by: User, fields: list[str], reason: str) -> None:
    plan.status = to
    plan._history_user = by
    plan._change_reason = reason
    plan.save(update_fields=["status", *fields])


@transaction.atomic
def plan_approve(*, plan: InspectionPlan, by: User) -> InspectionPlan:
    """Approve a planned plan: a supervisor of the province other than its drafter."""
    plan = _locked(plan)
    check_plan_approve(plan, by)
    plan.approved_by, plan.approved_at = by, timezone.now()
    _move(plan, S.APPROVED, by, ["approved_by", "approved_at"], _("Inspection plan approved"))
    return plan


@transaction.atomic
def plan_start(*, plan: InspectionPlan, by: User) -> InspectionPlan:
    """Start the inspections of an approved plan; from then the agencies see their results."""
    plan = _locked(plan)
    check_plan_start(plan, by)
    _move(plan, S.IN_PROGRESS, by, [], _("Inspections started"))
    return plan


@transaction.atomic
def plan_conclude(*, plan: InspectionPlan, by: User, conclusion: str) -> InspectionPlan:
    """Conclude the plan with a general conclusion, once every checklist line has a result."""
    plan = _locked(plan)
    check_plan_conclude(plan, by)
    conclusion = _text(
        conclusion,
        "conclusion",
        required=True,
        limit=LONG_TEXT,
        message=_("Write the general conclusion."),
    )
    plan.conclusion, plan.concluded_at = conclusion, timezone.now()
    _move(plan, S.CONCLUDED, by, ["conclusion", "concluded_at"], _("Inspection plan concluded"))
    return plan


@transaction.atomic
def inspection_record(
    *,
    inspection: Inspection,
    by: User,
    inspected_on: date | None,
    recommendations: str,
    results: dict[int, tuple[str, str]],
) -> Inspection:
    """Record the visit date, the recommendations and each checklist line's result and note
    (``results``: check id → (result, note)). Only the plan's team, while it is in progress."""
    inspection = (
        Inspection.objects.select_for_update()
        .select_related("plan", "agency")
        .get(pk=inspection.pk)
    )
    check_inspection_record(inspection, by)
    plan = inspection.plan
    if inspected_on is not None and not plan.starts_on <= inspected_on <= plan.ends_on:
        raise ValidationError({"inspected_on": _("The date must fall within the plan's period.")})
    inspection.inspected_on = inspected_on
    inspection.recommendations = _text(
        recommendations, "recommendations", required=False, limit=LONG_TEXT
    )
    inspection._history_user = by
    inspection._change_reason = _("Inspection recorded")
    inspection.save(update_fields=["inspected_on", "recommendations"])
    checks = {check.pk: check for check in inspection.checks.all()}
    for pk, (result, note) in results.items():
        check = checks.get(pk)
        if check is None:
            continue
        if result not in InspectionCheck.Result.values:
            raise ValidationError(_("Choose a result for every line."))
        check.result = result
        check.note = _text(note, "checks", required=False, limit=LONG_TEXT)
        check._history_user = by
        check._change_reason = _("Inspection recorded")
        check.save(update_fields=["result", "note"])
    return inspection


@transaction.atomic
def finding_add(
    *,
    inspection: Inspection,
    by: User,
    description: str,
    recommendation: str = "",
    open_nonconformity: bool = False,
) -> InspectionFinding:
    """Record a finding at the inspected agency; with ``open_nonconformity`` it also registers
    a nonconformity (source: inspection) in the agency's own register, in one step."""
    inspection = Inspection.objects.select_related("plan", "agency").get(pk=inspection.pk)
    check_inspection_record(inspection, by)
    plan = inspection.plan
    description = _text(
        description,
        "description",
        required=True,
        limit=LONG_TEXT,
        message=_("Describe the finding."),
    )
    recommendation = _text(recommendation, "recommendation", required=False, limit=LONG_TEXT)
    finding = InspectionFinding(
        inspection=inspection,
        description=description,
        recommendation=recommendation,
        recorded_by=by,
    )
    if open_nonconformity:
        finding.nonconformity = nonconformity_create_from_inspection(
            agency=inspection.agency,
            by=by,
            title=Truncator(description.splitlines()[0]).chars(200),
            description=description,
            detected_on=min(inspection.inspected_on or timezone.localdate(), timezone.localdate()),
            source_reference=Truncator(plan.decision_number or plan.title).chars(255),
        )
    finding._history_user = by
    finding._change_reason = _("Inspection finding recorded")
    finding.save()
    return finding
