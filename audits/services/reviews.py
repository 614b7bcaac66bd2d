"""Management review (xem xét của lãnh đạo): prepared by the ISO secretary, inputs compiled
and frozen at the meeting, minutes per input, decisions as tracked actions, approved by a
leader who did not prepare it; approved minutes never change."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits import notifications
from audits.models import ManagementReview, ReviewEvent
from audits.selectors.review_inputs import compile_inputs, inputs_for
from audits.services.checks import check_member, required_text
from audits.workflow import (
    check_review_approve,
    check_review_prepare,
    check_review_return,
    check_review_submit,
)
from qms.agencies.models import Agency, User
from qms.agencies.permissions import require
from qms.lib.text import nfc

R = ManagementReview.Status
K = ReviewEvent.Kind


def _locked(review: ManagementReview) -> ManagementReview:
    return (
        ManagementReview.objects.select_for_update(of=("self",))
        .select_related("agency", "prepared_by")
        .get(pk=review.pk)
    )


def _save(review: ManagementReview, by: User, reason: str, fields: list[str]) -> None:
    review._history_user, review._change_reason = by, reason
    review.save(update_fields=fields)


def _event(review: ManagementReview, kind: str, by: User, comment: str = "") -> None:
    ReviewEvent.objects.create(review=review, kind=kind, by=by, comment=comment)


def _check_people(agency: Agency, chair: User, participants) -> None:
    if chair is None:
        raise ValidationError({"chair": _("Choose who chairs the meeting.")})
    check_member(agency, chair=chair)
    for person in participants:
        check_member(agency, participants=person)


@transaction.atomic
def review_create(
    *,
    agency: Agency,
    by: User,
    title: str,
    held_on: date,
    chair: User,
    participants=(),
    location: str = "",
    guests: str = "",
) -> ManagementReview:
    """Prepare a management review (ISO secretary); it follows the agency's ISO version."""
    require(by, "manage_audits", agency)
    title = required_text(title, "title", _("Give the meeting a title."))
    _check_people(agency, chair, participants)
    review = ManagementReview(
        agency=agency,
        title=nfc(title),
        held_on=held_on,
        chair=chair,
        location=nfc(location.strip()),
        guests=nfc(guests.strip()),
        iso_version=agency.iso_version,
        prepared_by=by,
    )
    review._history_user, review._change_reason = by, _("Management review prepared")
    review.save()
    review.participants.set(participants)
    return review


@transaction.atomic
def review_update(
    *,
    review: ManagementReview,
    by: User,
    title: str,
    held_on: date,
    chair: User,
    participants=(),
    location: str = "",
    guests: str = "",
) -> ManagementReview:
    """Change the meeting's date, place and people while the minutes are a draft."""
    review = _locked(review)
    check_review_prepare(review, by)
    title = required_text(title, "title", _("Give the meeting a title."))
    _check_people(review.agency, chair, participants)
    review.title, review.held_on, review.chair = nfc(title), held_on, chair
    review.location, review.guests = nfc(location.strip()), nfc(guests.strip())
    _save(
        review,
        by,
        _("Meeting details changed"),
        ["title", "held_on", "chair", "location", "guests"],
    )
    review.participants.set(participants)
    return review


@transaction.atomic
def review_compile(*, review: ManagementReview, by: User) -> ManagementReview:
    """Compile the inputs from the data as they are now and freeze them in the review (done at
    the meeting; may be repeated while the minutes are a draft)."""
    review = _locked(review)
    check_review_prepare(review, by)
    review.inputs, review.compiled_at = compile_inputs(review), timezone.now()
    _save(review, by, _("Inputs compiled"), ["inputs", "compiled_at"])
    _event(review, K.COMPILED, by)
    return review


@transaction.atomic
def review_minutes_save(
    *, review: ManagementReview, by: User, minutes: dict[str, str], conclusion: str = ""
) -> ManagementReview:
    """Write the minutes of each input and the conclusions while the minutes are a draft."""
    review = _locked(review)
    check_review_prepare(review, by)
    keys = [item.key for item in inputs_for(review.iso_version)]
    review.minutes = {key: nfc(minutes.get(key, "").strip()) for key in keys}
    review.conclusion = nfc(conclusion.strip())
    _save(review, by, _("Minutes written"), ["minutes", "conclusion"])
    return review


@transaction.atomic
def review_submit(*, review: ManagementReview, by: User) -> ManagementReview:
    """Send the minutes to the leaders for approval: the inputs must have been compiled and
    every input must have its minutes."""
    review = _locked(review)
    check_review_submit(review, by)
    review.status = R.AWAITING_APPROVAL
    _save(review, by, _("Submitted for approval"), ["status"])
    _event(review, K.SUBMITTED, by)
    notifications.review_to_approve(review)
    return review


@transaction.atomic
def review_return(*, review: ManagementReview, by: User, comment: str) -> ManagementReview:
    """A leader sends the minutes back to the ISO secretary with a comment."""
    review = _locked(review)
    check_review_return(review, by)
    comment = nfc(required_text(comment, "comment", _("Say what must change.")))
    review.status = R.DRAFT
    _save(review, by, _("Returned for changes"), ["status"])
    _event(review, K.RETURNED, by, comment)
    notifications.review_returned(review, by=by, comment=comment)
    return review


@transaction.atomic
def review_approve(*, review: ManagementReview, by: User, comment: str = "") -> ManagementReview:
    """A leader (approver role) who did not prepare the minutes approves them; from then on
    nothing in the review changes."""
    review = _locked(review)
    check_review_approve(review, by)
    review.status, review.approved_by, review.approved_at = R.APPROVED, by, timezone.now()
    _save(review, by, _("Approved"), ["status", "approved_by", "approved_at"])
    _event(review, K.APPROVED, by, nfc(comment.strip()))
    return review
