"""Changing an inspection plan while it is still a draft.

A plan is edited only before its approval: the approval records that the paper plan and the
one in the system agree, so changing it afterwards would break that check. There is no
"returned for changes" step in the plan's life; a plan that needs changes is simply not yet
approved. Dropping an agency deletes its inspection, so an agency whose inspection already
holds work (findings, a visit date, checklist results) is never dropped.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from qms.agencies.models import Agency, User
from qms.lib.text import nfc
from qms.monitoring.models import Inspection, InspectionCheck, InspectionFinding, InspectionPlan
from qms.monitoring.services.inspections import add_inspections, check_plan_fields
from qms.monitoring.workflow import check_plan_edit

REASON_LIMIT = 500


def _inspected(inspections):
    """The inspections that already hold work: a finding, a visit date or a checklist result."""
    findings = InspectionFinding.objects.filter(inspection=OuterRef("pk"))
    results = InspectionCheck.objects.filter(inspection=OuterRef("pk")).exclude(
        result=InspectionCheck.Result.PENDING
    )
    return inspections.filter(
        Q(Exists(findings)) | Q(Exists(results)) | Q(inspected_on__isnull=False)
    )


@transaction.atomic
def plan_update(
    *,
    plan: InspectionPlan,
    by: User,
    reason: str,
    year: int,
    title: str,
    decision_number: str,
    starts_on: date,
    ends_on: date,
    team: list[User],
    agencies: list[Agency],
) -> InspectionPlan:
    """Change a drafted plan: its year, title, decision number, period, team and agencies,
    with the reason kept in the plan's history.

    Needs ``supervise`` on the province. Refused once the plan is approved, without a reason,
    with the same bad input ``plan_create`` refuses, and when an agency to be dropped has
    already been inspected (its findings would be lost). An added agency gets its inspection
    with the pre-filled checklist; a dropped one loses its empty inspection. Raises
    PermissionDenied or ValidationError.
    """
    plan = InspectionPlan.objects.select_for_update().select_related("province").get(pk=plan.pk)
    check_plan_edit(plan, by)
    reason = nfc((reason or "").strip())
    if not reason:
        raise ValidationError({"reason": _("Say why the plan changes.")})
    if len(reason) > REASON_LIMIT:
        raise ValidationError(
            {"reason": _("At most %(limit)s characters, please.") % {"limit": REASON_LIMIT}}
        )
    title, decision_number = check_plan_fields(
        plan.province,
        year=year,
        title=title,
        decision_number=decision_number,
        starts_on=starts_on,
        ends_on=ends_on,
        team=team,
        agencies=agencies,
    )
    kept = {agency.pk for agency in agencies}
    dropped = plan.inspections.exclude(agency_id__in=kept).select_related("agency")
    inspected = [inspection.agency for inspection in _inspected(dropped).order_by("agency__name")]
    if inspected:
        raise ValidationError(
            {
                "agencies": _(
                    "%(agencies)s already inspected under this plan (findings or results are "
                    "recorded): it cannot be removed from the plan."
                )
                % {"agencies": ", ".join(agency.name for agency in inspected)}
            }
        )
    for inspection in dropped:
        inspection._history_user = by
        inspection._change_reason = reason
        inspection.delete()
    present = set(Inspection.objects.filter(plan=plan).values_list("agency_id", flat=True))
    add_inspections(plan, [agency for agency in agencies if agency.pk not in present], by=by)
    plan.year, plan.title, plan.decision_number = year, title, decision_number
    plan.starts_on, plan.ends_on = starts_on, ends_on
    plan._history_user = by
    plan._change_reason = reason
    plan.save(update_fields=["year", "title", "decision_number", "starts_on", "ends_on"])
    plan.team.set(team)
    return plan
