"""The fieldwork and the report of an internal audit: checklist, findings, acknowledgement by
the auditees, completion, the report and its approval."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audits.audit_pdf import report_pdf
from audits.forms.internal_audits import (
    AcknowledgeForm,
    ChecklistItemForm,
    ConclusionForm,
    DecisionForm,
    FindingForm,
)
from audits.models import Audit, Finding
from audits.selectors.internal_audits import audit_context, findings_of, first_clause_of
from audits.services import checklists, findings
from audits.views.audit_plans import AUDITS
from audits.views.checklists import item_or_404, may_answer
from audits.views.common import get_in_agency_or_404, refused
from audits.workflow import audit_allowed_actions
from qms.lib.forms import add_service_errors

U = Audit.Status


def _back_to_checklist(audit):
    return redirect("audits:audit-checklist", audit.pk)


@login_required
def checklist_build(request, pk: int):
    audit = get_in_agency_or_404(request, AUDITS, pk, "audit", "manage_audits")
    if request.method == "POST":
        try:
            added = checklists.checklist_build(audit=audit, by=request.user)
        except ValidationError as error:
            refused(request, error)
        else:
            messages.success(
                request, _("%(count)s items added to the checklist.") % {"count": added}
            )
    return _back_to_checklist(audit)


@login_required
def checklist_item_add(request, pk: int):
    audit = get_in_agency_or_404(request, AUDITS, pk, "audit", "manage_audits")
    form = ChecklistItemForm(request.POST or None, agency=audit.agency, version=audit.iso_version)
    if request.method == "POST" and form.is_valid():
        try:
            checklists.checklist_item_add(audit=audit, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refused(request, error)
        else:
            messages.success(request, _("Item added to the checklist."))
    elif request.method == "POST":
        refused(request, ValidationError(list(form.errors.values())))
    return _back_to_checklist(audit)


@login_required
def checklistitem_remove(request, pk: int):
    item = item_or_404(request, pk, "audit", "manage_audits")
    if request.method == "POST":
        try:
            checklists.checklist_item_remove(item=item, by=request.user)
        except ValidationError as error:
            refused(request, error)
        else:
            messages.success(request, _("Item removed from the checklist."))
    return _back_to_checklist(item.audit)


@login_required
def finding_create(request, pk: int):
    audit = get_in_agency_or_404(request, AUDITS, pk, "audit")
    if not may_answer(audit, request.user):
        raise PermissionDenied
    initial = {}
    item = audit.checklist.filter(pk=request.GET.get("item") or 0).first()
    if item is not None:
        initial = {
            "checklist_item": item,
            "clause": item.clause or first_clause_of(item.document, audit.agency),
            "unit": item.unit,
            "document": item.document,
            "evidence": item.evidence,
        }
    form = FindingForm(request.POST or None, audit=audit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            finding = findings.finding_record(audit=audit, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Finding %(code)s recorded.") % {"code": finding.code})
            return redirect("audits:finding-detail", finding.pk)
    return render(request, "audits/finding_form.html", {"form": form, "audit": audit})


@login_required
def finding_detail(request, pk: int):
    finding = get_in_agency_or_404(
        request,
        Finding.objects.select_related(
            "audit",
            "clause",
            "unit",
            "document",
            "recorded_by",
            "acknowledged_by",
            "nonconformity",
            "checklist_item",
        ),
        pk,
    )
    may_acknowledge = findings.may_acknowledge(finding, request.user)
    return render(
        request,
        "audits/finding_detail.html",
        {
            "finding": finding,
            "audit": finding.audit,
            "acknowledge_form": AcknowledgeForm() if may_acknowledge else None,
            "evidence_files": finding.evidence_files.select_related(
                "added_by", "consent__given_by"
            ),
            "allowed": audit_allowed_actions(finding.audit, request.user),
        },
    )


@login_required
def finding_acknowledge(request, pk: int):
    finding = get_in_agency_or_404(request, Finding.objects, pk)
    form = AcknowledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            findings.finding_acknowledge(finding=finding, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refused(request, error)
        else:
            messages.success(request, _("Finding acknowledged."))
    return redirect("audits:finding-detail", finding.pk)


@login_required
def audit_complete(request, pk: int):
    audit = get_in_agency_or_404(request, AUDITS, pk)
    if request.method == "POST":
        try:
            findings.audit_complete(audit=audit, by=request.user)
        except ValidationError as error:
            refused(request, error)
            return redirect(reverse("audits:audit-checklist", args=[audit.pk]) + "#progress")
        messages.success(request, _("Fieldwork completed: write the report."))
    return redirect("audits:audit-report", audit.pk)


@login_required
def audit_report(request, pk: int):
    audit = get_in_agency_or_404(request, AUDITS, pk)
    allowed = audit_allowed_actions(audit, request.user)
    form = ConclusionForm(request.POST or None, initial={"conclusion": audit.conclusion})
    if request.method == "POST" and form.is_valid():
        try:
            findings.report_propose(audit=audit, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Report sent to the leader for approval."))
            return redirect("audits:audit-report", audit.pk)
    return render(
        request,
        "audits/audit_report.html",
        {
            **audit_context(audit),
            "form": form if "propose_report" in allowed else None,
            "allowed": allowed,
            "decision_form": DecisionForm(),
        },
    )


def _decide(request, pk: int, *, approve: bool, done: str):
    audit = get_in_agency_or_404(request, AUDITS, pk, "approve_documents")
    form = DecisionForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        findings.report_decide(audit=audit, by=request.user, approve=approve, comment=comment)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, done)
    return redirect("audits:audit-report", audit.pk)


@login_required
@require_POST
def audit_report_approve(request, pk: int):
    return _decide(request, pk, approve=True, done=_("Report approved."))


@login_required
@require_POST
def audit_report_return(request, pk: int):
    """The leader sends the report back to the lead auditor; a comment is required."""
    return _decide(request, pk, approve=False, done=_("Report returned."))


@login_required
def audit_report_pdf(request, pk: int):
    """The approved report from storage; before approval a draft rendered on the fly."""
    audit = get_in_agency_or_404(request, AUDITS, pk)
    filename = f"{audit.code}-bao-cao.pdf"
    if audit.report_pdf:
        return FileResponse(
            audit.report_pdf.open("rb"), content_type="application/pdf", filename=filename
        )
    response = HttpResponse(report_pdf(audit), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def audit_findings(request, pk: int):
    audit = get_in_agency_or_404(request, AUDITS, pk)
    return render(
        request,
        "audits/audit_findings.html",
        {
            "audit": audit,
            "findings": findings_of(audit),
            "may_record": may_answer(audit, request.user),
        },
    )


urlpatterns = [
    path("audit/<int:pk>/checklist/build/", checklist_build, name="audit-checklist-build"),
    path("audit/<int:pk>/checklist/add/", checklist_item_add, name="audit-checklist-add"),
    path("audit/<int:pk>/findings/", audit_findings, name="audit-findings"),
    path("audit/<int:pk>/findings/new/", finding_create, name="audit-finding-create"),
    path("audit/<int:pk>/complete/", audit_complete, name="audit-complete"),
    path("audit/<int:pk>/report/", audit_report, name="audit-report"),
    path("audit/<int:pk>/report/decision/", audit_report_approve, name="audit-report-decide"),
    path("audit/<int:pk>/report/return/", audit_report_return, name="audit-report-return"),
    path("audit/<int:pk>/report.pdf", audit_report_pdf, name="audit-report-pdf"),
    path("checklist-item/<int:pk>/remove/", checklistitem_remove, name="checklistitem-remove"),
    path("finding/<int:pk>/", finding_detail, name="finding-detail"),
    path("finding/<int:pk>/acknowledge/", finding_acknowledge, name="finding-acknowledge"),
]
