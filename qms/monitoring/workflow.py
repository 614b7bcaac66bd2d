"""What each step of an inspection plan, an inspection and an annual report checks before
acting.

The services call these checks; the pages ask ``<object>_allowed_actions(obj, user)``, which
calls the very same functions, so that a button is shown exactly when pressing it would be
accepted.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from qms.agencies.models import User
from qms.agencies.permissions import require
from qms.lib.checks import allowed_names
from qms.monitoring.models import AnnualReport, Inspection, InspectionCheck, InspectionPlan

S = InspectionPlan.Status
R = AnnualReport.Status
# An inspection plan's life; each step needs ``supervise`` on the province.
PLAN_TRANSITIONS = {
    (S.PLANNED, S.APPROVED),
    (S.APPROVED, S.IN_PROGRESS),
    (S.IN_PROGRESS, S.CONCLUDED),
}
# A plan changes only before its approval: the approval records that the paper plan and the
# one in the system agree.
PLAN_EDITABLE = (S.PLANNED,)
# A report changes while it is prepared and after it came back for correction.
REPORT_EDITABLE = (R.DRAFT, R.RETURNED)


def check_plan_step(plan: InspectionPlan, to: str, by: User) -> None:
    """A supervisor of the province, and a step that exists from the plan's status."""
    require(by, "supervise", plan.province)
    if (plan.status, to) not in PLAN_TRANSITIONS:
        raise ValidationError(
            _("The plan is “%(status)s”; this step is not possible now.")
            % {"status": plan.get_status_display()}
        )


def check_plan_edit(plan: InspectionPlan, by: User) -> None:
    require(by, "supervise", plan.province)
    if plan.status not in PLAN_EDITABLE:
        raise ValidationError(
            _("The plan is “%(status)s”: only a plan not yet approved can be edited.")
            % {"status": plan.get_status_display()}
        )


def check_plan_approve(plan: InspectionPlan, by: User) -> None:
    """Another supervisor than the drafter: nobody approves their own draft."""
    check_plan_step(plan, S.APPROVED, by)
    if plan.created_by_id == by.pk:
        raise ValidationError(
            _("Another supervisor approves the plan, not the one who drafted it.")
        )


def check_plan_start(plan: InspectionPlan, by: User) -> None:
    check_plan_step(plan, S.IN_PROGRESS, by)


def check_plan_conclude(plan: InspectionPlan, by: User) -> None:
    """Every checklist line of every inspection has its result."""
    check_plan_step(plan, S.CONCLUDED, by)
    pending = InspectionCheck.objects.filter(
        inspection__plan=plan, result=InspectionCheck.Result.PENDING
    )
    if pending.exists():
        raise ValidationError(_("Some checklist lines have no result yet."))


PLAN_CHECKS = {
    "edit": check_plan_edit,
    "approve": check_plan_approve,
    "start": check_plan_start,
    "conclude": check_plan_conclude,
}


def plan_allowed_actions(plan: InspectionPlan, user: User) -> frozenset[str]:
    return allowed_names(PLAN_CHECKS, plan, user)


def check_inspection_record(inspection: Inspection, by: User) -> None:
    """The plan's team records the visit, the checklist and the findings while the plan is in
    progress; other supervisors only read."""
    require(by, "supervise", inspection.agency)
    if not inspection.plan.team.filter(pk=by.pk).exists():
        raise PermissionDenied
    if inspection.plan.status != S.IN_PROGRESS:
        raise ValidationError(_("The inspection is not in progress."))


INSPECTION_CHECKS = {"record": check_inspection_record}


def inspection_allowed_actions(inspection: Inspection, user: User) -> frozenset[str]:
    return allowed_names(INSPECTION_CHECKS, inspection, user)


def missing_report_fields(report: AnnualReport) -> list[str]:
    """The labels of the form's fields the report leaves empty."""
    values = report.values or {}
    return [f["label"] for f in report.template.fields if values.get(f["key"]) in (None, "")]


def check_report_edit(report: AnnualReport, by: User) -> None:
    require(by, "manage_documents", report.agency)
    if report.status not in REPORT_EDITABLE:
        raise ValidationError(_("A submitted report is read-only."))


def check_report_submit(report: AnnualReport, by: User) -> None:
    """The agency's ISO secretary submits a report whose every field is filled."""
    require(by, "manage_documents", report.agency)
    if report.status not in REPORT_EDITABLE:
        raise ValidationError(_("The report was already submitted."))
    missing = missing_report_fields(report)
    if missing:
        raise ValidationError(
            _("Fill in every field before submitting: %(fields)s.") % {"fields": ", ".join(missing)}
        )


def check_report_return(report: AnnualReport, by: User) -> None:
    require(by, "supervise", report.agency)
    if report.status != R.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be returned."))


REPORT_CHECKS = {
    "edit": check_report_edit,
    "submit": check_report_submit,
    "return": check_report_return,
}


def report_allowed_actions(report: AnnualReport, user: User) -> frozenset[str]:
    return allowed_names(REPORT_CHECKS, report, user)
