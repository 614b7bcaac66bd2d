from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from qms.agencies.models import Agency, AgencyRole, Unit, User


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "level", "iso_version", "iso_mandatory", "is_active"]
    list_filter = ["level", "iso_version", "iso_mandatory", "is_active"]
    search_fields = ["name", "code", "short_name"]
    raw_id_fields = ["parent", "province", "merged_into"]

    def has_delete_permission(self, request, obj=None):
        return False  # an agency is merged or made inactive; its records stay


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "agency", "code", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "agency__name"]
    raw_id_fields = ["agency"]

    def has_delete_permission(self, request, obj=None):
        return False  # a unit is made inactive; what it did stays in the records


@admin.register(User)
class QmsUserAdmin(UserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "full_name", "position", "unit", "is_active"]
    search_fields = ["username", "full_name", "email"]
    raw_id_fields = ["unit"]
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Work"), {"fields": ("full_name", "position", "unit")}),
    )

    def has_delete_permission(self, request, obj=None):
        return False  # a person is deactivated; their signatures and decisions stay


@admin.register(AgencyRole)
class AgencyRoleAdmin(admin.ModelAdmin):
    list_display = ["agency", "role", "group"]
    list_filter = ["role"]
    search_fields = ["agency__name"]
    # Role groups and their permissions come from the role table; they are not edited by hand.
    readonly_fields = ["agency", "role", "group"]

    def has_add_permission(self, request):
        return False
