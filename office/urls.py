from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from office import dashboard_views, job_views, pickers, report_views, unit_views, views

# The admin's own login page would skip allauth's rate limit and the TOTP step.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = admin.site.site_title = "办公室考勤与督导系统 后台管理"

# Shared mechanisms under the "office" namespace (office:job).
office_patterns = (
    [
        path("jobs/<int:job_id>/", job_views.job_detail, name="job"),
        path("pickers/staff/", pickers.staff_search, name="staff_search"),
        path("exports/", report_views.export_page, name="exports"),
        path(
            "exports/<int:export_id>/download/",
            report_views.export_download,
            name="export_download",
        ),
    ],
    "office",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notification_read, name="notifications_read"),
    path("settings/", views.settings_edit, name="settings"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/<slug:slug>.json", dashboard_views.chart_data, name="chart_data"),
    path("units/", unit_views.unit_list, name="units"),
    path("units/new/", unit_views.unit_edit, name="unit_create"),
    path("units/<int:pk>/", unit_views.unit_edit, name="unit_edit"),
    path("approvals/", include("office.approvals.urls")),
    path("people/", include("office.people_urls")),
    path("performance/", include("office.performance_urls")),
    path("", include(office_patterns)),
    path("attendance/", include("attendance.urls")),
    path("leave/", include("leave.urls")),
    path("vehicles/", include("vehicles.urls")),
    path("reading/", include("reading.urls")),
    path("inspections/", include("inspections.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
