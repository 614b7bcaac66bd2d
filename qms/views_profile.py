"""The person's own page: who they are, their roles in each agency, and their API tokens.

Every response here is ``Cache-Control: no-store``: the page right after a token is created
holds its key, and none of them should stay in a browser's or a proxy's cache.
"""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qms.agencies.models import AgencyRole
from qms.agencies.selectors import invitations_pending_for
from qms.api import tokens
from qms.api.forms import ApiTokenForm
from qms.api.models import ApiToken


def _render_profile(request, *, form=None, issued=None):
    user = request.user
    held = (
        AgencyRole.objects.filter(group__user=user)
        .select_related("agency")
        .order_by("agency__name", "agency_id", "role")
    )
    roles = [
        {"agency": agency, "roles": [held.role_label for held in rows]}
        for agency, rows in groupby(held, key=lambda held: held.agency)
    ]
    return render(
        request,
        "qms/profile.html",
        {
            "profile_user": user,
            "invitations": list(invitations_pending_for(user)),
            "roles": roles,
            "tokens": ApiToken.objects.filter(user=user).listed(),
            "token_form": form or ApiTokenForm(),
            "issued": issued,
            "api_root": request.build_absolute_uri(reverse("api:api-root")),
            "api_docs": reverse("api:docs"),
        },
    )


@never_cache
@login_required
def profile(request):
    return _render_profile(request)


@never_cache
@login_required
@require_POST
def token_issue(request):
    # The key is shown in this response and never again, so no redirect: a message or a
    # session would have to hold the key until the next page.
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _render_profile(request, form=form)
    issued = tokens.token_issue(user=request.user, **form.cleaned_data)
    return _render_profile(request, issued=issued)


@never_cache
@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    tokens.token_revoke(token=token, by=request.user)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("profile")
