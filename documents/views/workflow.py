"""The workflow buttons of a revision: one view per transition, each one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.forms import ApproveForm, DecisionForm, SubmitForm
from documents.forms.distribution import ApprovalDistributionForm
from documents.selectors.distribution import distribution_offer
from documents.services import revisions as flow
from documents.services.distribution import revision_approve_distributing
from documents.views.common import get_revision_or_404
from documents.views.distribution import distributed_message
from qms.agencies.permissions import any_permission, holders_of
from qms.lib.forms import add_service_errors

# Who may send a draft back: its reviewers during review, its approver during approval.
RETURNERS = ("review_documents", "approve_documents")


def _refused(request, revision, error: ValidationError):
    for message in error.messages:
        messages.error(request, message)
    return redirect("documents:revision-detail", revision.pk)


def previous_assignment(revision) -> dict:
    """A returned draft goes back to the reviewers and the approver it had."""
    return {
        "reviewers": list(revision.reviewers.values_list("pk", flat=True)),
        "approver": revision.approver_id,
    }


@login_required
def revision_submit(request, pk: int):
    revision = get_revision_or_404(request, pk, "draft_documents")
    agency = revision.document.agency
    reviewers = holders_of(agency, "review_documents").exclude(pk=revision.drafted_by_id)
    approvers = holders_of(agency, "approve_documents").exclude(pk=revision.drafted_by_id)
    form = SubmitForm(
        request.POST or None,
        reviewers=reviewers,
        approvers=approvers,
        initial=previous_assignment(revision),
    )
    if request.method == "POST" and form.is_valid():
        try:
            flow.revision_submit(
                revision=revision,
                by=request.user,
                reviewers=list(form.cleaned_data["reviewers"]),
                approver=form.cleaned_data["approver"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Sent for review."))
            return redirect("documents:revision-detail", revision.pk)
    return render(
        request,
        "documents/revision_submit.html",
        {
            "revision": revision,
            "document": revision.document,
            "form": form,
            "required": revision.document.type.reviewers_required,
        },
    )


@login_required
@require_POST
def revision_review(request, pk: int):
    """A reviewer passes the revision; sending it back is ``revision-return``."""
    revision = get_revision_or_404(request, pk, "review_documents")
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        flow.revision_review_pass(
            revision=revision, by=request.user, comment=form.cleaned_data.get("comment", "")
        )
    except ValidationError as error:
        return _refused(request, revision, error)
    messages.success(request, _("You passed this revision."))
    return redirect("documents:revision-detail", revision.pk)


@login_required
@require_POST
def revision_approve(request, pk: int):
    """The approver approves the revision and distributes it to those ticked (by default
    the recipients of the previous issue); sending it back is ``revision-return``."""
    revision = get_revision_or_404(request, pk, "approve_documents")
    form = ApproveForm(request.POST)
    recipients = ApprovalDistributionForm(request.POST, offer=distribution_offer(revision))
    if not (form.is_valid() and recipients.is_valid()):
        errors = list(form.errors.values()) + list(recipients.errors.values())
        return _refused(request, revision, ValidationError(errors))
    try:
        _revision, rows = revision_approve_distributing(
            revision=revision,
            by=request.user,
            comment=form.cleaned_data["comment"],
            effective_date=form.cleaned_data["effective_date"],
            **recipients.recipients(),
        )
    except ValidationError as error:
        return _refused(request, revision, error)
    if rows:
        messages.success(request, _("Approved.") + " " + distributed_message(rows))
    else:
        messages.warning(
            request,
            _("Approved.") + " " + _("It is not distributed yet: distribute it from its page."),
        )
    return redirect("documents:revision-detail", revision.pk)


@login_required
@require_POST
def revision_return(request, pk: int):
    """A reviewer (during review) or the approver (during approval) sends the draft back to
    its drafter; a comment is required."""
    revision = get_revision_or_404(request, pk)
    if not any_permission(request.user, RETURNERS, revision.document.agency):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        flow.revision_return(
            revision=revision, by=request.user, comment=form.cleaned_data.get("comment", "")
        )
    except ValidationError as error:
        return _refused(request, revision, error)
    messages.success(request, _("Returned to the drafter."))
    return redirect("documents:revision-detail", revision.pk)


urlpatterns = [
    path("revisions/<int:pk>/submit/", revision_submit, name="revision-submit"),
    path("revisions/<int:pk>/review/", revision_review, name="revision-review"),
    path("revisions/<int:pk>/approve/", revision_approve, name="revision-approve"),
    path("revisions/<int:pk>/return/", revision_return, name="revision-return"),
]
