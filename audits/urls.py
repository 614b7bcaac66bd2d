from audits.views import (
    actions,
    audit_plans,
    audit_work,
    checklists,
    clauses,
    context,
    dashboard,
    flow,
    history,
    nonconformities,
    objectives,
    planned_changes,
    programmes,
    remote,
    reviews,
    risks,
    satisfaction,
    satisfaction_surveys,
    transition,
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
    + programmes.urlpatterns
    + audit_plans.urlpatterns
    + checklists.urlpatterns
    + audit_work.urlpatterns
    + remote.urlpatterns
    + satisfaction.urlpatterns
    + satisfaction_surveys.urlpatterns
    + clauses.urlpatterns
    + context.urlpatterns
    + planned_changes.urlpatterns
    + transition.urlpatterns
    + history.urlpatterns
)
