"""An approved revision takes effect on its effective date, once its controlled copy exists.

It takes effect at approval when its date is today and the copy was made in the approval's
transaction; when its copy is stored, if the copy was made by the queue
(``documents.services.queued_copies``) and the date has come; otherwise by the daily job
(``activate_revisions``). A revision never takes effect without its copy: the copy is what
the verification page and the public portal show as in force.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import Document, Revision
from documents.services.documents import document_refresh_search_text
from documents.workflow import check_transition
from qms.agencies.models import User
from qms.lib.dates import add_months

S = Revision.Status


def _save(revision: Revision, by: User | None, reason: str, fields: list[str]) -> None:
    revision._history_user = by
    revision._change_reason = reason
    revision.save(update_fields=fields)


def revision_activate(revision: Revision, by: User | None) -> None:
    """Make an approved revision effective; the current one is superseded first, so that
    the one-effective constraint holds at every statement. Callers lock the document and
    the revision."""
    check_transition(revision, S.EFFECTIVE)
    document = revision.document
    current = (
        Revision.objects.select_for_update().filter(document=document, status=S.EFFECTIVE).first()
    )
    if current is not None:
        current.status, current.ended_on = S.SUPERSEDED, revision.effective_date
        _save(
            current,
            by,
            _("Superseded by issue %(number)s") % {"number": f"{revision.number:02}"},
            ["status", "ended_on"],
        )
    revision.status = S.EFFECTIVE
    _save(revision, by, _("Took effect"), ["status"])
    document.status, document.effective_revision = Document.Status.EFFECTIVE, revision
    document.review_due = add_months(revision.effective_date, document.type.review_period_months)
    document_refresh_search_text(document)
    document._history_user = by
    document._change_reason = _("Issue %(number)s took effect") % {
        "number": f"{revision.number:02}"
    }
    document.save(update_fields=["status", "effective_revision", "review_due", "search_text"])


@transaction.atomic
def revisions_activate_due(*, on: date | None = None) -> int:
    """Make effective every approved revision whose effective date has come and whose
    controlled copy is made (run daily)."""
    on = on or timezone.localdate()
    count = 0
    due = Revision.objects.filter(status=S.APPROVED, effective_date__lte=on).exclude(pdf_file="")
    for pk, document_id in due.values_list("pk", "document_id"):
        Document.objects.select_for_update().get(pk=document_id)
        revision = (
            Revision.objects.select_for_update()
            .select_related("document__agency", "document__type")
            .get(pk=pk)
        )
        if revision.status == S.APPROVED:
            revision_activate(revision, None)
            count += 1
    return count
