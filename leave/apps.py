from django.apps import AppConfig


class LeaveConfig(AppConfig):
    name = "leave"
    verbose_name = "请销假"

    def ready(self) -> None:
        from attendance.covers import register_cover_provider
        from attendance.exports import register_month_source
        from leave import closing, dashboard
        from leave.covers import leave_covers
        from leave.exports import LeaveLedger, OvertimeLedger, leave_month_extra
        from leave.models import LeaveRequest, OvertimeRequest
        from leave.panels import home_panel, queue
        from leave.points import overtime_points
        from leave.selectors import get_leave_for_viewer, get_overtime_for_viewer
        from leave.services.leave import chain_for_leave, leave_on_approved, leave_on_cancelled
        from leave.services.overtime import chain_for_overtime
        from leave.services.recount import leave_recount
        from office.approvals import registry
        from office.calendar import on_calendar_change
        from office.dashboard import register_chart
        from office.home import register_panel, register_queue
        from office.performance import register_source
        from office.reports import register_report

        registry.register(
            LeaveRequest,
            slug="leave",
            chain=chain_for_leave,
            fetch=get_leave_for_viewer,
            on_approved=leave_on_approved,
            on_cancelled=leave_on_cancelled,
            related=("leave_type",),
        )
        # Approved overtime is not cancelled: if it did not happen, 0 hours are recorded.
        registry.register(
            OvertimeRequest,
            slug="overtime",
            chain=chain_for_overtime,
            fetch=get_overtime_for_viewer,
            related=("section",),
        )
        register_cover_provider(leave_covers)
        register_month_source(leave_month_extra)
        register_report(LeaveLedger())
        register_report(OvertimeLedger())
        register_source("overtime", overtime_points)
        register_panel(order=20, template="leave/_home_panel.html", context=home_panel)
        register_queue(order=20, items=queue)
        register_chart(
            order=40,
            slug="leave-days",
            title="请假天数（按假别）",
            data=dashboard.leave_days_by_type,
            visible=dashboard.may_see,
        )
        register_chart(
            order=50,
            slug="overtime-hours",
            title="各科室加班时长",
            data=dashboard.overtime_by_section,
            visible=dashboard.may_see,
        )
        on_calendar_change(leave_recount)
        closing.register()
