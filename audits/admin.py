"""The admin reads the improvement cycle and the internal audits; it never changes a status,
an event, minutes or an approved report.

Status changes go through the services only (invariant 1), so every model is read-only here.
"""

from django.contrib import admin

from audits.models import (
    Action,
    Audit,
    AuditProgramme,
    Finding,
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


@admin.register(AuditProgramme)
class AuditProgrammeAdmin(ReadOnlyAdmin):
    list_display = ["agency", "year", "status", "approved_by"]
    list_filter = ["status", "year"]


@admin.register(Audit)
class AuditAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "agency", "start_on", "status"]
    list_filter = ["status"]
    search_fields = ["code", "title", "agency__name"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["code", "grade", "agency", "unit", "acknowledged_at"]
    list_filter = ["grade"]
    search_fields = ["code", "statement", "agency__name"]
