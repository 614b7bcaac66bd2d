import logging

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from qms.api.errors import API_PREFIX
from qms.lib.storage import StorageUnavailable

logger = logging.getLogger(__name__)

ADMIN_PREFIX = "/admin/"
API_DOCS_PREFIX = "/api/docs/"

# Everything comes from the app itself: no CDN, no inline script or style.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = CONTENT_SECURITY_POLICY
        if request.path.startswith(ADMIN_PREFIX):
            # Django's admin templates carry style attributes; its scripts stay external.
            policy = policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        elif request.path.startswith(API_DOCS_PREFIX):
            # Swagger UI (served from the app, its init script a separate file) sets styles
            # inline on its own elements; its scripts stay external as everywhere else.
            policy = policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        response.setdefault("Content-Security-Policy", policy)
        return response


class VietnameseFirstLocaleMiddleware:
    """Vietnamese unless the person chose another language in the switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language, which on many
    office machines says English; QMS speaks Vietnamese first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class StorageUnavailableMiddleware:
    """A file store that does not answer is a 503 that says so, not a crash page. The
    service's transaction has already been undone when the exception gets here, so the
    database holds nothing that points at the file."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, StorageUnavailable):
            return None
        logger.error("File storage unavailable: %s", exception, exc_info=exception)
        if request.path.startswith(API_PREFIX):
            detail = _("The file storage did not answer; nothing was saved. Try again later.")
            return JsonResponse({"detail": detail, "errors": {}}, status=503)
        response = render(request, "storage_unavailable.html", status=503)
        response["Retry-After"] = "60"
        return response
