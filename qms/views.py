"""Pages that gather from every app. Each app answers through a selector it offers."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from qms.agencies.models import AgencyRole
from qms.agencies.permissions import supervises_nation
from qms.agencies.roles import Role
from qms.tasks import tasks_for_user


@login_required
def home(request):
    """Việc của tôi: everything that waits for this person in the current agency."""
    if request.agency is None:
        return render(request, "qms/no_membership.html", status=403)
    if supervises_nation(request.user, request.agency):
        # The Ministry's supervisor reads the country: his first screen is the roll-up.
        return redirect("monitoring:national")
    groups = tasks_for_user(user=request.user, agency=request.agency)
    return render(
        request,
        "qms/home.html",
        {
            "task_groups": groups,
            "task_count": sum(group.count for group in groups),
            "roles_here": sorted(_role_labels(request.user, request.agency)),
        },
    )


def _role_labels(user, agency):
    return [
        group.agency_role.role_label
        for group in user.groups.filter(agency_role__agency=agency).select_related(
            "agency_role__agency"
        )
    ]


def permission_denied(request, exception):
    """The 403 page, worded for the person: a supervisor of the Sở KH&CN (or the Ministry)
    reads the agencies and never changes their data, so no other role would open the page
    for him; anyone else may ask the agency administrator for one."""
    supervisor = (
        request.user.is_authenticated
        and AgencyRole.objects.filter(group__user=request.user, role=Role.SUPERVISOR).exists()
    )
    return render(request, "403.html", {"supervisor": supervisor}, status=403)
