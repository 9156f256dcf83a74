from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = "督导检查"

    def ready(self) -> None:
        from inspections import dashboard
        from inspections.exports import CampaignCompletion, FindingLedger
        from inspections.instruction_exports import InstructionLedgerReport
        from inspections.instruction_kind import INSTRUCTION
        from inspections.panels import home_panel, queue
        from inspections.points import finding_points
        from inspections.services.schedule import notice_schedule_sync
        from office import config
        from office.assignments import register_assignment_kind
        from office.dashboard import register_chart
        from office.home import register_panel, register_queue
        from office.performance import register_source
        from office.reports import register_report

        register_source("findings", finding_points)
        register_panel(order=40, template="inspections/_home_panel.html", context=home_panel)
        register_report(FindingLedger())
        register_report(CampaignCompletion())
        register_report(InstructionLedgerReport())
        register_assignment_kind(INSTRUCTION)
        register_queue(order=40, items=queue)
        see = dashboard.may_see_findings
        register_chart(
            order=60,
            slug="findings-category",
            title="督查发现（按类别）",
            data=dashboard.findings_by_category,
            visible=see,
        )
        register_chart(
            order=70,
            slug="findings-section",
            title="督查发现（按科室）",
            data=dashboard.findings_by_section,
            visible=see,
        )
        register_chart(
            order=80,
            slug="rectification",
            title="按期整改率",
            data=dashboard.rectification_on_time,
            visible=see,
        )
        register_chart(
            order=90,
            slug="selfcheck",
            title="自查自纠完成率",
            data=dashboard.selfcheck_completion,
            visible=see,
        )
        config.on_change("notice_weekday", "notice_hour", callback=notice_schedule_sync)
