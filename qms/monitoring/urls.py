from qms.monitoring.views import agency_reports, annual_reports, inspection_work, inspections

app_name = "monitoring"

# Each views module lists its own routes; paths are nouns.
urlpatterns: list = []
urlpatterns += inspections.urlpatterns + inspection_work.urlpatterns
urlpatterns += annual_reports.urlpatterns + agency_reports.urlpatterns
