"""The "mô hình khung": the supervisor's list of expected procedures per level, and the
matrix of agencies × expected procedures."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.agencies.models import Agency
from qms.agencies.permissions import agency_permission_required
from qms.lib.pagination import Paginator
from qms.monitoring.forms import FrameworkFormSet
from qms.monitoring.selectors.framework import framework_for, framework_matrix
from qms.monitoring.selectors.status import agencies_in_scope
from qms.monitoring.services.announcements import framework_update
from qms.monitoring.views.common import PAGE_SIZE, province_of, render_page

CELL_CLASSES = {
    "effective": ("text-bg-success", gettext_lazy("Effective")),
    "draft": ("text-bg-warning", gettext_lazy("Draft")),
    "missing": ("text-bg-light border", gettext_lazy("Missing")),
}


def _level(request) -> str:
    level = request.GET.get("level", "")
    return level if level in Agency.Level.values else Agency.Level.DEPARTMENT


@agency_permission_required("supervise")
def framework(request):
    province, level = province_of(request), _level(request)
    expected = list(framework_for(province, level))
    agencies = agencies_in_scope(province, as_of=timezone.localdate()).filter(level=level)
    page = Paginator(agencies.order_by("name"), PAGE_SIZE).get_page(request.GET.get("page"))
    labels = {key: (css, str(label)) for key, (css, label) in CELL_CLASSES.items()}
    matrix = framework_matrix(list(page), expected)
    for row in matrix:
        row["cells"] = [labels[cell] for cell in row["cells"]]
    context = {
        "level": level,
        "levels": [
            {"key": key, "label": label, "active": key == level}
            for key, label in Agency.Level.choices
        ],
        "expected": expected,
        "matrix": matrix,
        "page": page,
        "query": f"level={level}",
    }
    return render_page(request, "monitoring/framework.html", context, tab="framework")


@agency_permission_required("supervise")
def framework_edit(request):
    province, level = province_of(request), _level(request)
    formset = FrameworkFormSet(request.POST or None, queryset=framework_for(province, level))
    if request.method == "POST" and formset.is_valid():
        rows = [
            {**form.cleaned_data, "procedure": form.instance if form.instance.pk else None}
            for form in formset.forms
            if form.has_changed() or form.instance.pk
        ]
        for row in rows:
            row["delete"] = row.pop("DELETE", False)
            row.pop("id", None)
        try:
            framework_update(province=province, level=level, by=request.user, rows=rows)
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages)
        else:
            messages.success(request, _("The list of expected procedures was saved."))
            return redirect(reverse("monitoring:framework") + f"?level={level}")
    context = {"formset": formset, "level": level, "level_label": Agency.Level(level).label}
    return render_page(request, "monitoring/framework_form.html", context, tab="framework")


urlpatterns = [
    path("framework/", framework, name="framework"),
    path("framework/edit/", framework_edit, name="framework-edit"),
]
