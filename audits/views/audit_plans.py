"""The plan of an internal audit: scope, dates, independent team, schedule, sending, PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from audits.audit_pdf import plan_pdf
from audits.forms.internal_audits import (
    AssignmentForm,
    AuditPlanForm,
    ConsentForm,
    ReasonForm,
    ScheduleItemForm,
)
from audits.models import Audit, AuditorAssignment, AuditProgramme, ScheduleItem
from audits.selectors.internal_audits import audit_context
from audits.services import audit_plans, audit_teams
from audits.views.common import get_in_agency_or_404, post_service
from audits.workflow import audit_allowed_actions, is_lead_auditor
from qms.agencies.permissions import agency_permissions
from qms.lib.forms import add_service_errors

AUDITS = Audit.objects.select_related("programme", "agency")


def _plan_initial(audit: Audit) -> dict:
    return {
        "title": audit.title,
        "objectives": audit.objectives,
        "start_on": audit.start_on,
        "end_on": audit.end_on,
        "method": audit.method,
        "locations": audit.locations,
        "units": audit.units.all(),
        "clauses": audit.clauses.all(),
        "documents": audit.documents.all(),
        "scope_note": audit.scope_note,
        "criteria": audit.criteria,
        "auditees": audit.auditees.all(),
    }


@login_required
def audit_create(request, pk: int):
    programme = get_in_agency_or_404(request, AuditProgramme.objects, pk, "manage_audits")
    form = AuditPlanForm(request.POST or None, agency=programme.agency)
    if request.method == "POST" and form.is_valid():
        try:
            audit = audit_plans.audit_plan_create(
                programme=programme, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Audit %(code)s planned.") % {"code": audit.code})
            return redirect("audits:audit-detail", audit.pk)
    return render(request, "audits/audit_form.html", {"form": form, "programme": programme})


@login_required
def audit_edit(request, pk: int):
    audit = get_in_agency_or_404(request, AUDITS, pk, "manage_audits")
    form = AuditPlanForm(
        request.POST or None,
        agency=audit.agency,
        version=audit.iso_version,
        initial=_plan_initial(audit),
    )
    if request.method == "POST" and form.is_valid():
        try:
            audit_plans.audit_plan_update(audit=audit, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Plan saved."))
            return redirect("audits:audit-detail", audit.pk)
    return render(
        request,
        "audits/audit_form.html",
        {"form": form, "programme": audit.programme, "audit": audit},
    )


@login_required
def audit_detail(request, pk: int):
    audit = get_in_agency_or_404(request, AUDITS, pk)
    perms = agency_permissions(request.user, audit.agency)
    manage = "manage_audits" in perms
    planning = manage and audit.status in Audit.PLANNING
    lead = is_lead_auditor(audit, request.user)
    context = audit_context(audit)
    return render(
        request,
        "audits/audit_detail.html",
        {
            **context,
            "can_edit": planning and audit.programme.status != AuditProgramme.Status.PROPOSED,
            "can_send": (manage or lead) and audit.status in Audit.PLANNING,
            "gaps": audit_plans.plan_gaps(audit) if audit.status in Audit.PLANNING else [],
            "can_cancel": planning,
            "assign_form": AssignmentForm(agency=audit.agency) if planning else None,
            "schedule_form": ScheduleItemForm(agency=audit.agency) if planning else None,
            "cancel_form": ReasonForm() if planning else None,
            "allowed": audit_allowed_actions(audit, request.user),
            "consent_form": ConsentForm(),
        },
    )


@login_required
def audit_plan_pdf(request, pk: int):
    audit = get_in_agency_or_404(request, AUDITS, pk)
    response = HttpResponse(plan_pdf(audit), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{audit.code}-ke-hoach.pdf"'
    return response


@login_required
def audit_team_add(request, pk: int):
    audit = get_in_agency_or_404(request, AUDITS, pk, "manage_audits")
    form = AssignmentForm(request.POST or None, agency=audit.agency)

    def assign(**data):
        audit_teams.auditor_assign(audit=audit, by=request.user, **data)

    return post_service(request, audit, assign, _("Team updated."), form)


@login_required
def team_remove(request, pk: int):
    assignment = _assignment_or_404(request, pk)

    def remove():
        audit_teams.auditor_remove(assignment=assignment, by=request.user)

    return post_service(request, assignment.audit, remove, _("Auditor removed from the team."))


def _assignment_or_404(request, pk: int) -> AuditorAssignment:
    """The assignment if its audit is in reach (else 404) and the person is ISO secretary."""
    assignment = AuditorAssignment.objects.filter(pk=pk).first()
    audit = get_in_agency_or_404(
        request, AUDITS, assignment.audit_id if assignment else 0, "manage_audits"
    )
    assignment.audit = audit
    return assignment


@login_required
def audit_schedule_add(request, pk: int):
    audit = get_in_agency_or_404(request, AUDITS, pk, "manage_audits")
    form = ScheduleItemForm(request.POST or None, agency=audit.agency)

    def add(**data):
        audit_plans.schedule_item_add(audit=audit, by=request.user, **data)

    return post_service(request, audit, add, _("Schedule updated."), form)


@login_required
def schedule_remove(request, pk: int):
    item = ScheduleItem.objects.filter(pk=pk).first()
    audit = get_in_agency_or_404(request, AUDITS, item.audit_id if item else 0, "manage_audits")
    item.audit = audit

    def remove():
        audit_plans.schedule_item_remove(item=item, by=request.user)

    return post_service(request, audit, remove, _("Schedule updated."))


@login_required
def audit_send(request, pk: int):
    audit = get_in_agency_or_404(request, AUDITS, pk)

    def send():
        audit_plans.audit_plan_send(audit=audit, by=request.user)

    return post_service(request, audit, send, _("The plan was sent to the auditees and the team."))


@login_required
def audit_cancel(request, pk: int):
    audit = get_in_agency_or_404(request, AUDITS, pk, "manage_audits")
    form = ReasonForm(request.POST or None)

    def cancel(reason):
        audit_plans.audit_cancel(audit=audit, by=request.user, reason=reason)

    return post_service(request, audit, cancel, _("Audit cancelled."), form)


urlpatterns = [
    path("audits/<int:pk>/plan/new/", audit_create, name="programme-audit-create"),
    path("audit/<int:pk>/", audit_detail, name="audit-detail"),
    path("audit/<int:pk>/edit/", audit_edit, name="audit-edit"),
    path("audit/<int:pk>/plan.pdf", audit_plan_pdf, name="audit-plan-pdf"),
    path("audit/<int:pk>/team/", audit_team_add, name="audit-team-add"),
    path("audit/<int:pk>/schedule/", audit_schedule_add, name="audit-schedule-add"),
    path("audit/<int:pk>/send/", audit_send, name="audit-send"),
    path("audit/<int:pk>/cancel/", audit_cancel, name="audit-cancel"),
    path("audit-team/<int:pk>/remove/", team_remove, name="team-remove"),
    path("audit-schedule/<int:pk>/remove/", schedule_remove, name="schedule-remove"),
]
