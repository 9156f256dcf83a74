from django.urls import path

from vehicles import views

app_name = "vehicles"
urlpatterns = [
    path("", views.request_list, name="mine"),
    path("new/", views.request_new, name="new"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/dispatch/", views.request_dispatch, name="dispatch"),
    path("queue/", views.queue, name="queue"),
    path("fleet/", views.fleet, name="fleet"),
    path("fleet/vehicles/", views.vehicle_add, name="vehicle_add"),
    path("fleet/vehicles/<int:pk>/status/", views.vehicle_status, name="vehicle_status"),
    path("fleet/drivers/", views.driver_add, name="driver_add"),
    path("fleet/drivers/<int:pk>/active/", views.driver_active, name="driver_active"),
    path("fleet/pool/", views.pool_member, name="pool_member"),
    path("trips/", views.trip_list, name="trips"),
    path("trips/new/", views.trip_new, name="trip_new"),
    path("trips/<int:pk>/check/", views.trip_check, name="trip_check"),
    # A file, not a page (the accessibility walk skips paths that end in an extension).
    path("sheet.xlsx", views.sheet, name="sheet"),
]
