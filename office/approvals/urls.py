from django.urls import path

from office.approvals import views

app_name = "approvals"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("approve/", views.bulk_approve, name="bulk_approve"),
    path("steps/<int:step_id>/decide/", views.decide, name="decide"),
    path("<str:kind>/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<str:kind>/<int:pk>/cancel/", views.cancel, name="cancel"),
]
