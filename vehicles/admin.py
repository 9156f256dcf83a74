"""Admin for the administrator: nothing is deleted, every change lands in the history table."""

from django.contrib import admin

from office.admin import NoDeleteAdmin
from vehicles.models import Driver, Trip, Vehicle, VehicleRequest


@admin.register(Vehicle)
class VehicleAdmin(NoDeleteAdmin):
    list_display = ["plate", "kind", "seats", "status", "section"]
    list_filter = ["status", "kind"]
    list_select_related = ["section"]
    search_fields = ["plate"]


@admin.register(Driver)
class DriverAdmin(NoDeleteAdmin):
    list_display = ["staff", "active"]
    list_select_related = ["staff"]
    raw_id_fields = ["staff"]


@admin.register(VehicleRequest)
class VehicleRequestAdmin(NoDeleteAdmin):
    list_display = ["applicant", "start", "end", "destination", "status", "vehicle", "driver"]
    list_filter = ["status"]
    list_select_related = ["applicant", "vehicle", "driver__staff"]
    raw_id_fields = ["applicant", "dispatched_by"]


@admin.register(Trip)
class TripAdmin(NoDeleteAdmin):
    list_display = [
        "vehicle",
        "driver",
        "started_at",
        "destination",
        "start_km",
        "end_km",
        "status",
    ]
    list_filter = ["status"]
    list_select_related = ["vehicle", "driver__staff"]
    raw_id_fields = ["request", "checked_by"]
