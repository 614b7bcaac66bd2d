from documents.views import (
    changes,
    compare,
    external,
    records,
    register,
    revisions,
    types,
    workflow,
)

app_name = "documents"

# Each views module lists its own routes; paths are nouns.
urlpatterns = (
    register.urlpatterns
    + revisions.urlpatterns
    + workflow.urlpatterns
    + changes.urlpatterns
    + compare.urlpatterns
    + external.urlpatterns
    + records.urlpatterns
    + types.urlpatterns
)
