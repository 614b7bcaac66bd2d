"""Which agencies a caller may read: the same rule as ``user.has_perm("qms.view_qms", agency)``,
as subqueries so that a list stays one query however many agencies there are.

- ``visible_agencies``: agencies where the person holds ``view_qms``, and every agency of a
  province on whose root they hold it (a supervisor reads the province, read-only: services
  refuse every write there).
- ``member_agencies``: agencies where the person holds a role themself; only these show
  their restricted documents (a supervisor never sees them).
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from rest_framework.exceptions import PermissionDenied

from qms.agencies.models import Agency, AgencyGroupObjectPermission, AgencyUserObjectPermission
from qms.agencies.permissions import any_permission, held_agencies


def visible_agencies(user) -> QuerySet[Agency]:
    if not user.is_authenticated or not user.is_active:
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    by_group = AgencyGroupObjectPermission.objects.filter(
        content_object=OuterRef("pk"), group__user=user, permission__codename="view_qms"
    )
    by_user = AgencyUserObjectPermission.objects.filter(
        content_object=OuterRef("pk"), user=user, permission__codename="view_qms"
    )
    held = Agency.objects.filter(Exists(by_group) | Exists(by_user)).values("pk")
    return Agency.objects.filter(Q(pk__in=held) | Q(province__in=held))


def member_agencies(user) -> QuerySet[Agency]:
    if not user.is_authenticated or not user.is_active:
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    return held_agencies(user)


def require_any(user, codenames: tuple[str, ...], agency: Agency) -> None:
    """A 403 unless ``user`` holds one of ``codenames`` on ``agency``."""
    if not any_permission(user, codenames, agency):
        raise PermissionDenied


def agency_named_in(request) -> Agency | None:
    """The visible agency whose code the request body names in ``agency``, if any: checked
    before the rest of the body so that a missing role is a 403 whatever else is wrong."""
    data = request.data
    code = data.get("agency") if isinstance(data, dict) else None
    if not isinstance(code, str) or not code:
        return None
    return visible_agencies(request.user).filter(code=code).first()
