"""Django's own 404 and 500 pages, answered in JSON under /api/ (an unknown address, a crash
outside a view) and as the usual HTML pages everywhere else."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"


def page_not_found(request, exception):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("Not found."), "errors": {}}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if request.path.startswith(API_PREFIX):
        return JsonResponse(
            {"detail": _("An unexpected error occurred; it has been logged."), "errors": {}},
            status=500,
        )
    return defaults.server_error(request)
