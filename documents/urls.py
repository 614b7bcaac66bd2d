from documents.views import (
    changes,
    compare,
    copies,
    distribution,
    external,
    imports,
    records,
    register,
    revisions,
    tthc,
    types,
    withdrawals,
    word,
    word_drafts,
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
    + copies.urlpatterns
    + external.urlpatterns
    + records.urlpatterns
    + types.urlpatterns
    + distribution.urlpatterns
    + imports.urlpatterns
    + tthc.urlpatterns
    + word.urlpatterns
    + word_drafts.urlpatterns
    + withdrawals.urlpatterns
)
