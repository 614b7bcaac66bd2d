from audits.views import (
    actions,
    dashboard,
    flow,
    nonconformities,
    objectives,
    reviews,
    risks,
    satisfaction,
    satisfaction_surveys,
)

app_name = "audits"

# Each views module lists its own routes; paths are nouns.
urlpatterns = (
    dashboard.urlpatterns
    + nonconformities.urlpatterns
    + flow.urlpatterns
    + actions.urlpatterns
    + objectives.urlpatterns
    + risks.urlpatterns
    + reviews.urlpatterns
    + satisfaction.urlpatterns
    + satisfaction_surveys.urlpatterns
)
