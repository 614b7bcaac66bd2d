"""Kiến nghị của Sở KH&CN: written from the agency's supervision page, read by the agency."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from qms.agencies.models import Agency
from qms.agencies.permissions import agency_permission_required
from qms.lib.forms import add_service_errors
from qms.lib.pagination import Paginator
from qms.monitoring.forms import RecommendationForm
from qms.monitoring.services.recommendations import may_recommend, recommendation_create

# Who reads the Sở's recommendations in the agency: its ISO secretary, who is also e-mailed.
READERS = ("manage_documents",)


@login_required
def recommendation_new(request, pk: int):
    agency = Agency.objects.select_related("province").filter(pk=pk).first()
    if agency is None or not request.user.has_perm("qms.view_qms", agency):
        raise Http404
    if not may_recommend(request.user, agency):
        raise PermissionDenied
    form = RecommendationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recommendation_create(agency=agency, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The recommendation was sent to the agency."))
            return redirect("monitoring:agency-detail", agency.pk)
    return render(request, "monitoring/recommendation_form.html", {"subject": agency, "form": form})


@agency_permission_required(*READERS)
def recommendation_list(request):
    recommendations = request.agency.recommendations.select_related("created_by", "province")
    page = Paginator(recommendations, 25).get_page(request.GET.get("page"))
    return render(request, "monitoring/recommendation_list.html", {"page": page})


urlpatterns = [
    path(
        "agencies/<int:pk>/recommendations/new/",
        recommendation_new,
        name="agency-recommendation-create",
    ),
    path("recommendations/", recommendation_list, name="recommendation-list"),
]
