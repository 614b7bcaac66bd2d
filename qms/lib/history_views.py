"""The history page of one controlled object and its CSV export, shared by every app.

A view resolves the object (another agency's is a 404, a missing role a 403), names the
history sources of the object and its children, and hands them here. The page is paginated
over one ``UNION ALL`` of the sources, so it costs the same few queries however long the
history grows; the CSV is written while it is read.
"""

import itertools
from collections.abc import Iterable

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _

from qms.lib.history import entries_iter, history_entries, history_rows
from qms.lib.pagination import Paginator
from qms.lib.spreadsheets import csv_lines
from qms.lib.trail import TrailSource

PAGE_SIZE = 50


def history_page(
    request,
    *,
    sources: list[TrailSource],
    name: str,
    back_url: str,
    csv_url: str,
) -> HttpResponse:
    """The page "History of ``name``": every change of the sources, newest first."""
    keyed = {source.key: source for source in sources}
    page = Paginator(history_rows(sources), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "qms/object_history.html",
        {
            "name": name,
            "back_url": back_url,
            "csv_url": csv_url,
            "page": page,
            "entries": history_entries(keyed, list(page.object_list)),
            "with_kinds": len(sources) > 1,
        },
    )


def entry_header() -> list[str]:
    """The columns of a history export, in the language active now."""
    labels = ("Time", "Object type", "Object", "Action", "User", "What changed", "Reason")
    return [_(label) for label in labels]


def entry_values(entry) -> list[str]:
    """One history entry as the cells of an export row."""
    return [
        timezone.localtime(entry.at).strftime("%d/%m/%Y %H:%M:%S"),
        entry.kind_label,
        entry.title,
        entry.action,
        entry.user,
        "; ".join(entry.changes),
        entry.reason,
    ]


def entries_csv(entries: Iterable, *, filename: str) -> StreamingHttpResponse:
    """History entries as CSV, written while they are read (see ``csv_lines``)."""
    language = translation.get_language()

    def lines():
        # A streamed body is written after the view returns: keep the request's language.
        with translation.override(language):
            yield from csv_lines(
                itertools.chain([entry_header()], (entry_values(e) for e in entries))
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def history_csv(*, sources: list[TrailSource], name: str) -> StreamingHttpResponse:
    """Every change of the sources as CSV, newest first."""
    keyed = {source.key: source for source in sources}
    filename = f"lich-su-{slugify(name) or 'object'}-{timezone.localdate():%Y%m%d}.csv"
    return entries_csv(entries_iter(keyed, history_rows(sources)), filename=filename)


def history_routes(prefix: str, kind: str, page_view, csv_view) -> list:
    """The page and CSV addresses of one kind of object: ``<prefix>/<pk>/history/`` named
    ``<kind>-history`` and ``<prefix>/<pk>/history.csv`` named ``<kind>-history-csv``."""
    return [
        path(f"{prefix}/<int:pk>/history/", page_view, {"kind": kind}, f"{kind}-history"),
        path(f"{prefix}/<int:pk>/history.csv", csv_view, {"kind": kind}, f"{kind}-history-csv"),
    ]
