from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = "督导检查"

    def ready(self) -> None:
        from inspections.panels import home_panel
        from office.home import register_panel

        register_panel(order=40, template="inspections/_home_panel.html", context=home_panel)
