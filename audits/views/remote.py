"""Remote and hybrid audits: an auditee gives or withdraws their consent to being recorded,
an auditor attaches evidence files to a finding, and anyone of the agency downloads them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from audits.forms.internal_audits import ConsentForm, EvidenceForm
from audits.models import Finding, FindingEvidence
from audits.services import remote
from audits.views.audit_plans import AUDITS
from audits.views.common import get_in_agency_or_404, post_service, refused
from audits.workflow.audits import check_evidence_add
from qms.lib.forms import add_service_errors


@login_required
def consent_give(request, pk: int):
    audit = get_in_agency_or_404(request, AUDITS, pk)
    form = ConsentForm(request.POST)  # bound even when empty: the scope is optional

    def give(scope):
        remote.consent_give(audit=audit, by=request.user, scope=scope)

    return post_service(request, audit, give, _("Your consent to being recorded is noted."), form)


@login_required
def consent_withdraw(request, pk: int):
    audit = get_in_agency_or_404(request, AUDITS, pk)

    def withdraw():
        remote.consent_withdraw(audit=audit, by=request.user)

    return post_service(
        request, audit, withdraw, _("Your consent is withdrawn: nothing more is recorded.")
    )


@login_required
def evidence_add(request, pk: int):
    finding = get_in_agency_or_404(request, Finding.objects.select_related("audit"), pk)
    try:
        check_evidence_add(finding.audit, request.user)
    except ValidationError as error:  # the fieldwork is over: say so on the finding
        refused(request, error)
        return redirect("audits:finding-detail", finding.pk)
    form = EvidenceForm(
        request.POST or None,
        request.FILES or None,
        consents=remote.active_consents(finding.audit),
    )
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            remote.finding_evidence_add(
                finding=finding,
                by=request.user,
                kind=data["kind"],
                upload=data["file"],
                consent=data["consent"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Evidence file added."))
            return redirect("audits:finding-detail", finding.pk)
    return render(
        request,
        "audits/evidence_form.html",
        {"finding": finding, "audit": finding.audit, "form": form},
    )


@login_required
def evidence_file(request, pk: int):
    evidence = FindingEvidence.objects.filter(pk=pk).select_related("finding__agency").first()
    if evidence is None or not request.user.has_perm("qms.view_qms", evidence.finding.agency):
        raise Http404
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


urlpatterns = [
    path("audit/<int:pk>/consent/", consent_give, name="audit-consent-give"),
    path("audit/<int:pk>/consent/withdrawal/", consent_withdraw, name="audit-consent-withdraw"),
    path("finding/<int:pk>/evidence/new/", evidence_add, name="finding-evidence-add"),
    path("evidence/<int:pk>/", evidence_file, name="evidence-file"),
]
