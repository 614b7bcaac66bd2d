"""The admin reads document control; it never changes a status or an approval record.

Status changes go through the services only (invariant 1), so revisions, decisions and change
requests are read-only here.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from documents.models import (
    ApprovalDecision,
    ChangeRequest,
    Document,
    DocumentType,
    ExternalDocument,
    IsoClause,
    IsoEdition,
    Revision,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin, ReadOnlyAdmin):
    """Read-only, with a readable history that is never reverted.

    simple_history's page of a past version saves whatever is posted to it, checking only the
    permission to view: posted, it would write the old version back over the current one.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(DocumentType)
class DocumentTypeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "prefix", "agency", "code_pattern", "review_period_months"]
    list_filter = ["kind"]
    search_fields = ["name", "prefix", "agency__name"]
    raw_id_fields = ["agency"]

    def has_delete_permission(self, request, obj=None):
        return False  # documents keep their type; a type is retired, never deleted


@admin.register(Document)
class DocumentAdmin(ReadOnlyHistoryAdmin):
    list_display = ["code", "title", "agency", "status", "review_due"]
    list_filter = ["status", "type__kind"]
    search_fields = ["code", "title", "search_text"]
    list_select_related = ["agency"]


@admin.register(Revision)
class RevisionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["document", "number", "status", "effective_date", "approved_by"]
    list_filter = ["status"]
    search_fields = ["document__code", "document__title"]
    list_select_related = ["document", "approved_by"]


@admin.register(ApprovalDecision)
class ApprovalDecisionAdmin(ReadOnlyAdmin):
    list_display = ["revision", "step", "decision", "by", "at"]
    list_filter = ["step", "decision"]
    list_select_related = ["revision__document", "by"]


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ReadOnlyHistoryAdmin):
    list_display = ["document", "status", "requested_by", "requested_at"]
    list_filter = ["status", "source"]


@admin.register(ExternalDocument)
class ExternalDocumentAdmin(ReadOnlyHistoryAdmin):
    list_display = ["number", "title", "kind", "status", "agency"]
    list_filter = ["kind", "status"]
    search_fields = ["number", "title"]


@admin.register(IsoEdition)
class IsoEditionAdmin(admin.ModelAdmin):
    """Editions come from their catalogues (``load_catalogue``); the one thing set here is the
    Ministry's transition deadline."""

    list_display = ["code", "name", "follows", "transition_deadline", "loaded_at"]
    fields = ["code", "name", "follows", "loaded_at", "transition_deadline", "deadline_basis"]
    readonly_fields = ["code", "name", "follows", "loaded_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IsoClause)
class IsoClauseAdmin(ReadOnlyAdmin):
    list_display = ["version", "number", "title", "change"]
    list_filter = ["version", "change"]
