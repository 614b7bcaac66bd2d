"""The person's own page: who they are, their roles in each agency, and their API token."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from qms.agencies.models import AgencyRole
from qms.api import tokens


@login_required
def profile(request):
    user = request.user
    held = (
        AgencyRole.objects.filter(group__user=user)
        .select_related("agency")
        .order_by("agency__name", "agency_id", "role")
    )
    roles = [
        {"agency": agency, "roles": [held.get_role_display() for held in rows]}
        for agency, rows in groupby(held, key=lambda held: held.agency)
    ]
    return render(
        request,
        "qms/profile.html",
        {
            "profile_user": user,
            "roles": roles,
            "token": Token.objects.filter(user=user).first(),
            "api_root": request.build_absolute_uri(reverse("api:api-root")),
            "api_docs": reverse("api:docs"),
        },
    )


@login_required
@require_POST
def token_issue(request):
    tokens.token_issue(user=request.user)
    messages.success(request, _("A new API token was created; any earlier token no longer works."))
    return redirect("profile")


@login_required
@require_POST
def token_revoke(request):
    if tokens.token_revoke(user=request.user):
        messages.success(request, _("Your API token was revoked."))
    return redirect("profile")
