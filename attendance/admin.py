"""Admin for the administrator: nothing is deleted, every change lands in the history table."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from attendance.models import (
    AttendanceDay,
    ClockRecord,
    MakeUpRequest,
    OutingRequest,
    Schedule,
    ScheduleAssignment,
)
from attendance.services import pending_days_refresh
from office.admin import NoDeleteAdmin


@admin.register(Schedule)
class ScheduleAdmin(NoDeleteAdmin):
    list_display = ["name", "valid_from", "points", "am_start", "am_end", "grace_minutes"]


@admin.register(ScheduleAssignment)
class ScheduleAssignmentAdmin(NoDeleteAdmin):
    list_display = ["schedule_name", "section", "staff", "valid_from"]
    list_select_related = ["section", "staff"]
    raw_id_fields = ["staff"]


@admin.register(ClockRecord)
class ClockRecordAdmin(NoDeleteAdmin):
    list_display = ["staff", "date", "point", "at", "source", "ip"]
    list_filter = ["source", "point"]
    list_select_related = ["staff"]
    date_hierarchy = "date"
    search_fields = ["staff__name", "staff__staff_no"]
    raw_id_fields = ["staff", "makeup"]


@admin.register(AttendanceDay)
class AttendanceDayAdmin(NoDeleteAdmin):
    list_display = ["staff", "date", "am_status", "pm_status", "late_minutes", "is_final"]
    list_filter = ["am_status", "pm_status", "is_final"]
    list_select_related = ["staff"]
    date_hierarchy = "date"
    search_fields = ["staff__name", "staff__staff_no"]
    raw_id_fields = ["staff"]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict | None = None
    ) -> HttpResponse:
        pending_days_refresh()  # like every page of stored statuses: the latest taps counted
        return super().changelist_view(request, extra_context)


@admin.register(MakeUpRequest)
class MakeUpRequestAdmin(NoDeleteAdmin):
    list_display = ["applicant", "date", "point", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["applicant"]
    raw_id_fields = ["applicant"]


@admin.register(OutingRequest)
class OutingRequestAdmin(NoDeleteAdmin):
    list_display = ["applicant", "destination", "start", "expected_return", "returned_at", "status"]
    list_filter = ["status"]
    list_select_related = ["applicant"]
    raw_id_fields = ["applicant"]
