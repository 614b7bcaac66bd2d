from qms.agencies.permissions import agency_permissions
from qms.navigation import navigation_for


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
