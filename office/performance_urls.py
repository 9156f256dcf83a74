from django.urls import path

from office import performance_views

app_name = "performance"
urlpatterns = [
    path("", performance_views.mine, name="mine"),
    path("staff/<int:staff_id>/", performance_views.person, name="person"),
    path("list/", performance_views.month_list, name="list"),
    path("list/sheet.xlsx", performance_views.month_sheet, name="sheet"),
    path("rules/", performance_views.rules_home, name="rules"),
    path("rules/city/", performance_views.rules_edit, name="rules_city"),
    path("rules/<int:unit_id>/", performance_views.rules_edit, name="rules_unit"),
]
