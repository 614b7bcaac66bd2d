"""Reading pages of document control: one issue compared with another, and the history of a
document (as a page and as CSV)."""

import itertools

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from documents.diff import compare_revisions
from documents.selectors.timeline import document_timeline
from documents.views.common import get_document_or_404, get_revision_or_404
from qms.lib.spreadsheets import csv_lines

HISTORY_PAGE_SIZE = 50
HISTORY_MAX_PAGES = 100
CSV_LIMIT = 10_000


def _other_revision(request, revision, others):
    """The issue to compare with: ``?with=<pk>`` (an issue of the same document, or a
    404), else the previous issue by number, else None (a first issue)."""
    chosen = request.GET.get("with")
    if chosen:
        match = next((other for other in others if str(other.pk) == chosen), None)
        if match is None:
            raise Http404
        return match
    return next((other for other in others if other.number < revision.number), None)


@login_required
def revision_diff(request, pk: int):
    revision = get_revision_or_404(request, pk)
    document = revision.document
    others = list(document.revisions.exclude(pk=revision.pk).order_by("-number"))
    other = _other_revision(request, revision, others)
    diff = None
    if other is not None:
        old, new = sorted([other, revision], key=lambda r: r.number)
        diff = compare_revisions(old, new)
    return render(
        request,
        "documents/revision_diff.html",
        {
            "revision": revision,
            "document": document,
            "other": other,
            "choices": [(r, other is not None and r.pk == other.pk) for r in others],
            "diff": diff,
        },
    )


def _page_number(request) -> int:
    try:
        number = int(request.GET.get("page", 1))
    except ValueError:
        return 1
    return min(max(number, 1), HISTORY_MAX_PAGES)


@login_required
def document_history(request, pk: int):
    document = get_document_or_404(request, pk)
    page = _page_number(request)
    # Merging the newest page × size rows of each source is enough to know this page exactly.
    timeline = document_timeline(document, limit=page * HISTORY_PAGE_SIZE + 1)
    return render(
        request,
        "documents/document_history.html",
        {
            "document": document,
            "entries": timeline[(page - 1) * HISTORY_PAGE_SIZE : page * HISTORY_PAGE_SIZE],
            "page": page,
            "previous_page": page - 1 if page > 1 else None,
            "next_page": page + 1
            if len(timeline) > page * HISTORY_PAGE_SIZE and page < HISTORY_MAX_PAGES
            else None,
        },
    )


@login_required
def document_history_csv(request, pk: int):
    document = get_document_or_404(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = document.code.replace("/", "-") + "-history.csv"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    header = [_("Time"), _("User"), _("Action"), _("Issue"), _("Fields changed"), _("Reason")]
    rows = (
        [
            entry.when,
            entry.user,
            entry.action,
            entry.revision_label,
            "; ".join(entry.fields),
            entry.reason,
        ]
        for entry in document_timeline(document, limit=CSV_LIMIT)
    )
    response.writelines(csv_lines(itertools.chain([header], rows)))
    return response


urlpatterns = [
    path("revisions/<int:pk>/diff/", revision_diff, name="revision-diff"),
    path("<int:pk>/history/", document_history, name="document-history"),
    path("<int:pk>/history.csv", document_history_csv, name="document-history-csv"),
]
