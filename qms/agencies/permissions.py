"""Who may do what: one idiom everywhere, ``user.has_perm("qms.<codename>", agency)``.

The permissions a person holds on an agency are read once per request from guardian's
direct-FK tables (two queries) and cached on the user object; templates get them as a set.
"""

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import render

from qms.agencies.models import (
    Agency,
    AgencyGroupObjectPermission,
    AgencyRole,
    AgencyUserObjectPermission,
)
from qms.agencies.roles import (
    NATIONAL_PERMISSIONS,
    NATIONAL_SUPERVISION,
    PROVINCE_WIDE_PERMISSIONS,
    Role,
)

_CACHE_ATTRIBUTE = "_qms_agency_perms"


def agency_permissions(user, agency: Agency | None) -> frozenset[str]:
    """The codenames ``user`` holds on ``agency``, including a province-wide supervisor role
    and the read-only reach of a supervisor role on the Ministry (see roles.py)."""
    if agency is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cache = user.__dict__.setdefault(_CACHE_ATTRIBUTE, {})
    if agency.pk in cache:
        return cache[agency.pk]
    if user.is_superuser:
        from qms.agencies.roles import AGENCY_PERMISSIONS

        perms = {codename for codename, _label in AGENCY_PERMISSIONS}
    else:
        # The agency itself, its province root and any Ministry (for the national reach).
        reach = Q(content_object_id__in={agency.pk, agency.province_root_id}) | Q(
            content_object__level=Agency.Level.MINISTRY
        )
        fields = ("content_object_id", "content_object__level", "permission__codename")
        rows = list(
            AgencyGroupObjectPermission.objects.filter(reach, group__user=user).values_list(*fields)
        ) + list(AgencyUserObjectPermission.objects.filter(reach, user=user).values_list(*fields))
        perms = {
            codename
            for agency_id, _level, codename in rows
            if agency_id == agency.pk
            or (agency_id == agency.province_root_id and codename in PROVINCE_WIDE_PERMISSIONS)
        }
        if any(
            level == Agency.Level.MINISTRY and codename == "supervise"
            for _id, level, codename in rows
        ):
            perms |= NATIONAL_PERMISSIONS
    if agency.level == Agency.Level.MINISTRY and "supervise" in perms:
        # The Ministry supervises the nation, never a province of its own: there ``supervise``
        # becomes NATIONAL_SUPERVISION, so no province's work (inspection plans, framework
        # lists, report forms) is offered or allowed on it.
        perms.discard("supervise")
        perms.add(NATIONAL_SUPERVISION)
    perms = frozenset(perms)
    cache[agency.pk] = perms
    return perms


def supervises_nation(user, agency: Agency | None) -> bool:
    """Whether ``user`` consolidates every province from ``agency``: the Ministry, where they
    hold ``supervise``. A province's supervisor never does."""
    return NATIONAL_SUPERVISION in agency_permissions(user, agency)


def works_in(user, agency: Agency | None) -> bool:
    """Whether ``user`` takes part in ``agency``'s own system: an active person holding a role
    there other than supervisor (or a superuser). A supervisor's reach, province-wide or
    national, reads and never writes: it makes nobody a member."""
    if agency is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return (
        AgencyRole.objects.filter(agency=agency, group__user=user)
        .exclude(role=Role.SUPERVISOR)
        .exists()
    )


def forget_permissions(user) -> None:
    """Drop the per-request cache after roles changed."""
    user.__dict__.pop(_CACHE_ATTRIBUTE, None)


def held_agencies(user):
    """The agencies where the person holds a role or a permission of their own.

    Two ``pk IN (subquery)`` filters rather than an OR across joins: the joins would match
    every membership of the province (thousands of rows) before keeping the person's own.
    """
    by_role = AgencyRole.objects.filter(group__user=user).values("agency_id")
    by_user = AgencyUserObjectPermission.objects.filter(user=user).values("content_object_id")
    return Agency.objects.filter(Q(pk__in=by_role) | Q(pk__in=by_user))


def agencies_for_user(user) -> list[Agency]:
    """The agencies where the person holds any role, for the agency switcher."""
    if not user.is_authenticated:
        return []
    return list(held_agencies(user).order_by("name"))


def require(user, codename: str, agency: Agency) -> None:
    """Raise PermissionDenied unless ``user`` holds ``codename`` on ``agency``.

    Services call this so that a role is checked even when no view stands in front.
    """
    if not user.has_perm(f"qms.{codename}", agency):
        raise PermissionDenied


def get_for_agency_or_404(queryset, user, codename: str = "view_qms", **lookup):
    """Fetch an object of some agency, hiding objects of agencies the user cannot see.

    Another agency's object is a 404; a missing role on one's own agency is a 403.
    """
    obj = queryset.filter(**lookup).select_related("agency").first()
    if obj is None or not user.has_perm("qms.view_qms", obj.agency):
        raise Http404
    require(user, codename, obj.agency)
    return obj


def agency_permission_required(*codenames: str) -> Callable:
    """View decorator for pages of the current agency (``request.agency``).

    Anonymous people go to sign-in; people without any agency see the no-membership page;
    people whose roles lack every one of ``codenames`` get a 403.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.agency is None:
                return render(request, "qms/no_membership.html", status=403)
            if not any_permission(request.user, codenames, request.agency):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def any_permission(user, codenames: Iterable[str], agency: Agency) -> bool:
    held = agency_permissions(user, agency)
    return any(codename in held for codename in codenames)


def holders_of(agency: Agency, codename: str):
    """Active people whose roles in ``agency`` itself grant ``codename``."""
    from qms.agencies.models import User

    return (
        User.objects.filter(
            groups__agencygroupobjectpermission__content_object=agency,
            groups__agencygroupobjectpermission__permission__codename=codename,
            is_active=True,
        )
        .distinct()
        .order_by("full_name")
    )
