"""Controlled copies: the PDF issued at approval, and the agency's signing certificate."""

import base64
import hashlib
import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from documents import pdf
from documents.models import Revision, SigningCertificate
from qms.agencies.models import Agency, User
from qms.agencies.permissions import require

logger = logging.getLogger(__name__)

# A PKCS#12 file holds a key and a short chain: a few kilobytes.
MAX_PKCS12_BYTES = 64 * 1024


# The approvals of a ``copies_issued_together`` block waiting for their copies, with the
# PDF job each was given at approval; None outside such a block.
_waiting: ContextVar[list[tuple[Revision, User, pdf.PdfJob]] | None] = ContextVar(
    "copies_waiting", default=None
)


@transaction.atomic
def controlled_copy_issue(*, revision: Revision, by: User, with_source: bool = True) -> Revision:
    """Render the controlled PDF of an approved revision, sign it when the agency has an
    active certificate, and store it with its SHA-256 and verification token.

    Runs inside the approval's transaction: a ValidationError here (the PDF or the signature
    could not be made) undoes the approval. An issued copy is never made again. Inside a
    ``copies_issued_together`` block the copy is made from what the revision is now, and
    rendered and stored when the block ends. ``with_source=False`` prints the structured
    content alone, without the source file (an imported issue whose structure was read from
    that file).
    """
    if revision.status not in Revision.LOCKED or revision.pdf_file:
        raise ValueError("Only an approved revision without a controlled copy gets one.")
    revision.verification_token = revision.verification_token or secrets.token_urlsafe(32)
    waiting = _waiting.get()
    with _copy_failures(revision):
        job = pdf.revision_pdf_job(revision, draft=False, with_source=with_source)
        if waiting is not None:
            waiting.append((revision, by, job))
            return revision
        data = pdf.render_pdf_job(job)
    return controlled_copy_store(revision, by, data)


