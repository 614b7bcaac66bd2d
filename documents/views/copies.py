"""Controlled copies: the revision's PDF, its QR code, and the agency's signing certificate."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from documents import pdf
from documents.models import Revision, SigningCertificate
from documents.selectors.revisions import copy_rendering_of
from documents.services.copies import certificate_set_active, certificate_upload
from documents.services.queued_copies import check_copy_retry, copy_rendering_retry
from documents.views.common import get_revision_or_404
from qms.agencies.permissions import agency_permission_required
from qms.lib.checks import passes
from qms.lib.forms import add_service_errors
from qms.lib.qr import qr_svg

S = Revision.Status


class CertificateForm(forms.Form):
    pkcs12 = forms.FileField(
        label=gettext_lazy("Certificate file (.p12, .pfx)"),
        help_text=gettext_lazy("The private key with its certificate, as issued to the agency."),
    )
    password = forms.CharField(
        label=gettext_lazy("Password of the file"),
        widget=forms.PasswordInput(render_value=False),
        required=False,
        strip=False,
    )


def _pdf_response(data: bytes, revision: Revision, suffix: str) -> HttpResponse:
    name = f"{revision.document.code}-{revision.number:02}{suffix}.pdf"
    response = HttpResponse(data, content_type="application/pdf")
    response.headers["Content-Disposition"] = content_disposition_header(False, name)
    return response


@login_required
def revision_pdf(request, pk: int):
    revision = get_revision_or_404(request, pk)
    try:
        return revision_pdf_response(revision)
    except ValidationError as error:  # a draft whose source file cannot be converted
        for message in error.messages:
            messages.error(request, message)
        return redirect("documents:revision-detail", revision.pk)


def revision_pdf_response(revision: Revision) -> HttpResponse:
    """The controlled copy as stored at approval (never rendered again), marked "HẾT HIỆU
    LỰC" when no longer in force; a draft is printed (once per content, then kept), marked
    "BẢN NHÁP". Raises ValidationError (ConversionFailed) when a draft's source file cannot
    be converted within the time limit."""
    if not revision.is_locked:
        response = _pdf_response(pdf.render_revision_pdf(revision, draft=True), revision, "-nhap")
        response.headers["Cache-Control"] = "no-store"
        return response
    if not revision.pdf_file:
        raise Http404
    if revision.status in (S.SUPERSEDED, S.OBSOLETE):
        with revision.pdf_file.open("rb") as handle:
            stamped = pdf.no_longer_in_force(handle.read(), revision)
        return _pdf_response(stamped, revision, "-het-hieu-luc")
    return FileResponse(
        revision.pdf_file.open("rb"),
        content_type="application/pdf",
        filename=f"{revision.document.code}-{revision.number:02}.pdf",
    )


@login_required
def revision_copy_status(request, pk: int):
    """The state of a controlled copy being made, as the revision page shows it: asked
    again by the page every few seconds while the copy is in progress."""
    revision = get_revision_or_404(request, pk)
    rendering = copy_rendering_of(revision)
    response = render(
        request,
        "documents/revision_copy_status.html",
        {
            "revision": revision,
            "copy_rendering": rendering,
            "can_retry_copy": rendering is not None
            and passes(check_copy_retry, revision, request.user),
        },
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revision_copy_retry(request, pk: int):
    """The ISO secretary asks again for a controlled copy whose making failed."""
    revision = get_revision_or_404(request, pk, "manage_documents")
    try:
        copy_rendering_retry(revision=revision, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The controlled copy is being made again."))
    return redirect("documents:revision-detail", revision.pk)


@login_required
def revision_qr(request, pk: int):
    """The QR code of the copy's verification page, for the revision page."""
    revision = get_revision_or_404(request, pk)
    if not revision.verification_token:
        raise Http404
    svg = qr_svg(pdf.verification_url(revision.verification_token))
    return HttpResponse(svg, content_type="image/svg+xml")


@agency_permission_required("manage_members")
def certificate(request):
    """The agency's signing certificate: PAdES signatures on approved copies."""
    current = SigningCertificate.objects.filter(agency=request.agency).first()
    form = CertificateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate_upload(
                agency=request.agency,
                by=request.user,
                pkcs12_file=form.cleaned_data["pkcs12"],
                password=form.cleaned_data["password"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The signing certificate was saved."))
            return redirect("documents:certificate")
    return render(request, "documents/certificate.html", {"current": current, "form": form})


@agency_permission_required("manage_members")
@require_POST
def certificate_active(request):
    active = request.POST.get("active") == "1"
    try:
        certificate_set_active(agency=request.agency, by=request.user, active=active)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if active:
            messages.success(request, _("Approved copies are signed again."))
        else:
            messages.success(request, _("Approved copies are no longer signed."))
    return redirect("documents:certificate")


urlpatterns = [
    path("revisions/<int:pk>/pdf/", revision_pdf, name="revision-pdf"),
    path("revisions/<int:pk>/qr.svg", revision_qr, name="revision-qr"),
    path("revisions/<int:pk>/copy/", revision_copy_status, name="revision-copy-status"),
    path("revisions/<int:pk>/copy/retry/", revision_copy_retry, name="revision-copy-retry"),
    path("certificate/", certificate, name="certificate"),
    path("certificate/active/", certificate_active, name="certificate-active"),
]
