"""The admin reads the improvement cycle; it never changes a status, an event or minutes.

Status changes go through the services only (invariant 1), so every model is read-only here.
"""

from django.contrib import admin

from audits.models import (
    Action,
    ManagementReview,
    Nonconformity,
    NonconformityEvent,
    QualityObjective,
    Risk,
)
from documents.admin import ReadOnlyAdmin


@admin.register(Nonconformity)
class NonconformityAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "agency", "source", "status", "detected_on"]
    list_filter = ["status", "source"]
    search_fields = ["code", "title", "agency__name"]


@admin.register(NonconformityEvent)
class NonconformityEventAdmin(ReadOnlyAdmin):
    list_display = ["nonconformity", "kind", "by", "at"]
    list_filter = ["kind"]


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ["title", "agency", "kind", "owner", "due_on", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "agency__name"]


@admin.register(ManagementReview)
class ManagementReviewAdmin(ReadOnlyAdmin):
    list_display = ["title", "agency", "held_on", "status"]
    list_filter = ["status"]


@admin.register(QualityObjective)
class QualityObjectiveAdmin(ReadOnlyAdmin):
    list_display = ["title", "agency", "year", "target", "direction"]
    list_filter = ["year"]


@admin.register(Risk)
class RiskAdmin(ReadOnlyAdmin):
    list_display = ["title", "agency", "kind", "likelihood", "impact", "status"]
    list_filter = ["kind", "status"]
