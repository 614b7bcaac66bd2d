from qms.monitoring.views import (
    agency_reports,
    announcements,
    annual_reports,
    clauses,
    coverage,
    framework,
    history,
    inspection_work,
    inspections,
    national,
    recommendations,
)

app_name = "monitoring"

# Each views module lists its own routes; paths are nouns.
urlpatterns: list = [
    *coverage.urlpatterns,
    *clauses.urlpatterns,
    *announcements.urlpatterns,
    *framework.urlpatterns,
    *inspections.urlpatterns,
    *inspection_work.urlpatterns,
    *annual_reports.urlpatterns,
    *agency_reports.urlpatterns,
    *history.urlpatterns,
    *national.urlpatterns,
    *recommendations.urlpatterns,
]
