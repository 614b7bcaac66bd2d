"""The controlled copy of a revision as a PDF, and the stamps and signatures it carries.

The copy is Vietnamese whatever the reader's language: labels are rendered under
``settings.LANGUAGE_CODE``. Its layout follows the agencies' ISO documents (control header on
every page, signature block, revision log, the structured sections) on an A4 page with the
Decree 30/2020 margins. A source file becomes part of the copy: an uploaded PDF is framed
page by page under the same header and footer, a .docx is converted to HTML, a .xlsx is
attached to the PDF file.

Converting a .docx and rendering with WeasyPrint run in a child process with a hard time limit
(qms.lib.conversions): the child gets the HTML and the files' bytes, never the database. A
draft's PDF and a .docx's HTML are kept by content hash, so viewing a draft again converts
nothing; the controlled copy is rendered once at approval and stored.
"""

import base64
import io
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import mammoth
import nh3
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from documents.models import ApprovalDecision, Revision
from documents.selectors.revisions import revision_log
from documents.word.structure import SignedAs
from qms.lib.conversions import cached, content_hash, run_limited, run_limited_side_by_side
from qms.lib.pdf import (
    MM,
    frame_pages,
    html_to_pdf,
    overlay,
    page_count,
    static_roots,
    warm_up,
)
from qms.lib.qr import qr_svg_data_uri

# How many revision PDFs this process has rendered (not taken from the cache): tests read it
# to prove that a stored copy is served from storage and a draft is not rendered twice.
renders = 0

