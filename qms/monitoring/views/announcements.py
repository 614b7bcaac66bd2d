"""The agency's announcements of conformity (công bố), recorded by its ISO secretary."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _

from qms.agencies.permissions import agency_permission_required
from qms.lib.forms import add_service_errors
from qms.monitoring.forms import AnnouncementForm
from qms.monitoring.models import Announcement
from qms.monitoring.selectors.announcements import announcement_list as announcements_of
from qms.monitoring.selectors.announcements import scope_drift
from qms.monitoring.services.announcements import announcement_record
from qms.monitoring.views.common import get_in_agency_or_404, render_page


@agency_permission_required("view_qms")
def announcement_list(request):
    drift = scope_drift(request.agency)
    context = {
        "announcements": announcements_of(request.agency),
        "drifted": drift.drifted,
        "drift_added": drift.added,
        "drift_withdrawn": drift.withdrawn,
    }
    return render_page(request, "monitoring/announcement_list.html", context, tab="announcements")


@agency_permission_required("manage_documents")
def announcement_create(request):
    form = AnnouncementForm(request.POST or None, request.FILES or None, agency=request.agency)
    if request.method == "POST" and form.is_valid():
        try:
            announcement = announcement_record(
                agency=request.agency, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The announcement was recorded."))
            return redirect("monitoring:announcement-detail", announcement.pk)
    context = {"form": form, "renewal": Announcement.objects.of_agency(request.agency).exists()}
    return render_page(request, "monitoring/announcement_form.html", context, tab="announcements")


def _get(request, pk: int) -> Announcement:
    return get_in_agency_or_404(request, Announcement.objects.select_related("recorded_by"), pk)


@login_required
def announcement_detail(request, pk: int):
    announcement = _get(request, pk)
    # A supervisor reading another agency sees restricted procedures only as a number.
    member = request.agency is not None and request.agency.pk == announcement.agency_id
    procedures = list(announcement.procedures.order_by("code"))
    context = {
        "announcement": announcement,
        "procedures": [doc for doc in procedures if member or not doc.restricted],
        "hidden": 0 if member else sum(doc.restricted for doc in procedures),
    }
    return render_page(request, "monitoring/announcement_detail.html", context, tab="announcements")


@login_required
def announcement_file(request, pk: int):
    announcement = _get(request, pk)
    return FileResponse(
        announcement.file.open("rb"),
        filename=announcement.file_name,
        content_type="application/pdf",
    )


urlpatterns = [
    path("announcements/", announcement_list, name="announcement-list"),
    path("announcements/new/", announcement_create, name="announcement-create"),
    path("announcements/<int:pk>/", announcement_detail, name="announcement-detail"),
    path("announcements/<int:pk>/file/", announcement_file, name="announcement-file"),
]
