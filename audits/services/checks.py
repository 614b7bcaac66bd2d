"""Checks every improvement service shares: objects of the same agency, members, dates."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qms.agencies.models import Agency, User


def is_member(user: User | None, agency: Agency) -> bool:
    """Whether ``user`` is an active person holding a role in ``agency`` itself (a province
    supervisor reads every agency but belongs to none of them)."""
    return bool(
        user is not None
        and user.is_active
        and user.groups.filter(agency_role__agency=agency).exists()
    )


def check_member(agency: Agency, **people: User | None) -> None:
    for field, user in people.items():
        if user is not None and not is_member(user, agency):
            raise ValidationError({field: _("Choose a member of this agency.")})


def check_same_agency(agency: Agency, *, clause=None, **objects) -> None:
    """Refuse a unit, document or other object of another agency, and an ISO clause of the
    other version of the standard."""
    for field, obj in objects.items():
        if obj is not None and obj.agency_id != agency.pk:
            raise ValidationError({field: _("This belongs to another agency.")})
    if clause is not None and clause.version != agency.iso_version:
        raise ValidationError(
            {
                "clause": _("Choose a clause of %(version)s, the version this agency applies.")
                % {"version": agency.iso_standard}
            }
        )


def required_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value
