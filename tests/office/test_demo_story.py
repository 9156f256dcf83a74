"""Issue 15 point 7: the demo tells the product's story relative to the day it is loaded:
missing clocks and lateness this week, 1102's self-inspection open, overtime applied for
tonight (not worked), leave at each step of the chain, an open 整改, last week's draft notice."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command

from attendance.models import AttendanceDay, ClockRecord
from inspections.dates import SHANGHAI
from inspections.models import Finding, SelfInspectionReport, WeeklyNotice
from leave.models import LeaveRequest, OvertimeRequest
from office.approvals.models import ApprovalStatus, ApprovalStep
from office.calendar import working_days

# Loaded on a Wednesday morning, and on a Monday afternoon: the story is the same.
STARTS = [
    dt.datetime(2026, 11, 25, 6, 0, tzinfo=SHANGHAI),
    dt.datetime(2026, 12, 7, 15, 0, tzinfo=SHANGHAI),
]


@pytest.mark.parametrize("start", STARTS, ids=["wednesday-0600", "monday-1500"])
def test_the_demo_tells_the_story_of_the_day_it_is_loaded(db, start):
    with time_machine.travel(start, tick=False):
        call_command("seed_demo", stdout=io.StringIO())
    today = start.date()
    week = working_days(today - dt.timedelta(days=7), today - dt.timedelta(days=1))

    # 1102 forgot a clock the working day before: 补卡 can be shown.
    assert not ClockRecord.objects.filter(staff__staff_no="1102", date=week[-1], point="am_in")
    assert AttendanceDay.objects.get(staff__staff_no="1102", date=week[-1]).am_status == "missing"
    # A few people were late this week.
    late = AttendanceDay.objects.filter(date__in=week[-3:], late_minutes__gt=0)
    assert {"1103", "1204", "1302"} <= set(late.values_list("staff__staff_no", flat=True))

    # 1102's self-inspection is still to do; others have submitted theirs.
    assert not SelfInspectionReport.objects.filter(staff__staff_no="1102").exists()
    assert SelfInspectionReport.objects.filter(status="submitted").exists()

    # Tonight's overtime is approved, not worked; past ones are recorded, one verified.
    tonight = OvertimeRequest.objects.get(date=today)
    assert tonight.status == ApprovalStatus.APPROVED
    assert tonight.recorded_at is None and tonight.verified_at is None
    assert not OvertimeRequest.objects.filter(date__gte=today, recorded_at__isnull=False)
    past = OvertimeRequest.objects.filter(date__lt=today)
    assert past.filter(verified_at__isnull=False).count() == 1
    assert past.filter(recorded_at__isnull=False, verified_at__isnull=True).count() == 1

    # Leave waits at each step of the chain: chief, deputy, director.
    waiting = ApprovalStep.objects.filter(
        is_current=True,
        content_type__model="leaverequest",
        object_id__in=LeaveRequest.objects.filter(status=ApprovalStatus.PENDING).values("pk"),
    )
    assert {"1101", "1002", "1001"} <= set(waiting.values_list("approver__staff_no", flat=True))
    assert LeaveRequest.objects.filter(status=ApprovalStatus.APPROVED).exists()

    # An open 整改 for 1101 to answer; last week's notice is a draft.
    assert Finding.objects.filter(status=Finding.Status.RECTIFYING, staff__staff_no="1103")
    last_week = (today - dt.timedelta(weeks=1)).isocalendar()
    notice = WeeklyNotice.objects.get(year=last_week.year, week=last_week.week)
    assert notice.status == "draft"
