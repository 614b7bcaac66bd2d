"""Writes on agencies, units, members and roles. Each function is one transaction."""

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qms.agencies.models import (
    Agency,
    AgencyGroupObjectPermission,
    AgencyRole,
    MemberUnit,
    Unit,
    User,
)
from qms.agencies.permissions import forget_permissions, require
from qms.agencies.roles import ROLE_PERMISSIONS, Role
from qms.agencies.selectors import account_editable_by, holds_any_role


def roles_offered(agency: Agency) -> list[Role]:
    """Roles an agency can give. Supervision belongs to a province root only."""
    return [role for role in Role if role != Role.SUPERVISOR or agency.province_id is None]


@transaction.atomic
def agency_create(
    *,
    name: str,
    code: str,
    level: str,
    parent: Agency | None = None,
    short_name: str = "",
    iso_version: str = Agency.IsoVersion.V2015,
    iso_mandatory: bool = True,
    by: User | None = None,
) -> Agency:
    """Create an agency under ``parent`` (or a province root) with its role groups."""
    agency = Agency(
        name=name,
        short_name=short_name,
        code=code,
        level=level,
        parent=parent,
        province_id=parent.province_root_id if parent else None,
        iso_version=iso_version,
        iso_mandatory=iso_mandatory,
    )
    agency.full_clean()
    agency._history_user = by
    agency._change_reason = _("Agency created")
    agency.save()
    agency_roles_ensure(agency=agency)
    return agency


def agency_roles_ensure(*, agency: Agency) -> dict[str, AgencyRole]:
    """Create any missing role group of ``agency`` and grant it the role's permissions.

    Idempotent; also brings older agencies in line after the role table changed. The grants
    are compared as sets and the missing ones inserted at once: a province creates a few
    hundred agencies, each with eight groups of up to six permissions.
    """
    existing = {item.role: item for item in agency.roles.select_related("group")}
    missing = {
        f"{agency.code}:{role}": role for role in roles_offered(agency) if role not in existing
    }
    if missing:
        groups = {group.name: group for group in Group.objects.filter(name__in=missing)}
        groups |= {
            group.name: group
            for group in Group.objects.bulk_create(
                Group(name=name) for name in missing if name not in groups
            )
        }
        for agency_role in AgencyRole.objects.bulk_create(
            AgencyRole(agency=agency, role=role, group=groups[name])
            for name, role in missing.items()
        ):
            existing[agency_role.role] = agency_role
    permissions = {
        perm.codename: perm
        for perm in Permission.objects.filter(
            content_type__app_label="qms", content_type__model="agency"
        )
    }
    wanted = {
        (agency_role.group_id, permissions[codename].pk)
        for agency_role in existing.values()
        for codename in ROLE_PERMISSIONS[agency_role.role]
    }
    granted = set(
        AgencyGroupObjectPermission.objects.filter(
            content_object=agency, group_id__in={group for group, _perm in wanted}
        ).values_list("group_id", "permission_id")
    )
    AgencyGroupObjectPermission.objects.bulk_create(
        AgencyGroupObjectPermission(group_id=group, permission_id=perm, content_object=agency)
        for group, perm in sorted(wanted - granted)
    )
    return existing


def _role_groups(agency: Agency) -> dict[str, Group]:
    existing = {item.role: item for item in agency.roles.select_related("group")}
    if set(roles_offered(agency)) - set(existing):
        existing = agency_roles_ensure(agency=agency)
    return {role: item.group for role, item in existing.items()}


@transaction.atomic
def member_create(
    *,
    agency: Agency,
    by: User,
    username: str,
    full_name: str,
    email: str,
    password: str,
    roles: list[str],
    position: str = "",
    unit: Unit | None = None,
) -> User:
    """Create a user account and give it ``roles`` in ``agency``.

    Raises ValidationError for a taken username, a weak password or a foreign unit.
    """
    require(by, "manage_members", agency)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is already taken.")})
    _check_unit(agency, unit)
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        position=position,
        unit=unit,
        home_agency=agency,
    )
    validate_password(password, user)
    user.set_password(password)
    user._history_user = by
    user._change_reason = _("Account created at %(agency)s") % {"agency": agency.name}
    user.save()
    member_set_roles(agency=agency, user=user, roles=roles, by=by)
    return user


ACCOUNT_FIELDS = ("full_name", "email", "position")


@transaction.atomic
def member_update(
    *,
    agency: Agency,
    by: User,
    user: User,
    unit: Unit | None,
    roles: list[str],
    full_name: str | None = None,
    email: str | None = None,
    position: str | None = None,
    new_password: str = "",
) -> User:
    """Change a member's roles and unit in ``agency`` and, where ``by`` may, their account.

    The roles and the unit are the agency's own. The name, e-mail and position belong to the
    account: only the person, the administrator of their home agency or a system administrator
    changes them (PermissionDenied for anyone else; pass None to leave them). A password is set
    only by the home agency's administrator, for a person who holds roles in this agency alone.
    """
    require(by, "manage_members", agency)
    _check_unit(agency, unit)
    changes = {
        name: value
        for name, value in zip(ACCOUNT_FIELDS, (full_name, email, position), strict=True)
        if value is not None and value != getattr(user, name)
    }
    if (changes or new_password) and not account_editable_by(user, by):
        raise PermissionDenied(
            _(
                "Only the person, the administrator of the agency where the account was "
                "created or a system administrator changes the name, e-mail, position and "
                "password."
            )
        )
    fields = list(changes)
    for name, value in changes.items():
        setattr(user, name, value)
    if new_password:
        elsewhere = user.groups.exclude(agency_role__agency=agency).exists()
        if elsewhere or user.is_superuser:
            raise ValidationError(
                {
                    "new_password": _(
                        "This person also works in another agency; only they can change the password."
                    )
                }
            )
        validate_password(new_password, user)
        user.set_password(new_password)
        fields.append("password")
    fields += _set_unit(agency=agency, user=user, unit=unit, by=by)
    if fields:
        user._history_user = by
        user._change_reason = _("Member details updated")
        user.save(update_fields=fields)
    member_set_roles(agency=agency, user=user, roles=roles, by=by)
    return user


