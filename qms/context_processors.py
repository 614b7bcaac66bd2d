import unicodedata

from django.conf import settings
from django.utils.translation import get_language_info

from qms.agencies.permissions import agency_permissions
from qms.navigation import navigation_for


def languages(request):
    """Each language in its own name, for the switcher (Django's data is not NFC-normalised)."""
    return {
        "language_choices": [
            (code, unicodedata.normalize("NFC", get_language_info(code)["name_local"]))
            for code, _name in settings.LANGUAGES
        ]
    }


def current_agency(request):
    """The current agency, the person's agencies and permissions, and the navigation."""
    agency = getattr(request, "agency", None)
    if agency is None:
        return {}
    perms = agency_permissions(request.user, agency)
    return {
        "agency": agency,
        "user_agencies": request.user_agencies,
        "agency_perms": perms,
        "navigation": navigation_for(perms, request.resolver_match),
    }
