"""The public procedure portal and its open data (no sign-in): what each agency publishes of
its effective procedures and forms, with the controlled PDF as stored at approval.

Mounted at /portal/ under its own namespace ``portal``.
"""

import json
from collections.abc import Iterator

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.http import urlencode

from documents.forms.portal import PortalSearchForm
from documents.selectors.portal import (
    OPEN_DATA_FIELDS,
    copy_url,
    open_data_row,
    portal_agency,
    portal_documents,
    portal_provinces,
    province_documents,
)
from documents.selectors.portal import public_copy as find_public_copy
from qms.agencies.models import Agency
from qms.lib.pagination import Paginator
from qms.lib.spreadsheets import csv_lines

app_name = "portal"
PAGE_SIZE = 25
# Rows fetched per round trip when the open data streams out.
CHUNK = 500


def index(request):
    """The agencies of the installation that publish procedures, by province and level."""
    return render(request, "portal/index.html", {"provinces": portal_provinces()})


def agency_page(request, agency_code: str):
    """One agency's effective procedures and forms, searchable without diacritics."""
    agency = portal_agency(agency_code)
    if agency is None:
        raise Http404
    form = PortalSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(portal_documents(agency=agency, query=query), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "document": document,
            "revision": document.effective_revision,
            "pdf_url": copy_url(document.effective_revision, agency.code),
            "tthc": document.administrative_procedure
            or (document.parent.administrative_procedure if document.parent else None),
        }
        for document in page
    ]
    return render(
        request,
        "portal/agency.html",
        {
            "agency": agency,
            "form": form,
            "page": page,
            "rows": rows,
            "query": urlencode({"q": query}) if query else "",
            "searching": bool(query),
        },
    )


def public_copy(request, agency_code: str, pk: int):
    """The controlled PDF of an effective issue, the stored file itself (never re-rendered)."""
    document = find_public_copy(agency_code=agency_code, revision_pk=pk)
    if document is None:
        raise Http404
    revision = document.effective_revision
    return FileResponse(
        revision.pdf_file.open("rb"),
        content_type="application/pdf",
        filename=f"{document.code}-{revision.number:02}.pdf",
    )


def _json_lines(documents) -> Iterator[str]:
    header = json.dumps({"generated_on": timezone.localdate().isoformat()})
    yield header[:-1] + ', "procedures": ['  # the list streams out row by row
    for index, document in enumerate(documents.iterator(chunk_size=CHUNK)):
        yield (
            ("," if index else "") + "\n" + json.dumps(open_data_row(document), ensure_ascii=False)
        )
    yield "\n]}\n"


def _csv_rows(documents) -> Iterator[list]:
    yield OPEN_DATA_FIELDS
    for document in documents.iterator(chunk_size=CHUNK):
        row = open_data_row(document)
        row["tthc_codes"] = "; ".join(row["tthc_codes"])
        yield [row[name] for name in OPEN_DATA_FIELDS]


def _open_data(documents, fmt: str, name: str) -> StreamingHttpResponse:
    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_lines(_csv_rows(documents)), content_type="text/csv; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(
            _json_lines(documents), content_type="application/json; charset=utf-8"
        )
    response.headers["Content-Disposition"] = f'inline; filename="{name}.{fmt}"'
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def agency_open_data(request, agency_code: str, fmt: str):
    """The agency's public documents as JSON or CSV (UTF-8 with BOM), every row at once."""
    agency = portal_agency(agency_code)
    if agency is None:
        raise Http404
    return _open_data(portal_documents(agency=agency), fmt, f"{agency.code}-procedures")


def province_open_data(request, province_code: str, fmt: str):
    """The public documents of every agency of a province, by the province root's code."""
    province = Agency.objects.filter(
        code=province_code, level=Agency.Level.PROVINCE, is_active=True
    ).first()
    if province is None:
        raise Http404
    return _open_data(province_documents(province=province), fmt, f"{province.code}-procedures")


urlpatterns = [
    path("", index, name="index"),
    path(
        "province/<str:province_code>/procedures.json",
        province_open_data,
        {"fmt": "json"},
        name="province-json",
    ),
    path(
        "province/<str:province_code>/procedures.csv",
        province_open_data,
        {"fmt": "csv"},
        name="province-csv",
    ),
    path("<str:agency_code>/", agency_page, name="agency"),
    path(
        "<str:agency_code>/procedures.json", agency_open_data, {"fmt": "json"}, name="agency-json"
    ),
    path("<str:agency_code>/procedures.csv", agency_open_data, {"fmt": "csv"}, name="agency-csv"),
    path("<str:agency_code>/copies/<int:pk>.pdf", public_copy, name="copy"),
]
