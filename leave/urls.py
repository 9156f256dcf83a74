from django.urls import path

from leave.views import manage, overtime, requests

app_name = "leave"
urlpatterns = [
    path("", requests.mine, name="mine"),
    path("new/", requests.new, name="new"),
    path("new/count/", requests.preview, name="preview"),
    path("<int:pk>/", requests.detail, name="detail"),
    path("<int:pk>/report-back/", requests.report_back, name="report_back"),
    path("<int:pk>/attachment/", requests.attachment, name="attachment"),
    path("delegations/", manage.delegations, name="delegations"),
    path("delegations/<int:pk>/revoke/", manage.delegation_revoke, name="delegation_revoke"),
    path("calendar/", manage.leave_calendar, name="calendar"),
    path("balances/", manage.balances, name="balances"),
    path("balances/adjust/", manage.balance_adjust_view, name="balance_adjust"),
    path("overtime/new/", overtime.overtime_new, name="overtime_new"),
    path("overtime/<int:pk>/", overtime.overtime_detail, name="overtime_detail"),
    path("overtime/<int:pk>/record/", overtime.overtime_record, name="overtime_record"),
    path("overtime/<int:pk>/verify/", overtime.overtime_verify_view, name="overtime_verify"),
    path("overtime/ledger/", overtime.ledger, name="overtime_ledger"),
]
