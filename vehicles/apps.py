from django.apps import AppConfig


class VehiclesConfig(AppConfig):
    name = "vehicles"
    verbose_name = "公务用车"

    def ready(self) -> None:
        from office.approvals import registry
        from office.home import register_panel
        from office.reports import register_report
        from vehicles import panels, selectors, services
        from vehicles.exports import VehicleMonthReport
        from vehicles.models import VehicleRequest

        registry.register(
            VehicleRequest,
            slug="vehicle",
            chain=services.vehicle_request_chain,
            fetch=selectors.request_for_viewer,
            on_approved=services.vehicle_request_on_approved,
            on_cancelled=services.vehicle_request_on_cancelled,
        )
        register_panel(order=40, template="vehicles/_panel.html", context=panels.vehicle_panel)
        register_report(VehicleMonthReport())