@transaction.atomic
def account_update(*, user: User, by: User, full_name: str, email: str, position: str) -> User:
    """Change the account's name, e-mail and position: the person themself, the administrator
    of the home agency or a system administrator; PermissionDenied for anyone else."""
    if not account_editable_by(user, by):
        raise PermissionDenied
    if not full_name.strip():
        raise ValidationError({"full_name": _("Give the full name.")})
    user.full_name, user.email, user.position = full_name.strip(), email.strip(), position.strip()
    user.full_clean(validate_unique=False, exclude=["password", "username"])
    user._history_user = by
    user._change_reason = (
        _("Own details updated") if by.pk == user.pk else _("Account details updated")
    )
    user.save(update_fields=list(ACCOUNT_FIELDS))
    return user


def _set_unit(*, agency: Agency, user: User, unit: Unit | None, by: User) -> list[str]:
    """Set the person's unit in ``agency`` only: ``User.unit`` in the home agency, a
    MemberUnit row elsewhere. Returns the User fields to save."""
    home_here = user.home_agency_id == agency.pk or (
        user.home_agency_id is None and (user.unit_id is None or user.unit.agency_id == agency.pk)
    )
    if home_here:
        if user.unit_id == (unit.pk if unit else None):
            return []
        user.unit = unit
        if user.home_agency_id is None:
            user.home_agency = agency
            return ["unit", "home_agency"]
        return ["unit"]
    row = MemberUnit.objects.filter(user=user, agency=agency).first()
    if unit is None and row is not None:
        row._history_user = by
        row._change_reason = _("Unit in the agency cleared")
        row.delete()
    elif unit is not None and (row is None or row.unit_id != unit.pk):
        row = row or MemberUnit(user=user, agency=agency)
        row.unit = unit
        row._history_user = by
        row._change_reason = _("Unit in the agency set")
        row.save()
    return []


@transaction.atomic
def member_set_roles(*, agency: Agency, user: User, roles: list[str], by: User) -> None:
    """Make ``roles`` exactly the roles ``user`` holds in ``agency``.

    Refuses to leave the agency without an administrator, and roles the agency cannot give.
    Someone who is not yet a member joins directly only if the account was created here and
    holds no role anywhere; anyone else joins by accepting an invitation (PermissionDenied).
    """
    require(by, "manage_members", agency)
    groups = _role_groups(agency)
    if set(roles) - set(groups):
        raise ValidationError({"roles": _("This agency has no such role.")})
    if roles:
        _check_joins_directly(agency=agency, user=user, by=by)
    if Role.ADMIN not in roles and groups[Role.ADMIN].user_set.filter(pk=user.pk).exists():
        other_admins = groups[Role.ADMIN].user_set.exclude(pk=user.pk).filter(is_active=True)
        if not other_admins.exists():
            raise ValidationError({"roles": _("The agency must keep at least one administrator.")})
    agency_roles_assign(agency=agency, user=user, roles=roles)
    if not roles:
        for row in MemberUnit.objects.filter(user=user, agency=agency):
            row._history_user = by
            row._change_reason = _("Left the agency")
            row.delete()


def _check_joins_directly(*, agency: Agency, user: User, by: User) -> None:
    if by.is_superuser or user.groups.filter(agency_role__agency=agency).exists():
        return
    # Holding a role anywhere includes the supervisor role.
    if user.is_superuser or user.home_agency_id != agency.pk or holds_any_role(user):
        raise PermissionDenied(
            _("A person whose account belongs elsewhere joins only by accepting an invitation.")
        )


def agency_roles_assign(*, agency: Agency, user: User, roles: list[str]) -> None:
    """Set the roles of ``user`` in ``agency`` without a permission check.

    For trusted callers only (management commands, the services above after their checks).
    An account without a home agency gets this one (the agency that first gives it roles).
    """
    groups = _role_groups(agency)
    wanted = {groups[role] for role in roles}
    current = set(user.groups.filter(agency_role__agency=agency))
    user.groups.remove(*(current - wanted))
    user.groups.add(*(wanted - current))
    forget_permissions(user)
    if wanted and user.home_agency_id is None and not user.is_superuser:
        user.home_agency = agency
        user._change_reason = _("Home agency set")
        user.save(update_fields=["home_agency"])


def _check_unit(agency: Agency, unit: Unit | None) -> None:
    if unit is not None and unit.agency_id != agency.pk:
        raise ValidationError({"unit": _("The unit does not belong to this agency.")})


@transaction.atomic
def unit_save(
    *,
    agency: Agency,
    by: User,
    name: str,
    code: str = "",
    is_active: bool = True,
    unit: Unit | None = None,
) -> Unit:
    """Create a unit of ``agency``, or change ``unit``."""
    require(by, "manage_members", agency)
    if unit is None:
        unit = Unit(agency=agency)
        reason = _("Unit created")
    else:
        if unit.agency_id != agency.pk:
            raise ValidationError(_("The unit does not belong to this agency."))
        reason = _("Unit updated")
    unit.name, unit.code, unit.is_active = name, code, is_active
    unit.full_clean()
    unit._history_user = by
    unit._change_reason = reason
    unit.save()
    return unit