# The page box left free between the header and the footer (templates/pdf/styles.css):
# left 30 mm, bottom 40 mm, width 210 - 30 - 15 mm, height 297 - 52 - 40 mm.
BODY_BOX = (30 * MM, 40 * MM, 165 * MM, 205 * MM)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What a converted Word file may keep: structure and inline images, nothing active.
DOCX_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "sub", "sup", "span", "a", "img",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
DOCX_ATTRIBUTES = {
    "img": {"src", "alt"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}


def verification_url(token: str) -> str:
    return settings.SITE_URL + reverse("verify", args=[token])


def source_kind(revision: Revision) -> str | None:
    """ "pdf", "docx" or "xlsx": the attach service stored the checked kind as the extension."""
    if not revision.source_file:
        return None
    return revision.source_file.name.rsplit(".", 1)[-1].lower()


@dataclass(frozen=True)
class PdfJob:
    """What a revision's PDF is made of, ready to render without the database.

    ``in_process``: our own template over text typed into bounded form fields, safe to render
    in the calling process; anything made from an uploaded file renders in a child process."""

    html: str
    framed: bytes = b""
    stamp: bytes = b""
    in_process: bool = False

    @property
    def key(self) -> str:
        return content_hash("revision-pdf", self.html, self.framed, self.stamp)


def revision_pdf_job(revision: Revision, *, draft: bool, with_source: bool = True) -> PdfJob:
    """The HTML of the controlled copy (or of a draft print marked "BẢN NHÁP"), with the
    source PDF to frame and the stamp to lay over it. Converting a .docx runs in a child
    process and is kept by content hash."""
    with translation.override(settings.LANGUAGE_CODE):
        context = _context(revision, draft=draft)
        kind = source_kind(revision) if with_source else None
        source = _read_source(revision) if kind else b""
        if kind == "pdf":
            context["source_pages"] = range(source_page_count(source))
        elif kind == "docx":
            context["converted"] = docx_to_html(source)
        elif kind == "xlsx":
            encoded = base64.b64encode(source).decode()
            context["attachment"] = {
                "name": revision.source_name or "bang-tinh.xlsx",
                "url": f"data:{XLSX_TYPE};base64,{encoded}",
            }
        html = render_to_string("pdf/revision.html", context)
        return PdfJob(
            html=html,
            framed=source if kind == "pdf" else b"",
            stamp=stamp_pdf(_("DRAFT"), "") if draft else b"",
            # A controlled copy without a source file skips the child process, which costs
            # a fork (about a third of a short render).
            in_process=not draft and kind is None,
        )


def render_revision_pdf(revision: Revision, *, draft: bool) -> bytes:
    """The PDF of ``revision``: the controlled copy, or a draft print marked "BẢN NHÁP".

    A draft's PDF is kept by the hash of what it is made of, and the same draft is rendered
    once; a controlled copy is stored by the caller and never asked for again. Raises
    ConversionFailed (a ValidationError saying why) when the source file breaks the
    conversion or it takes too long.
    """
    job = revision_pdf_job(revision, draft=draft)
    if not draft:
        return render_pdf_job(job)
    return cached("revision-pdf", job.key, lambda: render_pdf_job(job))


def render_pdf_job(job: PdfJob) -> bytes:
    global renders
    renders += 1
    if job.in_process:
        return compose_pdf(job.html, job.framed, job.stamp, roots=static_roots())
    warm_up()
    return run_limited(
        compose_pdf,
        job.html,
        job.framed,
        job.stamp,
        roots=static_roots(),
        seconds=settings.CONVERSION_TIMEOUT_SECONDS,
    )


def render_pdf_jobs(jobs: list[PdfJob]) -> list[bytes]:
    """Render many PDFs at once, in child processes side by side (one per CPU), each job
    under the same time limit as one rendered alone."""
    global renders
    renders += len(jobs)
    warm_up()  # the children are forked with the fonts already loaded
    roots = static_roots()
    return run_limited_side_by_side(
        _compose_args,
        [(job.html, job.framed, job.stamp, roots) for job in jobs],
        seconds=settings.CONVERSION_TIMEOUT_SECONDS,
    )


def _compose_args(html: str, framed: bytes, stamp: bytes, roots: list) -> bytes:
    return compose_pdf(html, framed, stamp, roots=roots)


def compose_pdf(html: str, framed: bytes, stamp: bytes, *, roots: list) -> bytes:
    """Render ``html``, put the pages of ``framed`` (a PDF source, if any) in its frames, and
    lay ``stamp`` (if any) over every page. Runs in a child process: no database here."""
    pdf = html_to_pdf(html, roots=roots)
    if framed:
        pdf = frame_pages(framed, pdf, box=BODY_BOX)
    if stamp:
        pdf = overlay(pdf, stamp)
    return pdf


def source_page_count(data: bytes) -> int:
    """The pages of an uploaded PDF source, counted in a child process, kept by hash."""
    count = cached(
        "pdf-pages",
        content_hash(data),
        lambda: str(
            run_limited(page_count, data, seconds=settings.CONVERSION_TIMEOUT_SECONDS)
        ).encode(),
    )
    return int(count)


def no_longer_in_force(pdf: bytes, revision: Revision) -> bytes:
    """A superseded or obsolete copy as downloaded: the stored file with "HẾT HIỆU LỰC"
    across every page. The stored file itself never changes."""
    with translation.override(settings.LANGUAGE_CODE):
        since = ""
        if revision.ended_on:
            since = _("Since %(date)s") % {
                "date": date_format(revision.ended_on, "SHORT_DATE_FORMAT")
            }
        return overlay(pdf, stamp_pdf(_("NO LONGER IN FORCE"), since))


@lru_cache(maxsize=64)
def stamp_pdf(label: str, since: str) -> bytes:
    """A one-page A4 stamp (large, slanted, translucent red text); cached per wording."""
    return html_to_pdf(render_to_string("pdf/stamp.html", {"label": label, "since": since}))


def docx_to_html(data: bytes) -> str:
    """A Word file's content as sanitised HTML (images stay inline as data: URIs), converted
    in a child process stopped after CONVERSION_TIMEOUT_SECONDS and kept by the file's hash.

    Raises ConversionFailed when the file breaks mammoth or takes too long."""
    html = cached(
        "docx-html",
        content_hash(data),
        lambda: run_limited(
            convert_docx, data, seconds=settings.CONVERSION_TIMEOUT_SECONDS
        ).encode(),
    )
    return html.decode()


def convert_docx(data: bytes) -> str:
    """mammoth, then nh3: what a .docx may keep. Runs in a child process."""
    html = mammoth.convert_to_html(io.BytesIO(data)).value
    return nh3.clean(
        html,
        tags=DOCX_TAGS,
        attributes=DOCX_ATTRIBUTES,
        url_schemes={"data"},
        link_rel=None,
    )


def _read_source(revision: Revision) -> bytes:
    with revision.source_file.open("rb") as handle:
        return handle.read()


@dataclass
class Signatory:
    name: str
    position: str
    date: object


def _signatory(user, at) -> Signatory:
    if user is None:
        return Signatory("", "", None)
    return Signatory(user.get_full_name(), user.position, timezone.localdate(at) if at else None)


def _signatories(revision: Revision, passes) -> dict:
    """Who drafted, reviewed and approved the issue in the system, with the days they did."""
    return {
        "drafter": _signatory(revision.drafted_by, revision.drafted_at),
        "reviewers": [_signatory(decision.by, decision.at) for decision in passes],
        "approver": _signatory(revision.approved_by or revision.approver, revision.approved_at),
    }


def _paper_signatories(revision: Revision) -> dict | None:
    """For an issue brought in from paper (in force with no approval in the system), the names
    its paper signature table carries: the person who imported it drafted nothing. The paper
    gives no day per signature, so none is printed. None for an issue approved in the system,
    even one whose draft was filled from a Word file."""
    if revision.approved_by_id is not None or revision.approver_id is not None:
        return None
    if revision.status not in Revision.LOCKED:
        return None
    signed = list(revision.paper_signatures.all())

    def of(role: SignedAs) -> list[Signatory]:
        return [Signatory(s.name, s.position, None) for s in signed if s.role == role.value]

    blank = Signatory("", "", None)
    return {
        "drafter": next(iter(of(SignedAs.DRAFTED)), blank),
        "reviewers": of(SignedAs.REVIEWED),
        "approver": next(iter(of(SignedAs.APPROVED)), blank),
    }


def _context(revision: Revision, *, draft: bool) -> dict:
    document = revision.document
    agency = document.agency
    steps = list(revision.steps.all())
    passes = (
        revision.decisions.filter(
            step=ApprovalDecision.Step.REVIEW,
            decision=ApprovalDecision.Decision.PASSED,
            round=revision.round,
        )
        .select_related("by")
        .order_by("at", "pk")
    )
    procedure = document.administrative_procedure
    token = None if draft else revision.verification_token
    url = verification_url(token) if token else ""
    parent = agency.parent
    return {
        "agency": agency,
        "parent_agency": parent.name if parent is not None else "",
        "document": document,
        "revision": revision,
        "issue_date": timezone.localdate(revision.approved_at) if revision.approved_at else None,
        **(_paper_signatories(revision) or _signatories(revision, passes)),
        "log": revision_log(document),
        "steps": steps,
        "total_days": sum((s.duration_days or Decimal(0) for s in steps), Decimal(0)),
        "time_limit": procedure.time_limit_days if procedure else None,
        "forms_used": list(revision.forms.order_by("code")),
        "records": list(revision.records.all()),
        "verification_url": url,
        "qr": qr_svg_data_uri(url) if url else "",
    }


# Digital signatures (PAdES) ------------------------------------------------------------


@dataclass
class SignatureCheck:
    """What the verification page says about a signed copy."""

    intact: bool  # the signed bytes are unchanged and cover the whole file
    trusted: bool  # signed with the agency's registered certificate
    signer: str

    @property
    def valid(self) -> bool:
        return self.intact and self.trusted


def sign_pdf(pdf: bytes, *, pkcs12: bytes, password: bytes, location: str) -> bytes:
    """Sign ``pdf`` (PAdES baseline, SHA-256) with a PKCS#12 key and certificate.

    Raises ValueError when the PKCS#12 cannot be opened with ``password``.
    """
    # pyHanko takes half a second to import; only agencies that sign pay for it.
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signers.SimpleSigner.load_pkcs12_data(pkcs12, other_certs=[], passphrase=password)
    meta = signers.PdfSignatureMetadata(
        field_name="PheDuyet",
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason="Phê duyệt ban hành",
        location=location,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    return signers.sign_pdf(writer, meta, signer=signer).getvalue()


def check_signature(pdf: bytes, *, trusted_certificate_der: bytes | None) -> SignatureCheck:
    """Validate the last signature of ``pdf`` offline, trusting only the agency's certificate."""
    from asn1crypto import x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = [x509.Certificate.load(trusted_certificate_der)] if trusted_certificate_der else []
    try:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
        if not signatures:
            return SignatureCheck(intact=False, trusted=False, signer="")
        status = validate_pdf_signature(
            signatures[-1], ValidationContext(trust_roots=roots, allow_fetching=False)
        )
    except (ValueError, KeyError) as error:  # pyHanko's validation errors are ValueErrors
        return SignatureCheck(intact=False, trusted=False, signer=str(error)[:200])
    whole = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
    return SignatureCheck(
        intact=bool(status.intact and status.valid and whole),
        trusted=bool(status.trusted),
        signer=status.signing_cert.subject.human_friendly,
    )
