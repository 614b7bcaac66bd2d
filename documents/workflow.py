"""Which revision transitions exist and which permission each needs.

None means only the system takes it (on the effective date, or when a successor takes
effect). Services look transitions up here; nothing else changes a revision's status.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from documents.models import Revision
from qms.agencies.permissions import require

S = Revision.Status

TRANSITIONS: dict[tuple[str, str], str | None] = {
    (S.DRAFT, S.IN_REVIEW): "draft_documents",
    (S.IN_REVIEW, S.IN_APPROVAL): "review_documents",
    (S.IN_REVIEW, S.DRAFT): "review_documents",
    (S.IN_APPROVAL, S.APPROVED): "approve_documents",
    (S.IN_APPROVAL, S.DRAFT): "approve_documents",
    (S.APPROVED, S.EFFECTIVE): None,
    (S.EFFECTIVE, S.SUPERSEDED): None,
    (S.EFFECTIVE, S.OBSOLETE): "manage_documents",
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
