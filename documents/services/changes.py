"""Change requests to a document: raised, decided, and the next issue an accepted one starts."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents import notifications
from documents.models import ChangeRequest, Document, ProcedureStep, RecordItem, Revision
from documents.workflow import check_change_request_decide
from qms.agencies.models import User
from qms.agencies.permissions import works_in


def check_may_request_change(document: Document, by: User) -> None:
    """A member of the agency asks for a change to an effective document."""
    if not works_in(by, document.agency):
        raise PermissionDenied
    if document.status != Document.Status.EFFECTIVE:
        raise ValidationError(
            _("Only an effective document takes change requests; edit its draft instead.")
        )


@transaction.atomic
def change_request_create(
    *, document: Document, by: User, reason: str, description: str = "", source: str = "request"
) -> ChangeRequest:
    """Anyone of the agency may ask for a change to an effective document (phiếu yêu cầu
    sửa đổi); the ISO secretary or the leader decides. A supervisor, who reads the agency
    without belonging to it, may not (PermissionDenied): the Sở's recommendations are its own
    record, ``recommendation_create``."""
    check_may_request_change(document, by)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the document must change.")})
    request = ChangeRequest(
        document=document,
        reason=reason.strip(),
        description=description.strip(),
        source=source,
        requested_by=by,
    )
    request._history_user = by
    request.save()
    notifications.change_request_opened(request)
    return request


@transaction.atomic
def change_request_decide(
    *,
    change_request: ChangeRequest,
    by: User,
    accept: bool,
    note: str = "",
    drafter: User | None = None,
):
    """Accept (a new issue starts for ``drafter`` from the effective content) or refuse
    (a note is required)."""
    change_request = (
        ChangeRequest.objects.select_for_update()
        .select_related("document__agency")
        .get(pk=change_request.pk)
    )
    document = change_request.document
    check_change_request_decide(change_request, by)
    revision = None
    if accept:
        if drafter is None or not drafter.has_perm("qms.draft_documents", document.agency):
            raise ValidationError({"drafter": _("Choose a drafter of this agency.")})
        revision = revision_new_from(
            document=document, drafter=drafter, change_request=change_request
        )
        notifications.revision_assigned(revision)
    elif not note.strip():
        raise ValidationError({"note": _("Say why the request is refused.")})
    change_request.status = (
        ChangeRequest.Status.ACCEPTED if accept else ChangeRequest.Status.REFUSED
    )
    change_request.decided_by, change_request.decided_at = by, timezone.now()
    change_request.decision_note = note.strip()
    change_request._history_user = by
    change_request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    return revision


# What the next issue takes over from the effective one. The paper signatures are the
# effective issue's own; its paper revision history stays readable from it.
COPIED_FIELDS = (
    "purpose",
    "scope",
    "references",
    "definitions",
    "body",
    "legal_limit_text",
    "legal_limit_days",
)


def revision_new_from(*, document: Document, drafter: User, change_request=None) -> Revision:
    """Start the next issue as a copy of the effective content (callers check permission)."""
    if document.revisions.in_progress().exists():
        raise ValidationError(_("This document already has a revision in progress."))
    base = document.effective_revision
    top = document.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    revision = Revision(
        document=document, number=top + 1, drafted_by=drafter, change_request=change_request
    )
    if base is not None:
        for field in COPIED_FIELDS:
            setattr(revision, field, getattr(base, field))
    revision._history_user = drafter
    revision._change_reason = _("New issue started")
    revision.save()
    if base is not None:
        revision.forms.set(base.forms.all())
        ProcedureStep.objects.bulk_create(
            ProcedureStep(
                revision=revision,
                order=s.order,
                content=s.content,
                responsible=s.responsible,
                time_text=s.time_text,
                duration_days=s.duration_days,
                output=s.output,
            )
            for s in base.steps.all()
        )
        RecordItem.objects.bulk_create(
            RecordItem(
                revision=revision,
                order=r.order,
                name=r.name,
                keeper=r.keeper,
                retention=r.retention,
                retention_years=r.retention_years,
                retention_event=r.retention_event,
            )
            for r in base.records.all()
        )
    return revision
