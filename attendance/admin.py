"""Admin for the administrator: nothing is deleted, every change lands in the history table
(clock records are never changed at all: they are their own audit row)."""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import cached_property

from attendance.admin_closing import ClosedMonthAdmin, DayForm, Span
from attendance.models import (
    AttendanceDay,
    ClockDevice,
    ClockRecord,
    ClockRecordHistory,
    CorrectionLine,
    CorrectionRequest,
    DeviceChangeRequest,
    DoorScreen,
    HeldClock,
    MakeUpRequest,
    MonthClose,
    OutingRequest,
    Schedule,
    ScheduleAssignment,
)
from attendance.services.status import days_with_taps_counted
from office.admin import NoDeleteAdmin


@admin.register(Schedule)
class ScheduleAdmin(NoDeleteAdmin):
    list_display = ["name", "valid_from", "points", "am_start", "am_end", "grace_minutes"]


@admin.register(DoorScreen)
class DoorScreenAdmin(NoDeleteAdmin):
    """Issued and revoked on 政工科's page (the key is shown there once); here to be read."""

    list_display = ["name", "unit", "issued_at", "issued_by", "revoked_at", "revoked_by"]
    list_select_related = ["unit", "issued_by", "revoked_by"]
    readonly_fields = ["key_hash", "issued_at", "issued_by", "revoked_at", "revoked_by"]


@admin.register(ClockDevice)
class ClockDeviceAdmin(NoDeleteAdmin):
    list_display = ["staff", "label", "bound_at", "retired_at"]
    list_select_related = ["staff"]
    raw_id_fields = ["staff", "change"]
    search_fields = ["staff__name", "staff__staff_no"]


@admin.register(DeviceChangeRequest)
class DeviceChangeRequestAdmin(NoDeleteAdmin):
    list_display = ["applicant", "label", "status", "created_at", "decided_at"]
    list_select_related = ["applicant"]
    raw_id_fields = ["applicant"]


@admin.register(HeldClock)
class HeldClockAdmin(NoDeleteAdmin):
    list_display = ["change", "date", "point", "at", "screen"]
    list_select_related = ["change", "screen"]
    raw_id_fields = ["change"]


@admin.register(ScheduleAssignment)
class ScheduleAssignmentAdmin(NoDeleteAdmin):
    list_display = ["schedule_name", "section", "staff", "valid_from"]
    list_select_related = ["section", "staff"]
    raw_id_fields = ["staff"]


class CappedPaginator(Paginator):
    """Counts at most ``CAP`` rows: a city's month of clocks is close to a million rows, and
    both the exact count and a deep OFFSET take a second each. Past the cap the list ends;
    the date hierarchy, the filters and the search narrow it down instead."""

    CAP = 10_000

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: self.CAP].count()


class BigListAdmin:
    """The change list of a table that grows with the office: no exact totals, no deep pages,
    and dates filtered by range (今天 / 过去7天 / 本月 / 今年) rather than a date hierarchy, whose
    year and month links come from a DISTINCT over the whole table (370 ms at a million clock
    records, growing every day)."""

    show_full_result_count = False
    paginator = CappedPaginator


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written once and never changed: the admin shows them and nothing else."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ClockRecord)
class ClockRecordAdmin(BigListAdmin, ReadOnlyAdmin):
    ordering = ["-date", "-at", "-id"]  # the newest first, read backwards along the date index
    list_display = ["staff", "date", "point", "at", "source", "ip", "recorded_at"]
    list_filter = ["date", "source", "point"]
    list_select_related = ["staff"]
    search_fields = ["staff__name", "staff__staff_no"]


@admin.register(ClockRecordHistory)
class ClockRecordHistoryAdmin(BigListAdmin, ReadOnlyAdmin):
    list_display = ["id", "staff", "date", "point", "at", "history_type", "history_date"]
    list_filter = ["date"]
    list_select_related = ["staff"]
    search_fields = ["staff__name", "staff__staff_no"]


@admin.register(AttendanceDay)
class AttendanceDayAdmin(BigListAdmin, ClosedMonthAdmin, NoDeleteAdmin):
    form = DayForm
    list_display = ["staff", "date", "am_status", "pm_status", "late_minutes", "is_final"]
    list_filter = ["date", "am_status", "pm_status", "is_final"]
    list_select_related = ["staff"]
    search_fields = ["staff__name", "staff__staff_no"]
    raw_id_fields = ["staff"]

    def get_changelist(self, request: HttpRequest, **kwargs: object) -> type[ChangeList]:
        return AttendanceDayChangeList

    def closed_span(self, obj: AttendanceDay) -> Span:
        return obj.staff.section_id, obj.date, obj.date


class AttendanceDayChangeList(ChangeList):
    """Like every page of stored statuses, the list counts the taps not yet stored in on read
    and writes nothing: a row of the page with a pending tap shows its status as of now (the
    filters still select by the stored values, which the minute job brings up to date)."""

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        rows = list(self.result_list)
        if rows:
            days_with_taps_counted(
                rows={(row.staff_id, row.date): row for row in rows},
                people={row.staff_id: row.staff.section_id for row in rows},
                start=min(row.date for row in rows),
                end=max(row.date for row in rows),
            )
        self.result_list = rows


@admin.register(MakeUpRequest)
class MakeUpRequestAdmin(ClosedMonthAdmin, NoDeleteAdmin):
    list_display = ["applicant", "date", "point", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["applicant"]
    raw_id_fields = ["applicant"]

    def closed_span(self, obj: MakeUpRequest) -> Span:
        return obj.applicant.section_id, obj.date, obj.date


@admin.register(OutingRequest)
class OutingRequestAdmin(ClosedMonthAdmin, NoDeleteAdmin):
    list_display = ["applicant", "destination", "start", "expected_return", "returned_at", "status"]
    list_filter = ["status"]
    list_select_related = ["applicant"]
    raw_id_fields = ["applicant"]

    def closed_span(self, obj: OutingRequest) -> Span:
        start = timezone.localdate(obj.start)
        return obj.applicant.section_id, start, timezone.localdate(obj.expected_return)


@admin.register(MonthClose)
class MonthCloseAdmin(ReadOnlyAdmin):
    """Closing and reopening are 政工科's pages (with the pre-close check and a reason)."""

    list_display = ["unit", "year", "month", "closed_at", "closed_by", "reopened_at"]
    list_filter = ["unit"]
    list_select_related = ["unit", "closed_by"]


class CorrectionLineInline(admin.TabularInline):
    model = CorrectionLine
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(ReadOnlyAdmin):
    list_display = ["staff", "applicant", "status", "created_at", "applied_at"]
    list_filter = ["status"]
    list_select_related = ["staff", "applicant"]
    inlines = [CorrectionLineInline]
