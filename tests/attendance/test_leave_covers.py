"""Approved leave reaches the stored statuses through the covers contract."""

import datetime as dt

from attendance.models import AttendanceDay, ClockRecord, DayStatus
from leave.models import LeaveType
from leave.services.leave import leave_request_create
from office.approvals.services import approval_decide
from tests.attendance.conftest import MONDAY, at


def test_approved_morning_leave_shows_as_leave_by_type_and_afternoon_is_judged(org, frozen):
    frozen(at(MONDAY - dt.timedelta(days=3), 10, 0))
    personal, _ = LeaveType.objects.get_or_create(code="personal", defaults={"name": "事假"})
    leave = leave_request_create(
        acting_user=org.staff.user,
        leave_type=personal,
        start_date=MONDAY,
        start_half="am",
        end_date=MONDAY,
        end_half="am",
        reason="家中有事",
    )
    ClockRecord.objects.create(staff=org.staff, date=MONDAY, point="pm_in", at=at(MONDAY, 14, 5))
    ClockRecord.objects.create(staff=org.staff, date=MONDAY, point="pm_out", at=at(MONDAY, 17, 0))
    frozen(at(MONDAY, 18, 0))
    approval_decide(request_obj=leave, acting_user=org.chief.user, approve=True)
    row = AttendanceDay.objects.get(staff=org.staff, date=MONDAY)
    assert (row.am_status, row.pm_status, row.late_minutes) == (
        DayStatus.LEAVE,
        DayStatus.LATE,
        5,
    )
    assert row.labels == f"上午{personal.name}"
