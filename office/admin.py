from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from office.forms import OfficeModelForm
from office.models import CalendarDay, ExportFile, Notification, Section, Setting, Staff


class NoDeleteAdmin(SimpleHistoryAdmin):
    """Records are never hard-deleted (PRODUCT.md §5): set a status instead."""

    form = OfficeModelForm

    def has_delete_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False


@admin.register(Section)
class SectionAdmin(NoDeleteAdmin):
    list_display = ["name", "order", "chief", "deputy"]
    list_select_related = ["chief", "deputy"]
    autocomplete_fields = ["chief", "deputy"]
    search_fields = ["name"]


@admin.register(Staff)
class StaffAdmin(NoDeleteAdmin):
    list_display = ["staff_no", "name", "section", "position", "status"]
    list_filter = ["status", "section"]
    list_select_related = ["section"]
    search_fields = ["staff_no", "name"]
    raw_id_fields = ["user"]


@admin.register(Setting)
class SettingAdmin(SimpleHistoryAdmin):
    form = OfficeModelForm
    list_display = ["key", "value"]


@admin.register(CalendarDay)
class CalendarDayAdmin(SimpleHistoryAdmin):
    form = OfficeModelForm
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    form = OfficeModelForm
    list_display = ["recipient", "title", "created_at", "read_at"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient"]


@admin.register(ExportFile)
class ExportFileAdmin(admin.ModelAdmin):
    form = OfficeModelForm
    list_display = ["filename", "requested_by", "rows", "created_at", "expires_at"]
    list_select_related = ["requested_by"]
    raw_id_fields = ["requested_by", "job"]
    readonly_fields = ["file"]


# The approval models' admin pages, in their package (after NoDeleteAdmin, which they use).
from office.approvals import admin as approvals_admin  # noqa: E402, F401
