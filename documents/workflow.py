"""Which revision transitions exist and which permission each needs.

None means only the system takes it (on the effective date, or when a successor takes
effect). Services look transitions up here; nothing else changes a revision's status.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from documents.models import (
    Acknowledgement,
    ChangeRequest,
    ReadingReminder,
    Revision,
    WithdrawalRequest,
)
from documents.selectors.distribution import is_recipient, recipients_of
from documents.selectors.revisions import pending_reviewers
from documents.selectors.withdrawals import open_withdrawal
from qms.agencies.permissions import agency_permissions, require
from qms.lib.checks import allowed_names

S = Revision.Status

TRANSITIONS: dict[tuple[str, str], str | None] = {
    (S.DRAFT, S.IN_REVIEW): "draft_documents",
    (S.IN_REVIEW, S.IN_APPROVAL): "review_documents",
    (S.IN_REVIEW, S.DRAFT): "review_documents",
    (S.IN_APPROVAL, S.APPROVED): "approve_documents",
    (S.IN_APPROVAL, S.DRAFT): "approve_documents",
    (S.APPROVED, S.EFFECTIVE): None,
    (S.EFFECTIVE, S.SUPERSEDED): None,
    # The leader approves a withdrawal the ISO secretary proposed (``check_revision_withdraw``).
    (S.EFFECTIVE, S.OBSOLETE): "approve_documents",
}


def check_transition(revision: Revision, to: str, *, by=None) -> None:
    """Raise ValidationError for a transition that does not exist from the revision's
    current status, and PermissionDenied when ``by`` lacks the permission it needs."""
    key = (revision.status, to)
    if key not in TRANSITIONS:
        raise ValidationError(
            _("A revision that is “%(current)s” cannot become “%(target)s”.")
            % {"current": revision.get_status_display(), "target": S(to).label}
        )
    codename = TRANSITIONS[key]
    if by is not None and codename is not None:
        require(by, codename, revision.document.agency)


def allowed(revision: Revision, to: str) -> bool:
    return (revision.status, to) in TRANSITIONS


# The rules each step of a revision checks before acting. The services call them; the pages
# ask ``revision_allowed_actions``, which calls the very same functions, so that a button is
# shown exactly when pressing it would be accepted.


def check_editor(revision: Revision, by) -> None:
    """The ISO secretary edits any draft; a drafter edits their own."""
    perms = agency_permissions(by, revision.document.agency)
    if "manage_documents" in perms:
        return
    if "draft_documents" in perms and revision.drafted_by_id == by.pk:
        return
    raise PermissionDenied


def check_revision_edit(revision: Revision, by) -> None:
    if revision.status != S.DRAFT:
        raise ValidationError(
            _("Only a draft can be edited; this revision is “%(status)s”.")
            % {"status": revision.get_status_display()}
        )
    check_editor(revision, by)


def check_revision_submit(revision: Revision, by) -> None:
    check_transition(revision, S.IN_REVIEW, by=by)
    check_editor(revision, by)


def check_revision_review(revision: Revision, by) -> None:
    """One of the revision's reviewers who has not passed it yet in this round."""
    check_transition(revision, S.IN_APPROVAL, by=by)
    if by not in revision.reviewers.all():
        raise PermissionDenied
    if by not in pending_reviewers(revision):
        raise ValidationError(_("You have already passed this revision."))


def check_revision_return(revision: Revision, by) -> None:
    """In review, one of its reviewers; in approval, its approver."""
    check_transition(revision, S.DRAFT, by=by)
    if revision.status == S.IN_REVIEW:
        if by not in revision.reviewers.all():
            raise PermissionDenied
    elif by != revision.approver:
        raise PermissionDenied


def check_revision_approve(revision: Revision, by) -> None:
    check_transition(revision, S.APPROVED, by=by)
    if by != revision.approver:
        raise PermissionDenied
    if by == revision.drafted_by:
        raise ValidationError(_("Nobody approves their own draft."))


def check_revision_withdraw(revision: Revision, by) -> None:
    """The ISO secretary proposes withdrawing an effective issue, once at a time; the leader
    decides (``check_withdrawal_decide``)."""
    check_transition(revision, S.OBSOLETE)
    require(by, "manage_documents", revision.document.agency)
    if open_withdrawal(revision) is not None:
        raise ValidationError(_("A withdrawal of this issue already awaits the leader's decision."))


def check_withdrawal_decide(withdrawal: WithdrawalRequest, by) -> None:
    """The leader approves or refuses an open proposal, once; nobody decides their own."""
    if withdrawal.status != WithdrawalRequest.Status.PROPOSED:
        raise ValidationError(_("This withdrawal was already decided."))
    check_transition(withdrawal.revision, S.OBSOLETE, by=by)
    if withdrawal.proposed_by_id == by.pk:
        raise ValidationError(_("Nobody decides on their own proposal to withdraw."))


