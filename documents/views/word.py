"""Any issue of a document downloaded as a .docx in the agency's layout, to edit in Word."""

import re
import unicodedata

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path
from django.utils import translation
from django.utils.http import content_disposition_header

from documents.models import Revision
from documents.selectors.word import revision_structure
from documents.views.common import get_revision_or_404
from documents.word.writing import procedure_docx

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_file_name(revision: Revision) -> str:
    """ "QT-04-03.docx": the code in ASCII letters, digits and hyphens (diacritics dropped,
    case kept), the issue number on two digits; a draft's name says so, as its PDF's does."""
    code = revision.document.code.replace("đ", "d").replace("Đ", "D")
    letters = unicodedata.normalize("NFD", code).encode("ascii", "ignore").decode()
    safe = re.sub(r"[^A-Za-z0-9]+", "-", letters).strip("-") or "tai-lieu"
    suffix = "" if revision.is_locked else "-du-thao"
    return f"{safe}-{revision.number:02}{suffix}.docx"


@login_required
def revision_docx(request, pk: int):
    """The revision as a Word file, to whoever may read the revision page; a draft (not yet
    approved) is marked "BẢN DỰ THẢO", as its PDF is marked a draft."""
    revision = get_revision_or_404(request, pk)
    # The file is in the document's language (Vietnamese), whatever the reader's.
    with translation.override(settings.LANGUAGE_CODE):
        data = procedure_docx(revision_structure(revision), draft=not revision.is_locked)
    response = HttpResponse(data, content_type=DOCX_TYPE)
    response.headers["Content-Disposition"] = content_disposition_header(
        True, docx_file_name(revision)
    )
    if not revision.is_locked:
        response.headers["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path("revisions/<int:pk>/docx/", revision_docx, name="revision-docx"),
]
