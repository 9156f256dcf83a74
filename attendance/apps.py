from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "attendance"
    verbose_name = "考勤"

    def ready(self) -> None:
        from attendance import dashboard, panels, selectors
        from attendance.closing import close_in_force
        from attendance.covers import register_cover_provider
        from attendance.exports import AttendanceMonthReport
        from attendance.models import (
            CorrectionRequest,
            DeviceChangeRequest,
            DoorScreen,
            MakeUpRequest,
            MonthClose,
            OutingRequest,
            Schedule,
            ScheduleAssignment,
        )
        from attendance.points import attendance_points
        from attendance.services import closing, door, requests
        from office import archive, refdata
        from office.approvals import registry
        from office.dashboard import register_chart
        from office.home import register_panel, register_queue
        from office.performance import register_source
        from office.person_panels import register_person_panel
        from office.reports import register_report

        register_cover_provider(requests.outing_covers)
        register_report(AttendanceMonthReport())
        refdata.watch(Schedule, ScheduleAssignment, MonthClose, DoorScreen)
        archive.register_closed_check(lambda *month: close_in_force(*month) is not None)
        registry.register(
            MakeUpRequest,
            slug="makeup",
            chain=requests.request_chain,
            fetch=lambda viewer, pk: selectors.request_for_viewer(viewer, "makeup", pk),
            on_approved=requests.makeup_on_approved,
        )
        registry.register(
            OutingRequest,
            slug="outing",
            chain=requests.request_chain,
            fetch=lambda viewer, pk: selectors.request_for_viewer(viewer, "outing", pk),
            on_approved=requests.outing_on_approved,
            on_cancelled=requests.outing_on_cancelled,
        )
        # 待认定: a tap from a new device waits for the chief, like a 补卡.
        registry.register(
            DeviceChangeRequest,
            slug="device",
            chain=requests.request_chain,
            fetch=lambda viewer, pk: selectors.request_for_viewer(viewer, "device", pk),
            on_approved=door.device_change_on_approved,
        )
        register_source("attendance", attendance_points)
        # 更正申请 is not cancelled once applied: a further change is another correction.
        registry.register(
            CorrectionRequest,
            slug="correction",
            chain=closing.correction_chain,
            fetch=lambda viewer, pk: selectors.correction_for_viewer(viewer, pk),
            on_approved=closing.correction_on_approved,
            related=("staff",),
        )
        register_panel(order=10, template="attendance/_panel.html", context=panels.today_panel)
        register_panel(
            order=5, template="attendance/_outing_panel.html", context=panels.outing_panel
        )
        register_queue(order=10, items=panels.queue)
        register_person_panel(
            order=10, template="attendance/_person_devices.html", context=panels.device_card
        )
        register_chart(
            order=10,
            slug="attendance-rate",
            title="各科室出勤率（本月）",
            data=dashboard.rate_by_section,
            visible=dashboard.may_see,
        )
        register_chart(
            order=20,
            slug="attendance-trend",
            title="出勤率周趋势（近12周）",
            kind="line",
            data=dashboard.rate_by_week,
            visible=dashboard.may_see,
        )
        register_chart(
            order=30,
            slug="attendance-anomalies",
            title="迟到、早退、旷工（按周）",
            data=dashboard.anomalies_by_week,
            visible=dashboard.may_see,
        )
