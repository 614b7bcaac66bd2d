"""The clause view of the agency's own people: each clause of its edition with the evidence the
system holds and the status derived from it."""

from django.urls import path

from audits.selectors.clauses import clause_page
from audits.views.common import render_page
from qms.agencies.permissions import agency_permission_required


@agency_permission_required("view_qms")
def clauses(request):
    agency = request.agency
    context = {
        **clause_page(agency, request.GET.get("status", "")),
        "subject": agency,
        "titles": True,  # the agency's own people read its documents by code and title
    }
    return render_page(request, "audits/clause_view.html", context, tab="clauses")


urlpatterns = [path("clauses/", clauses, name="clause-view")]
