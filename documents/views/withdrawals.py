"""Withdrawing an effective issue: the ISO secretary's proposal, after a page that says what
it affects, and the leader's decision on it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from documents.forms.withdrawals import WithdrawalDecisionForm, WithdrawalProposalForm
from documents.selectors.withdrawals import open_withdrawal, withdrawal_readers
from documents.services.withdrawals import withdrawal_decide, withdrawal_propose
from documents.views.common import get_revision_or_404
from documents.workflow import check_revision_decide_withdrawal, check_revision_withdraw
from qms.lib.forms import add_service_errors


def _refused(request, revision, error: ValidationError):
    for message in error.messages:
        messages.error(request, message)
    return redirect("documents:revision-detail", revision.pk)


@login_required
def revision_withdraw(request, pk: int):
    """The ISO secretary proposes withdrawing an effective issue, on a page that first says
    which document and which readers it affects."""
    revision = get_revision_or_404(request, pk, "manage_documents")
    try:
        check_revision_withdraw(revision, request.user)
    except ValidationError as error:
        return _refused(request, revision, error)
    form = WithdrawalProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            withdrawal_propose(
                revision=revision, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The withdrawal was sent to the leader for a decision."))
            return redirect("documents:revision-detail", revision.pk)
    return render(
        request,
        "documents/withdrawal_form.html",
        {
            "revision": revision,
            "document": revision.document,
            "form": form,
            "readers": withdrawal_readers(revision),
        },
    )


@login_required
def withdrawal_decision(request, pk: int):
    """The leader approves or refuses the open proposal to withdraw the issue."""
    revision = get_revision_or_404(request, pk, "approve_documents")
    withdrawal = open_withdrawal(revision)
    try:
        check_revision_decide_withdrawal(revision, request.user)
    except ValidationError as error:  # decided already, or never proposed
        return _refused(request, revision, error)
    form = WithdrawalDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decided = withdrawal_decide(withdrawal=withdrawal, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if decided.status == decided.Status.APPROVED:
                messages.success(request, _("The document was withdrawn and is now obsolete."))
                return redirect("documents:document-detail", revision.document_id)
            messages.success(request, _("The withdrawal was refused; the issue stays effective."))
            return redirect("documents:revision-detail", revision.pk)
    return render(
        request,
        "documents/withdrawal_decide.html",
        {
            "revision": revision,
            "document": revision.document,
            "withdrawal": withdrawal,
            "form": form,
            "readers": withdrawal_readers(revision),
        },
    )


urlpatterns = [
    path("revisions/<int:pk>/withdraw/", revision_withdraw, name="revision-withdraw"),
    path("revisions/<int:pk>/withdrawal/", withdrawal_decision, name="revision-withdrawal-decide"),
]
