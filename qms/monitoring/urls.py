from qms.monitoring.views import announcements, coverage, framework

app_name = "monitoring"

# Each views module lists its own routes; paths are nouns.
urlpatterns: list = [*coverage.urlpatterns, *announcements.urlpatterns, *framework.urlpatterns]
