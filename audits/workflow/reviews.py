"""What each step of a management review checks before acting.

The services call these checks; the review's page asks ``review_allowed_actions``, which calls
the very same functions, so that a button is shown exactly when pressing it would be accepted.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from audits.models import ManagementReview
from audits.selectors.review_inputs import inputs_for
from audits.workflow.transitions import R, check_transition
from qms.agencies.permissions import require
from qms.lib.checks import allowed_names


def missing_minutes(review: ManagementReview) -> list[str]:
    """The labels of the inputs whose minutes are still empty."""
    return [
        str(item.label)
        for item in inputs_for(review.iso_version)
        if not (review.minutes or {}).get(item.key, "").strip()
    ]


def check_draft(review: ManagementReview) -> None:
    if review.status != R.DRAFT:
        raise ValidationError(
            _("The minutes are “%(status)s”; only a draft changes.")
            % {"status": review.get_status_display()}
        )


def check_review_prepare(review: ManagementReview, by) -> None:
    """The ISO secretary changes the meeting, its inputs and its minutes while they are a
    draft."""
    require(by, "manage_audits", review.agency)
    check_draft(review)


def check_review_add_decision(review: ManagementReview, by) -> None:
    require(by, "manage_audits", review.agency)
    if review.status != R.DRAFT:
        raise ValidationError(_("Decisions are recorded while the minutes are a draft."))


def check_review_submit(review: ManagementReview, by) -> None:
    """The inputs were compiled and every input has its minutes."""
    check_transition(review, R.AWAITING_APPROVAL, by=by)
    if review.compiled_at is None:
        raise ValidationError(_("Compile the inputs at the meeting first."))
    missing = missing_minutes(review)
    if missing:
        raise ValidationError(
            _("Write the minutes of every input; missing: %(inputs)s.")
            % {"inputs": "; ".join(missing)}
        )


def check_review_approve(review: ManagementReview, by) -> None:
    """A leader who did not prepare the minutes."""
    check_transition(review, R.APPROVED, by=by)
    if by.pk == review.prepared_by_id:
        raise ValidationError(_("Nobody approves minutes they prepared."))


def check_review_return(review: ManagementReview, by) -> None:
    check_transition(review, R.DRAFT, by=by)
    if by.pk == review.prepared_by_id:
        raise PermissionDenied


REVIEW_CHECKS = {
    "edit": check_review_prepare,
    "compile": check_review_prepare,
    "minutes": check_review_prepare,
    "add_decision": check_review_add_decision,
    "submit": check_review_submit,
    "approve": check_review_approve,
    "return": check_review_return,
}


def review_allowed_actions(review: ManagementReview, user) -> frozenset[str]:
    """The steps ``user`` may take on ``review`` now: the names of ``REVIEW_CHECKS`` whose
    check passes."""
    return allowed_names(REVIEW_CHECKS, review, user)
