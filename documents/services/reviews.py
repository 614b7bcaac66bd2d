"""Periodic review of an effective document (xem xét định kỳ): the next due date, or a change
request. Its own module, since a change request leads to a new revision, which refreshes the
document: keeping it beside the document services would close a circle between the three."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import Document, DocumentReview
from documents.services.changes import change_request_create
from qms.agencies.models import User
from qms.agencies.permissions import require
from qms.lib.dates import add_months


@transaction.atomic
def document_review_record(
    *, document: Document, by: User, outcome: str, note: str = ""
) -> DocumentReview:
    """Record a periodic review. "No change" sets the next due date; "change needed" opens a
    change request with the note as its reason."""
    require(by, "manage_documents", document.agency)
    if document.status != Document.Status.EFFECTIVE:
        raise ValidationError(_("Only an effective document is reviewed periodically."))
    if outcome == DocumentReview.Outcome.CHANGE_NEEDED and not note.strip():
        raise ValidationError({"note": _("Say what needs to change.")})
    today = timezone.localdate()
    review = DocumentReview(document=document, outcome=outcome, note=note, reviewed_by=by)
    if outcome == DocumentReview.Outcome.NO_CHANGE:
        review.next_due = add_months(today, document.type.review_period_months)
        document.review_due = review.next_due
        document._history_user = by
        document._change_reason = _("Periodic review: no change")
        document.save(update_fields=["review_due"])
    else:
        change_request_create(document=document, by=by, reason=note, source="periodic_review")
    review.save()
    return review
