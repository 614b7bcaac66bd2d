"""Remote and hybrid audits: an auditee's consent to being recorded, and the evidence files of
findings with their SHA-256.

A recording or a screen capture shows a person: it is attached only under the consent of an
auditee who gave it in the system and has not withdrawn it (ISO 19011:2026, Annex A.16).
Every file is checked by its content before it is stored, and its SHA-256 is computed from the
bytes stored, so that the report proves which file was seen.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.models import Audit, Finding, FindingEvidence, RecordingConsent
from audits.services.audit_plans import locked_audit
from audits.services.programmes import save_with_reason
from audits.workflow.audits import (
    check_consent_give,
    check_consent_withdraw,
    check_evidence_add,
)
from qms.agencies.models import User
from qms.lib.text import nfc
from qms.lib.uploads import checked_upload

K = FindingEvidence.Kind
# The file contents each kind of evidence may have.
CONTENTS = {
    K.DOCUMENT: {"pdf", "docx", "xlsx", "jpg", "png"},
    K.PHOTO: {"jpg", "png"},
    K.SCREEN_CAPTURE: {"png", "jpg"},
    K.RECORDING: {"mp4"},
}


@transaction.atomic
def consent_give(*, audit: Audit, by: User, scope: str = "") -> RecordingConsent:
    """The auditee consents to being recorded and to screen captures in this audit."""
    audit = locked_audit(audit)
    check_consent_give(audit, by)
    consent = RecordingConsent.objects.filter(audit=audit, given_by=by).first()
    if consent is None:
        consent = RecordingConsent(audit=audit, given_by=by)
    consent.given_at, consent.withdrawn_at = timezone.now(), None
    consent.scope = nfc(scope.strip())
    save_with_reason(consent, by, _("Consent to recording given"))
    return consent


@transaction.atomic
def consent_withdraw(*, audit: Audit, by: User) -> RecordingConsent:
    """The auditee withdraws their consent: nothing more may be recorded under it."""
    audit = locked_audit(audit)
    check_consent_withdraw(audit, by)
    consent = RecordingConsent.objects.get(audit=audit, given_by=by)
    consent.withdrawn_at = timezone.now()
    save_with_reason(consent, by, _("Consent to recording withdrawn"), ["withdrawn_at"])
    return consent


def active_consents(audit: Audit):
    """The consents that stand now, with who gave them."""
    return audit.consents.filter(withdrawn_at__isnull=True).select_related("given_by")


@transaction.atomic
def finding_evidence_add(
    *,
    finding: Finding,
    by: User,
    kind: str,
    upload,
    consent: RecordingConsent | None = None,
) -> FindingEvidence:
    """Attach a file to ``finding``. A recording or a screen capture names the standing
    consent of the auditee it shows; other kinds need none."""
    audit = locked_audit(finding.audit)
    check_evidence_add(audit, by)
    if kind not in CONTENTS:
        raise ValidationError({"kind": _("Choose what kind of evidence this is.")})
    if kind in FindingEvidence.NEEDS_CONSENT:
        if consent is None:
            raise ValidationError(
                {
                    "consent": _(
                        "A recording or a screen capture needs the consent of the auditee it "
                        "shows: ask them to give it on the audit's page first."
                    )
                }
            )
        fresh = RecordingConsent.objects.filter(pk=consent.pk, audit=audit).first()
        if fresh is None or not fresh.is_active:
            raise ValidationError(
                {"consent": _("This consent was withdrawn or is not of this audit.")}
            )
        consent = fresh
    else:
        consent = None
    try:
        checked = checked_upload(upload, allowed=CONTENTS[kind])
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    data = checked.file.read()
    evidence = FindingEvidence(
        finding=finding,
        kind=kind,
        name=checked.name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        consent=consent,
        added_by=by,
    )
    checked.file.seek(0)
    evidence.file.save(f"{finding.code.replace('/', '-')}.{checked.kind}", checked.file, save=False)
    save_with_reason(evidence, by, _("Evidence file added"))
    return evidence
