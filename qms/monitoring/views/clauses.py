"""The clause view for the Sở KH&CN: clause by clause, how many agencies of the province have
it covered, need attention or hold no evidence (on screen and in .xlsx), and one agency's
clauses read-only, its documents counted but never named."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audits.selectors.clauses import CLAUSE_STATUS_LABELS, clause_page, province_clause_counts
from documents.clauses import edition_choices
from documents.models import IsoClause
from qms.agencies.models import Agency
from qms.agencies.permissions import (
    agency_permission_required,
    any_permission,
    supervises_nation,
)
from qms.lib.pdf import html_to_pdf
from qms.lib.spreadsheets import XlsxWriter
from qms.monitoring.selectors.status import agencies_in_scope
from qms.monitoring.views.common import province_of, render_page

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _version(request) -> str:
    version = request.GET.get("version", "")
    loaded = dict(edition_choices())
    return version if version in loaded else IsoClause.Version.V2015


def _province_table(request):
    province = province_of(request)
    version = _version(request)
    agencies = agencies_in_scope(province, as_of=timezone.localdate())
    table, counted = province_clause_counts(agencies, version)
    return province, version, table, counted


@agency_permission_required("supervise")
def province_clauses(request):
    province, version, table, counted = _province_table(request)
    context = {
        "province": province,
        "version": version,
        "versions": edition_choices(),
        "table": table,
        "counted": counted,
        "labels": list(CLAUSE_STATUS_LABELS.items()),
    }
    return render_page(request, "monitoring/clauses.html", context, tab="clauses")


@agency_permission_required("supervise")
def province_clauses_xlsx(request):
    province, version, table, counted = _province_table(request)
    book = XlsxWriter()
    sheet = book.sheet(_("Clauses"))
    sheet.append([province.name])
    sheet.append(
        [
            _("TCVN ISO 9001:%(version)s, %(count)s agencies, as of %(day)s")
            % {
                "version": version,
                "count": counted,
                "day": timezone.localdate().strftime("%d/%m/%Y"),
            }
        ]
    )
    sheet.append([_("Clause"), _("Title"), *CLAUSE_STATUS_LABELS.values()])
    for row in table:
        sheet.append([row.clause.number, row.clause.title, *row.counts.values()])
    response = HttpResponse(book.to_bytes(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="clauses-{version}.xlsx"'
    return response


@login_required
def agency_clauses(request, pk: int):
    agency = Agency.objects.filter(pk=pk).first()
    if agency is None or not request.user.has_perm("qms.view_qms", agency):
        raise Http404
    if not (
        any_permission(request.user, ["supervise"], agency)
        or supervises_nation(request.user, request.agency)
    ):
        raise PermissionDenied
    context = {
        **clause_page(agency, request.GET.get("status", "")),
        "subject": agency,
        "titles": False,  # the Sở counts an agency's documents and never reads their titles
    }
    return render_page(request, "monitoring/agency_clauses.html", context, tab="clauses")


@agency_permission_required("supervise")
def province_clauses_pdf(request):
    province, version, table, counted = _province_table(request)
    # Official papers are Vietnamese whatever language the reader picked on screen.
    with translation.override("vi"):
        html = render_to_string(
            "pdf/monitoring_clauses.html",
            {
                "province": province,
                "edition": dict(edition_choices())[version],
                "day": timezone.localdate(),
                "table": table,
                "counted": counted,
                "labels": list(CLAUSE_STATUS_LABELS.items()),
            },
        )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="clauses-{version}.pdf"'
    return response


urlpatterns = [
    path("clauses/", province_clauses, name="clauses"),
    path("clauses.xlsx", province_clauses_xlsx, name="clauses-xlsx"),
    path("clauses.pdf", province_clauses_pdf, name="clauses-pdf"),
    path("agencies/<int:pk>/clauses/", agency_clauses, name="agency-clauses"),
]
