"""Writes of the announcements and the framework list."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import Document, IsoEdition
from qms.agencies.models import Agency, User
from qms.agencies.permissions import require
from qms.lib.text import nfc
from qms.lib.uploads import checked_upload
from qms.monitoring.models import Announcement
from qms.monitoring.selectors.announcements import effective_procedures


@transaction.atomic
def announcement_record(
    *,
    agency: Agency,
    by: User,
    decision_number: str,
    decided_on: date,
    signer: str,
    iso_version: str,
    procedures: list[Document],
    upload,
    posted_on: date | None = None,
    reason: str = "",
) -> Announcement:
    """Record the agency's announcement of conformity (công bố) with its signed PDF.

    The first announcement of an agency is a first announcement; every later one is a
    re-announcement and needs its reason. The scope is chosen from the agency's effective
    procedures. Raises ValidationError for a decision or posting date in the future, a posting
    before the decision, a procedure not effective in this agency, a missing reason or a file
    that is not a PDF; PermissionDenied without ``manage_documents``.
    """
    require(by, "manage_documents", agency)
    # One announcement at a time per agency, so that "first or re-announcement" holds.
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if decided_on > today:
        errors["decided_on"] = _("The decision date cannot be in the future.")
    if posted_on is not None and posted_on > today:
        errors["posted_on"] = _("The posting date cannot be in the future.")
    elif posted_on is not None and posted_on < decided_on:
        errors["posted_on"] = _("The announcement cannot be posted before the decision.")
    allowed = set(effective_procedures(agency).values_list("pk", flat=True))
    if not procedures:
        errors["procedures"] = _("Choose the procedures the announcement covers.")
    elif any(procedure.pk not in allowed for procedure in procedures):
        errors["procedures"] = _("Choose only effective procedures of this agency.")
    if not IsoEdition.objects.filter(code=iso_version).exists():
        errors["iso_version"] = _("Choose an edition of ISO 9001 whose catalogue is loaded.")
    earlier = Announcement.objects.filter(agency=agency).exists()
    if earlier and not reason.strip():
        errors["reason"] = _("A re-announcement needs its reason.")
    try:
        checked = checked_upload(upload, allowed={"pdf"})
    except ValidationError as error:
        errors["upload"] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    announcement = Announcement(
        agency=agency,
        kind=Announcement.Kind.RENEWED if earlier else Announcement.Kind.FIRST,
        reason=nfc(reason.strip()) if earlier else "",
        decision_number=nfc(decision_number.strip()),
        decided_on=decided_on,
        signer=nfc(signer.strip()),
        iso_version=iso_version,
        posted_on=posted_on,
        file_name=checked.name,
        recorded_by=by,
    )
    announcement.file.save(checked.name, checked.file, save=False)
    announcement._history_user = by
    announcement._change_reason = _("Recorded")
    announcement.full_clean(exclude=["file"])
    announcement.save()
    announcement.procedures.set(procedures)
    return announcement


@transaction.atomic
def framework_update(*, province: Agency, level: str, by: User, rows: list[dict]) -> int:
    """Save the expected procedures of ``level`` in ``province``: each row has the fields of a
    FrameworkProcedure, ``procedure`` (None for a new one) and ``delete``. Returns how many
    rows are kept. Raises ValidationError for a procedure of another province or level, and
    PermissionDenied without ``supervise`` on the province."""
    from qms.monitoring.models import FrameworkProcedure

    require(by, "supervise", province)
    if level not in Agency.Level.values:
        raise ValidationError(_("Choose a level."))
    kept = 0
    for row in rows:
        procedure = row.get("procedure") or FrameworkProcedure(province=province, level=level)
        if procedure.province_id != province.pk or procedure.level != level:
            raise ValidationError(_("This procedure belongs to another list."))
        if row.get("delete"):
            if procedure.pk:
                procedure._history_user = by
                procedure.delete()
            continue
        for name in ("order", "title", "keywords", "tthc_code"):
            value = row.get(name, getattr(procedure, name))
            setattr(procedure, name, nfc(value.strip()) if isinstance(value, str) else value)
        procedure.full_clean()
        procedure._history_user = by
        procedure.save()
        kept += 1
    return kept
