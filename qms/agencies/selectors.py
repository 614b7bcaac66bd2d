"""Reads about accounts and memberships: a person's unit in an agency, the members of an agency,
who may edit an account, and the invitations waiting for a person."""

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from qms.agencies.models import Agency, Invitation, MemberUnit, Unit, User
from qms.agencies.roles import Role
from qms.lib.tasks import TaskGroup, TaskItem


def unit_in(user: User, agency: Agency) -> Unit | None:
    """The unit ``user`` holds in ``agency``: ``User.unit`` in the home agency, a MemberUnit
    row in any other. Never a unit of another agency."""
    if user.unit_id is not None and user.unit.agency_id == agency.pk:
        return user.unit
    if user.home_agency_id == agency.pk:
        return None
    row = MemberUnit.objects.filter(user=user, agency=agency).select_related("unit").first()
    return row.unit if row else None


def members_of(agency: Agency):
    """Active people holding a role in the agency itself, for owner and participant choices."""
    return (
        User.objects.filter(is_active=True, groups__agency_role__agency=agency)
        .distinct()
        .order_by("full_name", "username")
    )


def people_of_unit(unit: Unit) -> QuerySet[User]:
    """Everyone whose unit in the unit's agency is ``unit``, whatever their home agency."""
    return User.objects.filter(Q(unit=unit) | Q(member_units__unit=unit)).distinct()


def with_units_in(queryset: QuerySet[User], agency: Agency) -> QuerySet[User]:
    """Prefetch what ``unit_here`` needs, so that a list costs no query per row."""
    return queryset.select_related("unit").prefetch_related(
        Prefetch(
            "member_units",
            queryset=MemberUnit.objects.filter(agency=agency).select_related("unit"),
            to_attr="units_here",
        )
    )


def unit_here(user: User, agency: Agency) -> Unit | None:
    """``unit_in`` for a user fetched through ``with_units_in``."""
    if user.unit_id is not None and user.unit.agency_id == agency.pk:
        return user.unit
    rows = getattr(user, "units_here", None)
    return rows[0].unit if rows else None


def account_editable_by(user: User, by: User) -> bool:
    """Whether ``by`` may change the account's name, e-mail and position: the person, a system
    administrator, or the administrator of the account's home agency (never for a system
    administrator's account)."""
    if not by.is_authenticated or not by.is_active:
        return False
    if by.pk == user.pk or by.is_superuser:
        return True
    if user.is_superuser or user.home_agency_id is None:
        return False
    return by.has_perm("qms.manage_members", user.home_agency)


def is_supervisor(user: User) -> bool:
    """Whether the person holds the supervisor role anywhere (a province or the Ministry)."""
    return user.groups.filter(agency_role__role=Role.SUPERVISOR).exists()


def holds_any_role(user: User) -> bool:
    return user.groups.filter(agency_role__isnull=False).exists()


def invitations_pending_for(user: User) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(user=user, status=Invitation.Status.PENDING)
        .select_related("agency", "invited_by")
        .order_by("-created_at", "-pk")
    )


def tasks_for_user(*, user: User, agency: Agency) -> list[TaskGroup]:
    """Invitations to other agencies waiting for the person's answer (on every agency's page)."""
    group = TaskGroup(_("Invitations to join an agency"))
    for invitation in invitations_pending_for(user):
        group.items.append(
            TaskItem(
                title=invitation.agency.name,
                url=reverse("profile") + "#invitations",
                detail=", ".join(invitation.role_labels()),
            )
        )
    return [group]
