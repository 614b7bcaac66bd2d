from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qms.agencies import invitations, services
from qms.agencies.forms import AccountForm, ExistingMemberForm, MemberForm, UnitForm
from qms.agencies.middleware import SESSION_KEY
from qms.agencies.models import Unit, User
from qms.agencies.permissions import agency_permission_required
from qms.agencies.selectors import (
    account_editable_by,
    invitations_pending_for,
    unit_here,
    with_units_in,
)
from qms.lib.forms import add_service_errors


@login_required
@require_POST
def agency_switch(request):
    chosen = next(
        (a for a in request.user_agencies if str(a.pk) == request.POST.get("agency")), None
    )
    if chosen is None:
        raise Http404
    request.session[SESSION_KEY] = chosen.pk
    messages.success(request, _("Now working at: %(agency)s") % {"agency": chosen.name})
    target = request.POST.get("next") or "home"
    if target != "home" and not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = "home"
    return redirect(target)


def _members_of(agency):
    role_groups = agency.roles.values_list("group_id", flat=True)
    members = User.objects.filter(groups__in=role_groups).distinct()
    return with_units_in(members, agency).prefetch_related(
        Prefetch("groups", queryset=agency_groups(agency), to_attr="agency_groups")
    )


def agency_groups(agency):
    return Group.objects.filter(agency_role__agency=agency).select_related("agency_role__agency")


@agency_permission_required("manage_members")
def member_list(request):
    members = _members_of(request.agency).order_by("full_name")
    for member in members:
        member.role_labels = sorted(g.agency_role.role_label for g in member.agency_groups)
        member.unit_here = unit_here(member, request.agency)
    return render(request, "agencies/member_list.html", {"members": members})


@agency_permission_required("manage_members")
def member_create(request):
    form = MemberForm(request.POST or None, agency=request.agency)
    existing_form = ExistingMemberForm(agency=request.agency)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_create(
                agency=request.agency, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Member %(name)s added.") % {"name": member})
            return redirect("agencies:member-list")
    return render(
        request, "agencies/member_form.html", {"form": form, "existing_form": existing_form}
    )


@agency_permission_required("manage_members")
@require_POST
def member_add_existing(request):
    form = ExistingMemberForm(request.POST, agency=request.agency)
    if form.is_valid():
        try:
            member = invitations.member_add_existing(
                agency=request.agency, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if member is not None:
                messages.success(request, _("Member %(name)s added.") % {"name": member})
            else:
                # The same words whether the username exists or not.
                messages.info(request, INVITATION_SENT)
            return redirect("agencies:member-list")
    new_form = MemberForm(agency=request.agency)
    return render(request, "agencies/member_form.html", {"form": new_form, "existing_form": form})


@agency_permission_required("manage_members")
def member_edit(request, pk: int):
    member = get_object_or_404(_members_of(request.agency), pk=pk)
    unit = unit_here(member, request.agency)
    initial = {
        "full_name": member.full_name,
        "email": member.email,
        "position": member.position,
        "unit": unit.pk if unit else None,
        "roles": [g.agency_role.role for g in member.agency_groups],
    }
    editable = account_editable_by(member, request.user)
    form = MemberForm(
        request.POST or None,
        agency=request.agency,
        member=member,
        account_editable=editable,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(
                agency=request.agency, by=request.user, user=member, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s's details saved.") % {"name": member})
            return redirect("agencies:member-list")
    return render(
        request,
        "agencies/member_form.html",
        {"form": form, "member": member, "account_editable": editable},
    )


INVITATION_SENT = gettext_lazy(
    "If this account exists and can be invited, the person will receive an invitation and "
    "joins the agency when they accept it."
)


@login_required
def profile_edit(request):
    """The person changes their own name, e-mail and position."""
    user = request.user
    initial = {"full_name": user.full_name, "email": user.email, "position": user.position}
    form = AccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_update(user=user, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your details were saved."))
            return redirect("profile")
    return render(request, "agencies/profile_form.html", {"form": form})


@login_required
@require_POST
def invitation_answer(request, pk: int, accept: bool):
    """The invited person accepts or declines; someone else's invitation is a 404."""
    invitation = get_object_or_404(invitations_pending_for(request.user), pk=pk)
    try:
        if accept:
            invitations.invitation_accept(invitation=invitation, by=request.user)
            text = _("You joined %(agency)s.")
        else:
            invitations.invitation_decline(invitation=invitation, by=request.user)
            text = _("You declined the invitation of %(agency)s.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, text % {"agency": invitation.agency.name})
    return redirect("profile")


@agency_permission_required("manage_members")
def unit_list(request):
    units = request.agency.units.all()
    return render(request, "agencies/unit_list.html", {"units": units})


@agency_permission_required("manage_members")
def unit_edit(request, pk: int | None = None):
    unit = get_object_or_404(Unit, pk=pk, agency=request.agency) if pk else None
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.unit_save(
                agency=request.agency, by=request.user, unit=unit, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Unit %(name)s saved.") % {"name": saved.name})
            return redirect("agencies:unit-list")
    return render(request, "agencies/unit_form.html", {"form": form, "unit": unit})
