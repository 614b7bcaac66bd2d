"""A large export written by the queue: its page says "đang xử lý" until the file is ready,
then offers it. Only the person who asked for it sees it; for anyone else it is a 404."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path

from qms.lib.jobs.models import Export


def _own_export(request, pk: int) -> Export:
    return get_object_or_404(Export, pk=pk, owner=request.user)


@login_required
def export_detail(request, pk: int):
    return render(request, "qms/export_detail.html", {"export": _own_export(request, pk)})


@login_required
def export_status(request, pk: int):
    """The export's state, asked again by its page every few seconds while it is written."""
    response = render(request, "qms/export_status.html", {"export": _own_export(request, pk)})
    response.headers["Cache-Control"] = "no-store"
    return response


@login_required
def export_file(request, pk: int):
    export = _own_export(request, pk)
    if export.status != Export.Status.READY:
        raise Http404
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=export.name)


urlpatterns = [
    path("exports/<int:pk>/", export_detail, name="export-detail"),
    path("exports/<int:pk>/status/", export_status, name="export-status"),
    path("exports/<int:pk>/file/", export_file, name="export-file"),
]