def check_revision_decide_withdrawal(revision: Revision, by) -> None:
    withdrawal = open_withdrawal(revision) if revision.status == S.EFFECTIVE else None
    if withdrawal is None:
        raise ValidationError(_("No withdrawal of this issue awaits a decision."))
    check_withdrawal_decide(withdrawal, by)


REVISION_CHECKS = {
    "edit": check_revision_edit,
    "submit": check_revision_submit,
    "review": check_revision_review,
    "return": check_revision_return,
    "approve": check_revision_approve,
    "withdraw": check_revision_withdraw,
    "decide_withdrawal": check_revision_decide_withdrawal,
}


def revision_allowed_actions(revision: Revision, user) -> frozenset[str]:
    """The steps ``user`` may take on ``revision`` now: the names of ``REVISION_CHECKS``
    whose check passes."""
    return allowed_names(REVISION_CHECKS, revision, user)


# An approved revision may be distributed before it takes effect; it is acknowledged once
# it is effective.
DISTRIBUTABLE = (S.APPROVED, S.EFFECTIVE)
# How long the readers of an issue rest after a reminder before the next one.
REMIND_AGAIN_AFTER = timedelta(days=1)


def check_effective_for_reading(revision: Revision) -> None:
    if revision.status != S.EFFECTIVE:
        raise ValidationError(
            _("Only an effective revision is acknowledged; this one is “%(status)s”.")
            % {"status": revision.get_status_display()}
        )


def check_revision_distribute(revision: Revision, by) -> None:
    """The ISO secretary distributes an approved or effective issue."""
    require(by, "manage_documents", revision.document.agency)
    if revision.status not in DISTRIBUTABLE:
        raise ValidationError(
            _("Only an approved or effective revision is distributed; this one is “%(status)s”.")
            % {"status": revision.get_status_display()}
        )


def check_revision_acknowledge(revision: Revision, by) -> None:
    """ "Đã đọc và hiểu": a recipient, an effective issue, once."""
    if not is_recipient(revision, by):
        raise PermissionDenied
    check_effective_for_reading(revision)
    if Acknowledgement.objects.filter(revision=revision, user=by).exists():
        raise ValidationError(_("You have already acknowledged this revision."))


def check_revision_remind(revision: Revision, by) -> None:
    """The ISO secretary reminds the recipients of an effective issue who have not read it,
    at most once a day."""
    require(by, "manage_documents", revision.document.agency)
    check_effective_for_reading(revision)
    last = ReadingReminder.objects.filter(revision=revision).order_by("-sent_at").first()
    if last is not None and timezone.now() < last.sent_at + REMIND_AGAIN_AFTER:
        again = timezone.localtime(last.sent_at + REMIND_AGAIN_AFTER)
        raise ValidationError(
            _("The readers were reminded at %(sent)s; remind them again from %(again)s.")
            % {
                "sent": formats.date_format(
                    timezone.localtime(last.sent_at), "SHORT_DATETIME_FORMAT"
                ),
                "again": formats.date_format(again, "SHORT_DATETIME_FORMAT"),
            }
        )
    if not recipients_of(revision).filter(acknowledged=False).exists():
        raise ValidationError(_("Everyone has read this issue; nobody to remind."))


DISTRIBUTION_CHECKS = {
    "distribute": check_revision_distribute,
    "acknowledge": check_revision_acknowledge,
    "remind": check_revision_remind,
}


def distribution_allowed_actions(revision: Revision, user) -> frozenset[str]:
    """What ``user`` may do about who reads ``revision``: the names of
    ``DISTRIBUTION_CHECKS`` whose check passes."""
    return allowed_names(DISTRIBUTION_CHECKS, revision, user)


# Who decides on a change request: the ISO secretary or the leader; the leader alone where
# the agency's procedure says so (``Agency.leader_decides_changes``).
CHANGE_DECIDERS = {"manage_documents", "approve_documents"}
LEADER_DECIDES = {"approve_documents"}


def check_change_decider(document, by) -> None:
    agency = document.agency
    deciders = LEADER_DECIDES if agency.leader_decides_changes else CHANGE_DECIDERS
    if not deciders & agency_permissions(by, agency):
        raise PermissionDenied


def check_change_request_decide(change_request: ChangeRequest, by) -> None:
    """The ISO secretary or the leader decides on an open change request, once."""
    check_change_decider(change_request.document, by)
    if change_request.status != ChangeRequest.Status.OPEN:
        raise ValidationError(_("This change request was already decided."))


CHANGE_REQUEST_CHECKS = {"decide": check_change_request_decide}


def change_request_allowed_actions(change_request: ChangeRequest, user) -> frozenset[str]:
    """The steps ``user`` may take on ``change_request`` now: the names of
    ``CHANGE_REQUEST_CHECKS`` whose check passes."""
    return allowed_names(CHANGE_REQUEST_CHECKS, change_request, user)
