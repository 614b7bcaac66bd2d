"""Writes on agencies, units, members and roles. Each function is one transaction."""

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from qms.agencies.models import Agency, AgencyRole, Unit, User
from qms.agencies.permissions import forget_permissions, require
from qms.agencies.roles import ROLE_PERMISSIONS, Role


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

    Idempotent; also brings older agencies in line after the role table changed.
    """
    existing = {item.role: item for item in agency.roles.select_related("group")}
    permissions = {
        perm.codename: perm
        for perm in Permission.objects.filter(
            content_type__app_label="qms", content_type__model="agency"
        )
    }
    for role in roles_offered(agency):
        agency_role = existing.get(role)
        if agency_role is None:
            group, _created = Group.objects.get_or_create(name=f"{agency.code}:{role}")
            agency_role = AgencyRole.objects.create(agency=agency, role=role, group=group)
            existing[role] = agency_role
        for codename in ROLE_PERMISSIONS[role]:
            assign_perm(permissions[codename], agency_role.group, agency)
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
    user = User(username=username, full_name=full_name, email=email, position=position, unit=unit)
    validate_password(password, user)
    user.set_password(password)
    user._history_user = by
    user._change_reason = _("Account created at %(agency)s") % {"agency": agency.name}
    user.save()
    member_set_roles(agency=agency, user=user, roles=roles, by=by)
    return user


@transaction.atomic
def member_update(
    *,
    agency: Agency,
    by: User,
    user: User,
    full_name: str,
    email: str,
    position: str,
    unit: Unit | None,
    roles: list[str],
    new_password: str = "",
) -> User:
    """Change a member's details, roles and, optionally, password in ``agency``.

    A password is set only for a person who holds roles in this agency alone: an agency's
    administrator must not take over an account that other agencies rely on.
    """
    require(by, "manage_members", agency)
    _check_unit(agency, unit)
    fields = ["full_name", "email", "position", "unit"]
    user.full_name, user.email, user.position, user.unit = full_name, email, position, unit
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
    user._history_user = by
    user._change_reason = _("Member details updated")
    user.save(update_fields=fields)
    member_set_roles(agency=agency, user=user, roles=roles, by=by)
    return user


@transaction.atomic
def member_set_roles(*, agency: Agency, user: User, roles: list[str], by: User) -> None:
    """Make ``roles`` exactly the roles ``user`` holds in ``agency``.

    Refuses to leave the agency without an administrator, and roles the agency cannot give.
    """
    require(by, "manage_members", agency)
    groups = _role_groups(agency)
    if set(roles) - set(groups):
        raise ValidationError({"roles": _("This agency has no such role.")})
    if Role.ADMIN not in roles and groups[Role.ADMIN].user_set.filter(pk=user.pk).exists():
        other_admins = groups[Role.ADMIN].user_set.exclude(pk=user.pk).filter(is_active=True)
        if not other_admins.exists():
            raise ValidationError({"roles": _("The agency must keep at least one administrator.")})
    agency_roles_assign(agency=agency, user=user, roles=roles)


def agency_roles_assign(*, agency: Agency, user: User, roles: list[str]) -> None:
    """Set the roles of ``user`` in ``agency`` without a permission check.

    For trusted callers only (management commands, the services above after their checks).
    """
    groups = _role_groups(agency)
    wanted = {groups[role] for role in roles}
    current = set(user.groups.filter(agency_role__agency=agency))
    user.groups.remove(*(current - wanted))
    user.groups.add(*(wanted - current))
    forget_permissions(user)


@transaction.atomic
def member_add_existing(*, agency: Agency, by: User, username: str, roles: list[str]) -> User:
    """Give an existing account (for example a person moving from another agency) roles here."""
    require(by, "manage_members", agency)
    user = User.objects.filter(username__iexact=username, is_active=True).first()
    if user is None:
        raise ValidationError({"username": _("No account has this username.")})
    member_set_roles(agency=agency, user=user, roles=roles, by=by)
    return user


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
