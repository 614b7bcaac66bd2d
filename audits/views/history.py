"""The history pages (and CSV exports) of the internal audits and the satisfaction surveys.

Each object reads as its own page does: another agency's object is a 404, and a person who may
not open the object's page gets a 403 here too.
"""

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils.translation import gettext as _

from audits.models import Audit, AuditProgramme, Finding, Survey
from audits.trail import audit_history, finding_history, programme_history, survey_history
from audits.views.common import get_in_agency_or_404
from audits.views.satisfaction import READERS
from qms.lib.history_views import history_csv, history_page, history_routes

# kind → (queryset, codenames needed besides membership, sources, name, detail URL name)
KINDS = {
    "programme": (
        AuditProgramme.objects.all(),
        (),
        programme_history,
        lambda programme: _("Audit programme %(year)s") % {"year": programme.year},
        "audits:programme-detail",
    ),
    "audit": (Audit.objects.all(), (), audit_history, str, "audits:audit-detail"),
    "finding": (
        Finding.objects.all(),
        (),
        finding_history,
        lambda finding: finding.code,
        "audits:finding-detail",
    ),
    "satisfaction-survey": (
        Survey.objects.all(),
        READERS,
        survey_history,
        str,
        "audits:satisfaction-survey-detail",
    ),
}


def _resolve(request, kind: str, pk: int):
    queryset, codenames, sources, name, detail = KINDS[kind]
    obj = get_in_agency_or_404(request, queryset, pk, *codenames)
    return obj, sources(obj), name(obj), detail


@login_required
def object_history(request, pk: int, kind: str):
    obj, sources, name, detail = _resolve(request, kind, pk)
    return history_page(
        request,
        sources=sources,
        name=name,
        back_url=reverse(detail, args=[obj.pk]),
        csv_url=reverse(f"audits:{kind}-history-csv", args=[obj.pk]),
    )


@login_required
def object_history_csv(request, pk: int, kind: str):
    obj, sources, name, _detail = _resolve(request, kind, pk)
    return history_csv(sources=sources, name=name)


urlpatterns = [
    *history_routes("audits", "programme", object_history, object_history_csv),
    *history_routes("audit", "audit", object_history, object_history_csv),
    *history_routes("finding", "finding", object_history, object_history_csv),
    *history_routes(
        "satisfaction/surveys", "satisfaction-survey", object_history, object_history_csv
    ),
]