@contextmanager
def copies_issued_together() -> Iterator[None]:
    """Approve many revisions, then render their copies at once, side by side on every CPU.

    Approvals inside the block make each copy's HTML as they happen; the block's end renders
    them all and stores them. It runs inside the transaction that holds the approvals, so a
    copy that cannot be made undoes every approval of it: no approved revision is ever
    committed without its copy. Bringing in a whole register is the case it serves.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Copies are issued together inside the approvals' transaction.")
    if _waiting.get() is not None:
        yield  # already inside a block: its end issues these copies too
        return
    token = _waiting.set([])
    try:
        yield
        waiting = _waiting.get()
    finally:
        _waiting.reset(token)
    if not waiting:
        return
    with _copy_failures(waiting[0][0]):
        rendered = pdf.render_pdf_jobs([job for _revision, _by, job in waiting])
    # Read again: a revision approved early in the block may have been superseded since,
    # and its history row must record what it is now.
    current = Revision.objects.select_related("document__agency").in_bulk(
        [revision.pk for revision, _by, _job in waiting]
    )
    for (revision, by, _job), data in zip(waiting, rendered, strict=True):
        issued = current[revision.pk]
        issued.verification_token = revision.verification_token
        controlled_copy_store(issued, by, data)


def copies_issued_together_now() -> bool:
    """Inside a ``copies_issued_together`` block?"""
    return _waiting.get() is not None


@contextmanager
def _copy_failures(revision: Revision) -> Iterator[None]:
    """Say, as a ValidationError, why a controlled copy could not be made."""
    try:
        yield
    except Exception as error:  # the conversion says why; WeasyPrint fails in many ways
        logger.exception("Controlled PDF of revision %s failed", revision.pk)
        if isinstance(error, ValidationError):
            detail = " ".join(error.messages)
        else:
            detail = str(error)[:200] or type(error).__name__
        raise ValidationError(
            _("The controlled PDF could not be made, so nothing was approved: %(error)s")
            % {"error": detail}
        ) from error


def controlled_copy_store(revision: Revision, by: User, data: bytes) -> Revision:
    """Sign ``data`` when the agency has an active certificate, and store it as the
    revision's controlled copy with its SHA-256. Callers hold the revision's row lock."""
    certificate = _active_certificate(revision.document.agency)
    if certificate is not None:
        data = _signed(data, certificate, location=revision.document.agency.name)
    code = get_valid_filename(revision.document.code) or "document"
    revision.pdf_file.save(f"{code}-{revision.number:02}.pdf", ContentFile(data), save=False)
    revision.pdf_sha256 = hashlib.sha256(data).hexdigest()
    revision.pdf_signed = certificate is not None
    revision._history_user = by
    revision._change_reason = _("Controlled copy issued")
    revision.save(update_fields=["pdf_file", "pdf_sha256", "pdf_signed", "verification_token"])
    return revision


def copy_signature_check(revision: Revision) -> pdf.SignatureCheck | None:
    """Validate the stored copy's signature against the agency's own certificate; None when
    the copy is not signed."""
    if not revision.pdf_signed or not revision.pdf_file:
        return None
    certificate = SigningCertificate.objects.filter(agency=revision.document.agency_id).first()
    trusted = None
    if certificate is not None:
        try:
            trusted = _certificate_der(certificate)
        except ValidationError:
            trusted = None  # the password no longer opens (SECRET_KEY changed): untrusted
    with revision.pdf_file.open("rb") as handle:
        return pdf.check_signature(handle.read(), trusted_certificate_der=trusted)


@transaction.atomic
def certificate_upload(*, agency: Agency, by: User, pkcs12_file, password: str):
    """Register the agency's signing certificate (PKCS#12 with its password), replacing the
    previous one; approved copies are signed with it from now on.

    The password is stored encrypted (Fernet, key derived from SECRET_KEY). Raises
    ValidationError for a file that is too large or not a PKCS#12, a wrong password, a file
    without a private key, or a certificate that is expired or not yet valid; PermissionDenied
    without manage_members.
    """
    require(by, "manage_members", agency)
    data = pkcs12_file.read(MAX_PKCS12_BYTES + 1)
    if len(data) > MAX_PKCS12_BYTES:
        raise ValidationError(
            {
                "pkcs12": _("The file is larger than the limit of %(limit)s.")
                % {"limit": filesizeformat(MAX_PKCS12_BYTES)}
            }
        )
    try:
        key, certificate, _chain = pkcs12.load_key_and_certificates(data, password.encode() or None)
    except ValueError:
        raise ValidationError(
            {
                "password": _(
                    "This password does not open the file, or the file is not a PKCS#12 "
                    "certificate (.p12, .pfx)."
                )
            }
        ) from None
    if key is None or certificate is None:
        raise ValidationError(
            {"pkcs12": _("The file must hold the private key together with its certificate.")}
        )
    now = timezone.now()
    if certificate.not_valid_after_utc <= now:
        raise ValidationError(
            {
                "pkcs12": _("This certificate expired on %(date)s.")
                % {
                    "date": date_format(
                        timezone.localtime(certificate.not_valid_after_utc), "SHORT_DATE_FORMAT"
                    )
                }
            }
        )
    if certificate.not_valid_before_utc > now:
        raise ValidationError({"pkcs12": _("This certificate is not valid yet.")})
    SigningCertificate.objects.filter(agency=agency).delete()
    return SigningCertificate.objects.create(
        agency=agency,
        pkcs12=data,
        encrypted_password=_fernet().encrypt(password.encode()),
        subject=_subject(certificate)[:255],
        valid_until=certificate.not_valid_after_utc,
        uploaded_by=by,
        is_active=True,
    )


@transaction.atomic
def certificate_set_active(*, agency: Agency, by: User, active: bool) -> SigningCertificate:
    """Turn signing of approved copies on or off; the certificate stays for verification."""
    require(by, "manage_members", agency)
    certificate = SigningCertificate.objects.select_for_update().filter(agency=agency).first()
    if certificate is None:
        raise ValidationError(_("Upload a signing certificate first."))
    certificate.is_active = active
    certificate.save(update_fields=["is_active"])
    return certificate


def _active_certificate(agency: Agency) -> SigningCertificate | None:
    return SigningCertificate.objects.filter(agency=agency, is_active=True).first()


def _signed(data: bytes, certificate: SigningCertificate, *, location: str) -> bytes:
    if certificate.valid_until <= timezone.now():
        raise ValidationError(
            _(
                "The agency's signing certificate expired on %(date)s: its administrator "
                "uploads a new one or turns signing off."
            )
            % {
                "date": date_format(
                    timezone.localtime(certificate.valid_until), "SHORT_DATE_FORMAT"
                )
            }
        )
    try:
        return pdf.sign_pdf(
            data,
            pkcs12=bytes(certificate.pkcs12),
            password=_password(certificate),
            location=location,
        )
    except ValueError as error:
        raise ValidationError(
            _("The controlled PDF could not be signed, so nothing was approved: %(error)s")
            % {"error": str(error)[:200]}
        ) from error


def _certificate_der(certificate: SigningCertificate) -> bytes:
    _key, cert, _chain = pkcs12.load_key_and_certificates(
        bytes(certificate.pkcs12), _password(certificate) or None
    )
    return cert.public_bytes(Encoding.DER)


def _password(certificate: SigningCertificate) -> bytes:
    try:
        return _fernet().decrypt(bytes(certificate.encrypted_password))
    except InvalidToken:
        raise ValidationError(
            _(
                "The signing certificate's password can no longer be read (the secret key "
                "changed): the agency's administrator uploads the certificate again."
            )
        ) from None


def _fernet() -> Fernet:
    """Fernet with a key derived from SECRET_KEY; the fixed salt and info keep this key
    apart from every other use of SECRET_KEY."""
    key = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"qms.documents.signing-certificate",
        info=b"pkcs12-password",
    ).derive(settings.SECRET_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def _subject(certificate) -> str:
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else certificate.subject.rfc4514_string()
