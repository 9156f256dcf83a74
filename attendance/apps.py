from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "attendance"
    verbose_name = "考勤"

    def ready(self) -> None:
        from attendance import dashboard, panels, selectors
        from attendance.covers import register_cover_provider
        from attendance.models import MakeUpRequest, OutingRequest, Schedule, ScheduleAssignment
        from attendance.services import requests
        from office import refdata
        from office.approvals import registry
        from office.dashboard import register_chart
        from office.home import register_panel, register_queue

        register_cover_provider(requests.outing_covers)
        refdata.watch(Schedule, ScheduleAssignment)
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
        register_panel(order=10, template="attendance/_panel.html", context=panels.today_panel)
        register_queue(order=10, items=panels.queue)
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
