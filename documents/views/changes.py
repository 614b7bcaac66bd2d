"""Change requests and periodic reviews: how an effective document comes to change."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.forms import ChangeDecisionForm, ChangeRequestForm, PeriodicReviewForm
from documents.models import ChangeRequest
from documents.selectors.documents import documents_due_for_review
from documents.services.changes import change_request_create, change_request_decide
from documents.services.reviews import document_review_record
from documents.views.common import get_document_or_404
from documents.workflow import change_request_allowed_actions, check_change_decider
from qms.agencies.permissions import agency_permission_required, holders_of, works_in
from qms.lib.checks import passes
from qms.lib.forms import add_service_errors
from qms.lib.pagination import Paginator


@login_required
def change_request_new(request, pk: int):
    document = get_document_or_404(request, pk)
    if not works_in(request.user, document.agency):
        raise PermissionDenied
    form = ChangeRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change_request_create(document=document, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your change request was sent to the ISO secretary."))
            return redirect("documents:document-detail", document.pk)
    return render(
        request, "documents/change_request_form.html", {"document": document, "form": form}
    )


@login_required
def change_request_decision(request, pk: int):
    change_request = get_object_or_404(ChangeRequest.objects.select_related("document"), pk=pk)
    document = get_document_or_404(request, change_request.document_id)
    if not passes(check_change_decider, document, request.user):
        raise PermissionDenied
    drafters = holders_of(document.agency, "draft_documents")
    form = ChangeDecisionForm(request.POST or None, drafters=drafters)
    if request.method == "POST" and form.is_valid():
        try:
            revision = change_request_decide(
                change_request=change_request, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if revision is not None:
                messages.success(
                    request, _("Accepted: issue %(n)s was started.") % {"n": revision.number}
                )
            else:
                messages.success(request, _("The change request was refused."))
            return redirect("documents:document-detail", document.pk)
    return render(
        request,
        "documents/change_request_decide.html",
        {
            "document": document,
            "change_request": change_request,
            "form": form,
            "allowed": change_request_allowed_actions(change_request, request.user),
        },
    )


@login_required
def periodic_review(request, pk: int):
    document = get_document_or_404(request, pk, "manage_documents")
    form = PeriodicReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = document_review_record(document=document, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if review.next_due:
                messages.success(
                    request,
                    _("Review recorded. Next review due on %(date)s.")
                    % {"date": review.next_due.strftime("%d/%m/%Y")},
                )
            else:
                messages.success(request, _("Review recorded and a change request opened."))
            return redirect("documents:document-detail", document.pk)
    return render(
        request, "documents/periodic_review_form.html", {"document": document, "form": form}
    )


@agency_permission_required("manage_documents")
def review_due(request):
    today = timezone.localdate()
    page = Paginator(documents_due_for_review(agency=request.agency, on=today), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "documents/review_due.html", {"page": page, "today": today})


urlpatterns = [
    path("<int:pk>/change-requests/new/", change_request_new, name="changerequest-create"),
    path("change-requests/<int:pk>/", change_request_decision, name="changerequest-decide"),
    path("<int:pk>/periodic-review/", periodic_review, name="document-review"),
    path("review-due/", review_due, name="review-due"),
]
