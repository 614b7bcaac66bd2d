"""The public verification page a controlled copy's QR code opens (no sign-in).

It says whether the copy is the effective issue, and shows what is printed on the copy
anyway (agency, code, title, issue, dates, the approver's name and position) plus the
SHA-256 of the issued file. Nothing else: no content, no other people, no e-mail addresses.
A visitor may upload a file to check that it is byte-identical to the issued copy.
"""

import hashlib

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.models import Revision
from documents.services.copies import copy_signature_check
from qms.lib.uploads import checked_upload

S = Revision.Status
ISSUED = (S.APPROVED, S.EFFECTIVE, S.SUPERSEDED, S.OBSOLETE)


class CopyCheckForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("The PDF file you hold"))


def verify(request, token: str):
    revision = (
        Revision.objects.select_related(
            "document__agency", "document__effective_revision", "approved_by"
        )
        .filter(verification_token=token, status__in=ISSUED)
        .first()
    )
    if revision is None or not revision.pdf_file:
        raise Http404
    form = CopyCheckForm(request.POST or None, request.FILES or None)
    comparison = None
    if request.method == "POST" and form.is_valid():
        try:
            checked = checked_upload(form.cleaned_data["file"], allowed={"pdf"})
        except ValidationError as error:
            form.add_error("file", error)
        else:
            digest = hashlib.sha256(checked.file.read()).hexdigest()
            comparison = _comparison(digest == revision.pdf_sha256)
    return render(
        request,
        "documents/verify.html",
        {
            "revision": revision,
            "document": revision.document,
            "status": _status(revision),
            "signature": _signature(revision),
            "form": form,
            "comparison": comparison,
        },
    )


def _comparison(identical: bool) -> dict:
    if identical:
        return {
            "identical": True,
            "tone": "success",
            "text": _("The file is identical, byte for byte, to the issued copy."),
        }
    return {
        "identical": False,
        "tone": "danger",
        "text": _("The file differs from the issued copy: it is another file, or it was changed."),
    }


def _signature(revision: Revision) -> dict | None:
    check = copy_signature_check(revision)
    if check is None:
        return None
    if check.valid:
        text = _("Valid: the copy is unchanged since it was signed with the agency's certificate.")
    elif check.intact:
        text = _(
            "The copy is unchanged since it was signed, but not with the agency's current certificate."
        )
    else:
        text = _("Not valid: the copy was changed after it was signed.")
    return {"valid": check.valid, "tone": "success" if check.valid else "danger", "text": text}


def _status(revision: Revision) -> dict:
    """The sentence and colour of the copy's status, in the page's language."""
    document = revision.document
    date = _day(revision.ended_on)
    if revision.status == S.EFFECTIVE:
        return {"tone": "success", "text": _("This copy is the effective issue of the document.")}
    if revision.status == S.APPROVED:
        return {
            "tone": "info",
            "text": _("This issue is approved and takes effect on %(date)s.")
            % {"date": _day(revision.effective_date)},
        }
    if revision.status == S.OBSOLETE:
        return {
            "tone": "danger",
            "text": _("This copy is no longer in force: the document was withdrawn on %(date)s.")
            % {"date": date},
        }
    successor = (
        document.revisions.filter(number__gt=revision.number, status__in=ISSUED)
        .order_by("number")
        .values_list("number", flat=True)
        .first()
    )
    text = _("This copy is no longer in force: it was superseded by issue %(number)s on %(date)s.")
    text %= {"number": f"{successor or 0:02}", "date": date}
    current = document.effective_revision
    if current is not None and current.number != successor:
        text += " " + _("The effective issue now is issue %(number)s.") % {
            "number": f"{current.number:02}"
        }
    return {"tone": "warning", "text": text}


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"
