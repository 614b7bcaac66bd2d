"""/api/v1/ (one router over every app's view sets), /api/schema/ and /api/docs/.

Adding a resource is one line in ROUTES.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from audits.api import (
    AuditViewSet,
    ClauseViewSet,
    FindingViewSet,
    NonconformityViewSet,
    ObjectiveViewSet,
)
from documents.api import DocumentViewSet, ExternalDocumentViewSet, RevisionViewSet
from qms.api.agencies import AgencyViewSet
from qms.monitoring.api import CoverageViewSet, ProvinceClauseViewSet

app_name = "api"

# (path, view set, basename): the URL names are "api:<basename>-list" and "-detail".
ROUTES = [
    ("agencies", AgencyViewSet, "agency"),
    ("documents", DocumentViewSet, "document"),
    ("revisions", RevisionViewSet, "revision"),
    ("external-documents", ExternalDocumentViewSet, "external-document"),
    ("nonconformities", NonconformityViewSet, "nonconformity"),
    ("objectives", ObjectiveViewSet, "objective"),
    ("audits", AuditViewSet, "audit"),
    ("findings", FindingViewSet, "finding"),
    ("clauses", ClauseViewSet, "clause"),
    ("coverage", CoverageViewSet, "coverage"),
    ("province-clauses", ProvinceClauseViewSet, "province-clause"),
]

router = DefaultRouter()
router.include_format_suffixes = False
for prefix, viewset, basename in ROUTES:
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(api_version="1"), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
