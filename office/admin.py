from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from office.forms import OfficeModelForm
from office.models import (
    CalendarDay,
    ExportFile,
    MonthArchive,
    Notification,
    PerformanceMonth,
    PerformanceRule,
    Section,
    Setting,
    Staff,
)


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


@admin.register(PerformanceRule)
class PerformanceRuleAdmin(SimpleHistoryAdmin):
    form = OfficeModelForm
    list_display = ["__str__", "absent_half_day", "late", "early", "overtime_hour", "updated_at"]
    list_select_related = ["unit"]


@admin.register(PerformanceMonth)
class PerformanceMonthAdmin(SimpleHistoryAdmin):
    """A frozen month is written by the month close only: the admin shows it."""

    list_display = ["unit", "month", "frozen_at", "frozen_by"]
    list_select_related = ["unit", "frozen_by"]

    def has_add_permission(self, request) -> bool:  # noqa: ANN001
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False


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


@admin.register(MonthArchive)
class MonthArchiveAdmin(admin.ModelAdmin):
    """Stored exports of closed months: shown, never changed (their checksum is the point)."""

    list_display = ["unit", "year", "month", "kind", "key", "created_at", "superseded_at"]
    list_filter = ["unit", "kind"]
    list_select_related = ["unit"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ExportFile)
class ExportFileAdmin(admin.ModelAdmin):
    form = OfficeModelForm
    list_display = ["filename", "requested_by", "rows", "created_at", "expires_at"]
    list_select_related = ["requested_by"]
    raw_id_fields = ["requested_by", "job"]
    readonly_fields = ["file"]


# The approval models' admin pages, in their package, and the assignments' (shown read-only):
# imported after NoDeleteAdmin, which they use.
from office import assignment_admin  # noqa: E402, F401
from office.approvals import admin as approvals_admin  # noqa: E402, F401
