from django.contrib import admin
from django.urls import include, path

from office import views

urlpatterns = [
    path("", views.home, name="home"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notification_read, name="notifications_read"),
    path("settings/", views.settings_edit, name="settings"),
    path("people/", include("office.people_urls")),
    path("attendance/", include("attendance.urls")),
    path("leave/", include("leave.urls")),
    path("inspections/", include("inspections.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
