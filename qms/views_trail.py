"""The agency audit trail (nhật ký thay đổi): a filtered, paginated page and its exports.

The ISO secretary reads the trail of the agency they work in; a supervisor of the Sở KH&CN
reads any agency of the province by its id (``/trail/<pk>/``). Another agency's trail is a
404; a person without either role gets a 403.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.agencies.models import Agency, User
from qms.agencies.permissions import any_permission
from qms.audit_trail import (
    TrailFilters,
    trail_entries,
    trail_iter,
    trail_people,
    trail_person_label,
    trail_rows,
    trail_sources,
)
from qms.jobs import trail_export_args, trail_export_run, trail_xlsx_file
from qms.lib.history_views import entries_csv
from qms.lib.jobs.exports import export_start
from qms.lib.jobs.queue import has_worker
from qms.lib.pagination import Paginator
from qms.lib.spreadsheets import XLSX_TYPE

PAGE_SIZE = 50
TRAIL_PERMISSIONS = ("manage_documents", "supervise")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return trail_person_label(obj)


class TrailFilterForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Object type"), required=False)
    person = PersonChoiceField(
        label=gettext_lazy("Person"), queryset=User.objects.none(), required=False
    )
    since = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [(key, source.label) for key, source in trail_sources(agency).items()]
        self.fields["kind"].choices = [("", gettext_lazy("All objects")), *kinds]
        # Who left the agency stays in its history, so stays in the filter.
        self.fields["person"].queryset = trail_people(agency)

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end of the period is before its start."))
        return data

    def filters(self) -> TrailFilters:
        """The chosen filters, or none at all while the form has errors."""
        if not self.is_valid():
            return TrailFilters()
        data = self.cleaned_data
        return TrailFilters(
            kind=data["kind"],
            person_id=data["person"].pk if data["person"] else None,
            since=data["since"],
            until=data["until"],
        )


def _trail_agency(request, pk: int | None) -> Agency:
    agency = request.agency if pk is None else Agency.objects.filter(pk=pk).first()
    if agency is None or not request.user.has_perm("qms.view_qms", agency):
        raise Http404
    if not any_permission(request.user, TRAIL_PERMISSIONS, agency):
        raise PermissionDenied
    return agency


def _filename(agency: Agency, extension: str) -> str:
    return f"nhat-ky-{agency.code}-{timezone.localdate():%Y%m%d}.{extension}"


@login_required
def trail(request, pk: int | None = None):
    agency = _trail_agency(request, pk)
    form = TrailFilterForm(request.GET or None, agency=agency)
    page = Paginator(trail_rows(agency, form.filters()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "qms/audit_trail.html",
        {
            "agency": agency,
            "form": form,
            "page": page,
            "entries": trail_entries(agency, list(page.object_list)),
            "query": query.urlencode(),
            "pk": pk,
        },
    )


@login_required
def trail_csv(request, pk: int | None = None):
    """The whole trail (with the page's filters) as CSV, written while it is read."""
    agency = _trail_agency(request, pk)
    filters = TrailFilterForm(request.GET or None, agency=agency).filters()
    return entries_csv(trail_iter(agency, filters), filename=_filename(agency, "csv"))


@login_required
def trail_xlsx(request, pk: int | None = None):
    """The whole trail as an Excel workbook, built row by row in a temporary file; with a
    worker, written by the queue while the export's page says it is in progress."""
    agency = _trail_agency(request, pk)
    filters = TrailFilterForm(request.GET or None, agency=agency).filters()
    if has_worker():
        export = export_start(
            owner=request.user,
            name=_filename(agency, "xlsx"),
            task=trail_export_run,
            **trail_export_args(agency, filters),
        )
        return redirect("export-detail", export.pk)
    return FileResponse(
        trail_xlsx_file(agency, filters),
        as_attachment=True,
        filename=_filename(agency, "xlsx"),
        content_type=XLSX_TYPE,
    )


urlpatterns = [
    path("trail/", trail, name="trail"),
    path("trail/export.csv", trail_csv, name="trail-csv"),
    path("trail/export.xlsx", trail_xlsx, name="trail-xlsx"),
    path("trail/<int:pk>/", trail, name="trail-agency"),
    path("trail/<int:pk>/export.csv", trail_csv, name="trail-agency-csv"),
    path("trail/<int:pk>/export.xlsx", trail_xlsx, name="trail-agency-xlsx"),
]
