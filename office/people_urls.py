from django.urls import path

from office import people_views

app_name = "people"
urlpatterns = [
    path("", people_views.people_list, name="list"),
    path("<int:staff_id>/", people_views.people_detail, name="detail"),
    path(
        "<int:staff_id>/reset-password/",
        people_views.people_password_reset,
        name="password_reset",
    ),
    path("import/", people_views.roster_upload, name="import"),
    path("import/confirm/", people_views.roster_confirm, name="import_confirm"),
    path("import/template.xlsx", people_views.roster_template, name="template"),
]
