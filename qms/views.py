"""Pages that gather from every app. Each app answers through a selector it offers."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from qms.tasks import tasks_for_user


@login_required
def home(request):
    """Việc của tôi: everything that waits for this person in the current agency."""
    if request.agency is None:
        return render(request, "qms/no_membership.html", status=403)
    groups = tasks_for_user(user=request.user, agency=request.agency)
    return render(
        request,
        "qms/home.html",
        {
            "task_groups": groups,
            "task_count": sum(len(group.items) for group in groups),
            "roles_here": sorted(_role_labels(request.user, request.agency)),
        },
    )


def _role_labels(user, agency):
    return [
        group.agency_role.get_role_display()
        for group in user.groups.filter(agency_role__agency=agency).select_related("agency_role")
    ]
