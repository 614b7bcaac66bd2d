"""Bringing an existing account into an agency: directly for the agency's own accounts, by an
invitation the person accepts for everyone else. Each function is one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.agencies.models import Agency, Invitation, User
from qms.agencies.permissions import require
from qms.agencies.selectors import holds_any_role, is_supervisor
from qms.agencies.services import agency_roles_assign, member_set_roles, roles_offered
from qms.lib.mail import send_after_commit


@transaction.atomic
def member_add_existing(
    *, agency: Agency, by: User, username: str, roles: list[str]
) -> User | None:
    """Give roles in ``agency`` to the existing account named ``username``.

    An account created here that holds no role anywhere is added at once and returned. Any
    other active account that is neither a system administrator nor a supervisor gets an
    invitation (or its pending one now offers ``roles``) and takes the roles when it accepts.
    Otherwise nothing happens. Both of the latter return None, so that the caller cannot tell
    whether a username exists. ValidationError for roles the agency cannot give.
    """
    require(by, "manage_members", agency)
    offered = {role.value for role in roles_offered(agency)}
    if not roles or set(roles) - offered:
        raise ValidationError({"roles": _("Choose the roles this agency offers the person.")})
    user = User.objects.filter(username__iexact=username.strip(), is_active=True).first()
    if user is None or user.is_superuser or is_supervisor(user):
        return None
    if user.groups.filter(agency_role__agency=agency).exists():
        raise ValidationError(
            {"username": _("This person is already a member; change their roles on their page.")}
        )
    if user.home_agency_id == agency.pk and not holds_any_role(user):
        member_set_roles(agency=agency, user=user, roles=roles, by=by)
        return user
    invitation = (
        Invitation.objects.select_for_update()
        .filter(agency=agency, user=user, status=Invitation.Status.PENDING)
        .first()
    )
    if invitation is None:
        invitation = Invitation(agency=agency, user=user)
        reason = _("Invitation sent")
    else:
        reason = _("Invitation renewed")
    invitation.roles = sorted(set(roles))
    invitation.invited_by = by
    invitation._history_user = by
    invitation._change_reason = reason
    invitation.save()
    send_after_commit(
        recipients=[user],
        template="emails/invitation_received.txt",
        context={"invitation": invitation},
    )
    return None


def _locked_pending(invitation: Invitation, by: User) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update().select_related("agency").get(pk=invitation.pk)
    )
    if invitation.user_id != by.pk:
        raise PermissionDenied
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(_("This invitation has already been answered."))
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, by: User) -> Invitation:
    """The invited person accepts: the roles offered are added to any they hold there.

    PermissionDenied for anyone but the invited person; ValidationError once answered or when
    the agency no longer exists as an active agency.
    """
    invitation = _locked_pending(invitation, by)
    agency = invitation.agency
    if not agency.is_active:
        raise ValidationError(_("The agency no longer exists; the invitation cannot be accepted."))
    offered = {role.value for role in roles_offered(agency)}
    held = set(
        by.groups.filter(agency_role__agency=agency).values_list("agency_role__role", flat=True)
    )
    agency_roles_assign(
        agency=agency, user=by, roles=sorted(held | (set(invitation.roles) & offered))
    )
    invitation.status = Invitation.Status.ACCEPTED
    invitation.accepted_at = timezone.now()
    invitation._history_user = by
    invitation._change_reason = _("Invitation accepted")
    invitation.save(update_fields=["status", "accepted_at"])
    return invitation


@transaction.atomic
def invitation_decline(*, invitation: Invitation, by: User) -> Invitation:
    """The invited person declines: nothing changes in the agency.

    PermissionDenied for anyone but the invited person; ValidationError once answered.
    """
    invitation = _locked_pending(invitation, by)
    invitation.status = Invitation.Status.DECLINED
    invitation.declined_at = timezone.now()
    invitation._history_user = by
    invitation._change_reason = _("Invitation declined")
    invitation.save(update_fields=["status", "declined_at"])
    return invitation
