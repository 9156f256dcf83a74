from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = "督导检查"

    def ready(self) -> None:
        from inspections.exports import FindingLedger
        from inspections.panels import home_panel
        from inspections.points import finding_points
        from inspections.services.schedule import notice_schedule_sync
        from office import config
        from office.home import register_panel
        from office.performance import register_source
        from office.reports import register_report

        register_source("findings", finding_points)
        register_panel(order=40, template="inspections/_home_panel.html", context=home_panel)
        register_report(FindingLedger())
        config.on_change("notice_weekday", "notice_hour", callback=notice_schedule_sync)
