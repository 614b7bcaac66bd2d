from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import ExternalDocument
from qms.agencies.models import Agency, User
from qms.agencies.permissions import require
from qms.lib.text import nfc


@transaction.atomic
def external_document_save(
    *, agency: Agency, by: User, external: ExternalDocument | None = None, **fields
) -> ExternalDocument:
    """Register an external document, or correct its entry."""
    require(by, "manage_documents", agency)
    if external is None:
        external = ExternalDocument(agency=agency)
    elif external.agency_id != agency.pk:
        raise ValidationError(_("This external document belongs to another agency."))
    for name, value in fields.items():
        setattr(external, name, nfc(value.strip()) if isinstance(value, str) else value)
    external.full_clean()
    external._history_user = by
    external.save()
    return external


@transaction.atomic
def external_document_end(
    *,
    external: ExternalDocument,
    by: User,
    status: str,
    on: date | None = None,
    replaced_by: ExternalDocument | None = None,
) -> ExternalDocument:
    """Mark an external document replaced (by another) or expired. Every document that
    cites it then shows as needing an update, waiting since ``on``."""
    external = ExternalDocument.objects.select_for_update().get(pk=external.pk)
    require(by, "manage_documents", external.agency)
    if status not in (ExternalDocument.Status.REPLACED, ExternalDocument.Status.EXPIRED):
        raise ValidationError(_("Choose replaced or expired."))
    if external.status != ExternalDocument.Status.IN_FORCE:
        raise ValidationError(_("This external document is already no longer in force."))
    if replaced_by is not None and (
        replaced_by.pk == external.pk or replaced_by.agency_id != external.agency_id
    ):
        raise ValidationError({"replaced_by": _("Choose another document of this agency.")})
    external.status = status
    external.replaced_by = replaced_by if status == ExternalDocument.Status.REPLACED else None
    external.status_changed_on = on or timezone.localdate()
    external._history_user = by
    external._change_reason = _("No longer in force")
    external.save(update_fields=["status", "replaced_by", "status_changed_on"])
    return external
