"""Management reviews: the list, preparing one, its page with the compiled inputs, the minutes,
submission, the leader's decision and the printable PDF."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import path
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audits.forms import MinutesForm, ReviewDecisionForm, ReviewForm
from audits.models import Action, ManagementReview
from audits.selectors.improvement import review_list as reviews_of
from audits.selectors.review_inputs import compile_inputs, inputs_for
from audits.selectors.review_presentation import present_inputs
from audits.services import reviews as service
from audits.views.common import (
    PAGE_SIZE,
    REVIEW_READERS,
    get_in_agency_or_404,
    refused,
    render_page,
)
from audits.workflow import missing_minutes, review_allowed_actions
from qms.agencies.permissions import agency_permission_required
from qms.lib.forms import add_service_errors
from qms.lib.pagination import Paginator
from qms.lib.pdf import html_to_pdf

R = ManagementReview.Status


@agency_permission_required(*REVIEW_READERS)
def review_list(request):
    page = Paginator(reviews_of(agency=request.agency), PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(request, "audits/review_list.html", {"page": page}, tab="reviews")


def _form_data(review: ManagementReview) -> dict:
    return {
        "title": review.title,
        "held_on": review.held_on,
        "location": review.location,
        "chair": review.chair_id,
        "participants": [p.pk for p in review.participants.all()],
        "guests": review.guests,
    }


@agency_permission_required("manage_audits")
def review_create(request):
    form = ReviewForm(request.POST or None, agency=request.agency)
    if request.method == "POST" and form.is_valid():
        try:
            review = service.review_create(
                agency=request.agency, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The review was prepared. Compile its inputs at the meeting.")
            )
            return redirect("audits:review-detail", review.pk)
    return render_page(request, "audits/review_form.html", {"form": form}, tab="reviews")


def _get(request, pk: int, *codenames: str) -> ManagementReview:
    return get_in_agency_or_404(
        request,
        ManagementReview.objects.select_related("chair", "prepared_by", "approved_by"),
        pk,
        *codenames,
    )


@login_required
def review_edit(request, pk: int):
    review = _get(request, pk, "manage_audits")
    form = ReviewForm(request.POST or None, agency=review.agency, initial=_form_data(review))
    if request.method == "POST" and form.is_valid():
        try:
            service.review_update(review=review, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting details were saved."))
            return redirect("audits:review-detail", review.pk)
    return render_page(
        request,
        "audits/review_form.html",
        {"form": form, "review": review, "agency_of": review.agency},
        tab="reviews",
    )


def review_context(review: ManagementReview) -> dict:
    """What the page and the PDF show: the frozen inputs (or, before the meeting, a preview
    compiled now), the minutes, the decisions and the route."""
    data = review.inputs if review.compiled_at else compile_inputs(review)
    decisions = list(
        review.decisions.exclude(status=Action.Status.CANCELLED)
        .select_related("owner")
        .order_by("due_on", "pk")
    )
    return {
        "review": review,
        "agency_of": review.agency,
        "inputs": present_inputs(review.iso_version, data, review.minutes or {}),
        "period_start": data.get("period_start"),
        "compiled_on": data.get("compiled_on"),
        "participants": review.participants.order_by("full_name"),
        "decisions": decisions,
        "events": review.events.select_related("by"),
    }


@login_required
def review_detail(request, pk: int):
    review = _get(request, pk, *REVIEW_READERS)
    context = review_context(review)
    allowed = review_allowed_actions(review, request.user)
    return render_page(
        request,
        "audits/review_detail.html",
        {
            **context,
            "allowed": allowed,
            "missing": missing_minutes(review) if review.status == R.DRAFT else [],
            "decision_form": ReviewDecisionForm(),
        },
        tab="reviews",
    )


@login_required
@require_POST
def review_compile(request, pk: int):
    review = _get(request, pk, "manage_audits")
    try:
        service.review_compile(review=review, by=request.user)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("The inputs were compiled from the data and frozen."))
    return redirect("audits:review-detail", review.pk)


@login_required
def review_minutes(request, pk: int):
    review = _get(request, pk, "manage_audits")
    inputs = inputs_for(review.iso_version)
    initial = {**(review.minutes or {}), "conclusion": review.conclusion}
    form = MinutesForm(request.POST or None, inputs=inputs, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service.review_minutes_save(
                review=review,
                by=request.user,
                minutes=form.minutes(),
                conclusion=form.cleaned_data["conclusion"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The minutes were saved."))
            return redirect("audits:review-detail", review.pk)
    return render_page(
        request,
        "audits/review_minutes.html",
        {"form": form, "review": review, "agency_of": review.agency},
        tab="reviews",
    )


@login_required
@require_POST
def review_submit(request, pk: int):
    review = _get(request, pk, "manage_audits")
    try:
        service.review_submit(review=review, by=request.user)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("The minutes were sent to the leaders for approval."))
    return redirect("audits:review-detail", review.pk)


def _decide(request, pk: int, decide, done: str):
    review = _get(request, pk, "approve_documents")
    form = ReviewDecisionForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        decide(review=review, by=request.user, comment=comment)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, done)
    return redirect("audits:review-detail", review.pk)


@login_required
@require_POST
def review_approve(request, pk: int):
    """A leader who did not prepare the minutes approves them."""
    return _decide(request, pk, service.review_approve, _("The minutes are approved."))


@login_required
@require_POST
def review_return(request, pk: int):
    """A leader returns the minutes to the ISO secretary; a comment is required."""
    return _decide(
        request, pk, service.review_return, _("The minutes were returned to the ISO secretary.")
    )


@login_required
def review_pdf(request, pk: int):
    """The minutes as a PDF (Biên bản xem xét của lãnh đạo), rendered on request."""
    review = _get(request, pk, *REVIEW_READERS)
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("pdf/audits_review.html", review_context(review), request=request)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    name = slugify(f"xem-xet-lanh-dao-{review.held_on:%Y-%m-%d}") or "review"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


urlpatterns = [
    path("reviews/", review_list, name="review-list"),
    path("reviews/new/", review_create, name="review-create"),
    path("reviews/<int:pk>/", review_detail, name="review-detail"),
    path("reviews/<int:pk>/edit/", review_edit, name="review-edit"),
    path("reviews/<int:pk>/inputs/", review_compile, name="review-compile"),
    path("reviews/<int:pk>/minutes/", review_minutes, name="review-minutes"),
    path("reviews/<int:pk>/submission/", review_submit, name="review-submit"),
    path("reviews/<int:pk>/decision/", review_approve, name="review-decide"),
    path("reviews/<int:pk>/return/", review_return, name="review-return"),
    path("reviews/<int:pk>/pdf/", review_pdf, name="review-pdf"),
]
