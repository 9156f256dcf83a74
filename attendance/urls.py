from django.urls import path

from attendance.views import calendar_views, clock, closing, door, grids, publication, requests

app_name = "attendance"
urlpatterns = [
    path("", clock.clock_page, name="clock"),
    path("clock/", clock.clock_do, name="clock_do"),
    path("me/", clock.my_month, name="my_month"),
    path("staff/<int:staff_id>/", clock.staff_month, name="staff_month"),
    path("sections/<int:section_id>/", grids.section_month, name="section_month"),
    path("sections/", grids.all_sections, name="all_sections"),
    path("board/", grids.whereabouts, name="board"),
    path("screens/", door.screen_list, name="screens"),
    path("screens/issue/", door.screen_issue, name="screen_issue"),
    path("screens/<int:pk>/revoke/", door.screen_revoke, name="screen_revoke"),
    path("kiosk/", door.kiosk, name="kiosk"),
    path("kiosk/signin/", door.kiosk_signin, name="kiosk_signin"),
    path("kiosk/codes/", door.kiosk_codes, name="kiosk_codes"),
    path("published/", publication.publication_list, name="publications"),
    path("published/<int:pk>/", publication.publication_detail, name="publication"),
    path("requests/<str:kind>/new/", requests.request_new, name="request_new"),
    path("requests/<str:kind>/mine/", requests.request_list, name="request_list"),
    path("requests/<str:kind>/<int:pk>/", requests.request_detail, name="request_detail"),
    path("requests/outing/<int:pk>/return/", requests.outing_return_view, name="outing_return"),
    path("calendar/", calendar_views.calendar_year, name="calendar"),
    path("calendar/day/<str:day>/", calendar_views.calendar_day_edit, name="calendar_day"),
    path("calendar/import/", calendar_views.calendar_import, name="calendar_import"),
    path("calendar/package/", calendar_views.calendar_load_package, name="calendar_package"),
    path("calendar/recompute/", calendar_views.calendar_recompute, name="calendar_recompute"),
    path("schedules/", calendar_views.schedule_list, name="schedules"),
    path("schedules/new/", calendar_views.schedule_new, name="schedule_new"),
    path("schedules/assign/", calendar_views.assignment_new, name="assignment_new"),
    path("close/", closing.close_index, name="close_index"),
    path(
        "close/<int:unit_id>/<int:year>/<int:month>/",
        closing.close_month_page,
        name="close_month",
    ),
    path(
        "close/<int:unit_id>/<int:year>/<int:month>/do/",
        closing.close_month_do,
        name="close_month_do",
    ),
    path("close/reopen/<int:pk>/", closing.reopen_month_do, name="reopen_month"),
    path("corrections/", closing.correction_list, name="corrections"),
    path("corrections/new/", closing.correction_new, name="correction_new"),
    path("corrections/<int:pk>/", closing.correction_detail, name="correction_detail"),
]
