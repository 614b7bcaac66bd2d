from qms.agencies.models import Agency
from qms.agencies.permissions import agency_permissions


class AgencyPermissionBackend:
    """Answers ``user.has_perm("qms.<codename>", agency)`` from the per-agency roles."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user, perm: str, obj=None) -> bool:
        if not isinstance(obj, Agency):
            return False
        app_label, _, codename = perm.partition(".")
        return app_label == "qms" and codename in agency_permissions(user, obj)
