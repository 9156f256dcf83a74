from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "attendance"
    verbose_name = "考勤"

    def ready(self) -> None:
        from attendance import panels
        from attendance.covers import register_cover_provider
        from attendance.models import MakeUpRequest, OutingRequest, Schedule, ScheduleAssignment
        from attendance.services import requests
        from leave import approvals
        from office import refdata
        from office.home import register_panel

        register_cover_provider(requests.outing_covers)
        refdata.watch(Schedule, ScheduleAssignment)
        approvals.register(
            MakeUpRequest, chain=requests.request_chain, on_approved=requests.makeup_on_approved
        )
        approvals.register(
            OutingRequest,
            chain=requests.request_chain,
            on_approved=requests.outing_on_approved,
            on_cancelled=requests.outing_on_cancelled,
        )
        register_panel(order=10, template="attendance/_panel.html", context=panels.today_panel)
