from qms.agencies.permissions import agencies_for_user

SESSION_KEY = "qms_agency_id"


class CurrentAgencyMiddleware:
    """Sets ``request.agency``: the agency the person works in now, chosen in the switcher.

    It falls back to the first of the person's agencies, and is None for anonymous visitors
    and for people without any role. ``request.user_agencies`` feeds the switcher.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user_agencies = agencies_for_user(request.user)
        request.agency = _chosen_agency(request)
        return self.get_response(request)


def _chosen_agency(request):
    agencies = request.user_agencies
    if not agencies:
        return None
    chosen = request.session.get(SESSION_KEY)
    return next((agency for agency in agencies if agency.pk == chosen), agencies[0])
