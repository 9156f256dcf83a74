from django.contrib import admin

from attendance.admin_closing import ClosedMonthAdmin, Span
from leave.models import (
    BalanceAdjustment,
    LeaveBalance,
    LeaveRequest,
    LeaveType,
    OvertimeEntry,
    OvertimeRequest,
)
from office.admin import NoDeleteAdmin
from office.forms import OfficeModelForm


@admin.register(LeaveType)
class LeaveTypeAdmin(NoDeleteAdmin):
    list_display = [
        "name",
        "code",
        "paid",
        "min_days",
        "max_days",
        "certificate_required",
        "balance_kind",
        "half_days",
        "active",
        "order",
    ]
    list_editable = ["active", "order"]


@admin.register(LeaveRequest)
class LeaveRequestAdmin(ClosedMonthAdmin, NoDeleteAdmin):
    list_display = [
        "applicant",
        "leave_type",
        "start_date",
        "end_date",
        "days",
        "status",
        "reported_at",
        "overdue_at",
    ]
    list_filter = ["status", "leave_type"]
    list_select_related = ["applicant", "leave_type"]
    search_fields = ["applicant__name", "applicant__staff_no"]
    date_hierarchy = "start_date"
    raw_id_fields = ["applicant"]

    def closed_span(self, obj: LeaveRequest) -> Span:
        return obj.applicant.section_id, obj.start_date, obj.end_date


@admin.register(LeaveBalance)
class LeaveBalanceAdmin(NoDeleteAdmin):
    list_display = ["staff", "year", "leave_type", "base", "adjusted", "used"]
    list_filter = ["year", "leave_type"]
    list_select_related = ["staff", "leave_type"]
    search_fields = ["staff__name", "staff__staff_no"]
    # Balances change only through approvals and logged adjustments.
    readonly_fields = ["staff", "year", "leave_type", "base", "adjusted", "used"]


@admin.register(BalanceAdjustment)
class BalanceAdjustmentAdmin(NoDeleteAdmin):
    list_display = ["balance", "days", "source", "reason", "created_by", "created_at"]
    list_select_related = ["balance__staff", "balance__leave_type", "created_by"]
    readonly_fields = ["balance", "days", "source", "reason", "overtime", "created_by"]


class OvertimeEntryInline(admin.TabularInline):
    model = OvertimeEntry
    form = OfficeModelForm
    raw_id_fields = ["staff"]
    extra = 0
    can_delete = False


@admin.register(OvertimeRequest)
class OvertimeRequestAdmin(ClosedMonthAdmin, NoDeleteAdmin):
    list_display = [
        "section",
        "date",
        "start_time",
        "end_time",
        "applicant",
        "status",
        "recorded_at",
        "verified_at",
        "conversion",
    ]
    list_filter = ["status", "conversion", "section"]
    list_select_related = ["section", "applicant"]
    date_hierarchy = "date"
    raw_id_fields = ["applicant", "recorded_by", "verified_by"]

    def closed_span(self, obj: OvertimeRequest) -> Span:
        return obj.section_id, obj.date, obj.date

    inlines = [OvertimeEntryInline]
