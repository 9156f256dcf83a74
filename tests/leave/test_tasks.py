"""The daily 销假 job: scheduled by a data migration, flags through the service."""

import datetime as dt

import pytest
from django_celery_beat.models import PeriodicTask

from leave.models import LeaveRequest
from leave.tasks import flag_overdue_report_backs
from office.approvals.services import approval_decide

D = dt.date


def test_the_job_is_scheduled_daily_in_the_morning(db):
    task = PeriodicTask.objects.get(task="leave.tasks.flag_overdue_report_backs")
    assert task.enabled and task.crontab.hour == "8" and task.crontab.day_of_week == "*"


@pytest.mark.usefixtures("frozen")
def test_the_job_flags_overdue_leave_as_of_today(org, request_leave):
    leave = request_leave(org.staff, D(2026, 10, 28))
    approval_decide(request_obj=leave, acting_user=org.chief.user, approve=True)
    assert flag_overdue_report_backs() == 1
    assert LeaveRequest.objects.get().overdue_at is not None
    assert flag_overdue_report_backs() == 0
