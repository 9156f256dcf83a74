import datetime as dt

import pytest

from attendance.errors import AttendanceError
from attendance.models import AttendanceDay, ClockRecord, DayStatus, MakeUpRequest
from attendance.services.requests import makeup_create, outing_create, outing_return
from attendance.services.status import day_close
from office.approvals.selectors import inbox
from office.approvals.services import ApprovalError, approval_decide, approval_withdraw
from tests.attendance.conftest import MONDAY, at


def makeup(staff, day=MONDAY, point="am_in"):
    return makeup_create(
        acting_user=staff.user,
        date=day,
        point=point,
        claimed_time=dt.time(8, 25),
        reason="忘记打卡",
    )


def test_makeup_goes_to_the_chief_and_approval_adds_a_linked_record(org, frozen):
    frozen(at(MONDAY, 18, 0))
    request_obj = makeup(org.staff)
    assert [step.target for step in inbox(org.chief)] == [request_obj]
    approval_decide(request_obj=request_obj, acting_user=org.chief.user, approve=True)
    record = ClockRecord.objects.get(staff=org.staff, date=MONDAY, point="am_in")
    assert (record.source, record.makeup_id) == (ClockRecord.Source.MAKEUP, request_obj.pk)
    assert AttendanceDay.objects.get(staff=org.staff, date=MONDAY).am_status != DayStatus.ABSENT


def test_chiefs_own_makeup_goes_to_the_deputy(org, frozen):
    frozen(at(MONDAY, 18, 0))
    request_obj = makeup(org.chief)
    assert [step.target for step in inbox(org.deputy)] == [request_obj]


def test_fourth_makeup_in_a_month_is_refused(org, frozen):
    frozen(at(dt.date(2026, 12, 1), 9, 0))
    for day in (2, 3, 4):
        makeup(org.staff, day=dt.date(2026, 11, day))
    with pytest.raises(AttendanceError, match="已达每月上限"):
        makeup(org.staff, day=dt.date(2026, 11, 30))
    # The limit is per calendar month: the first of the next month is fine.
    assert makeup(org.staff, day=dt.date(2026, 12, 1)).pk


def test_withdrawn_makeups_do_not_count_against_the_limit(org, frozen):
    frozen(at(dt.date(2026, 11, 30), 18, 0))
    first = makeup(org.staff, day=dt.date(2026, 11, 2))
    makeup(org.staff, day=dt.date(2026, 11, 3))
    makeup(org.staff, day=dt.date(2026, 11, 4))
    approval_withdraw(request_obj=first, acting_user=org.staff.user)
    assert makeup(org.staff, day=dt.date(2026, 11, 5)).pk


def test_makeup_for_a_clocked_point_or_the_future_is_refused(org, frozen):
    frozen(at(MONDAY, 9, 0))
    ClockRecord.objects.create(staff=org.staff, date=MONDAY, point="am_in", at=at(MONDAY, 8, 0))
    with pytest.raises(AttendanceError, match="无需补卡"):
        makeup(org.staff)
    with pytest.raises(AttendanceError, match="将来"):
        makeup(org.staff, day=MONDAY + dt.timedelta(days=1))


def test_makeup_approval_fails_cleanly_if_clocked_meanwhile(org, frozen):
    # Filed once the 上午下班 point has passed; a 补卡 for a point still ahead is refused.
    frozen(at(MONDAY, 12, 30))
    request_obj = makeup(org.staff, point="am_out")
    ClockRecord.objects.create(staff=org.staff, date=MONDAY, point="am_out", at=at(MONDAY, 12, 0))
    with pytest.raises(ApprovalError):
        approval_decide(request_obj=request_obj, acting_user=org.chief.user, approve=True)
    assert MakeUpRequest.objects.get(pk=request_obj.pk).is_pending


def outing(staff, start=(9, 30), back=(11, 0)):
    return outing_create(
        acting_user=staff.user,
        destination="市财政局",
        reason="报送预算材料",
        start=at(MONDAY, *start),
        expected_return=at(MONDAY, *back),
    )


def test_approved_outing_covers_the_morning_it_overlaps(org, frozen):
    frozen(at(MONDAY, 9, 0))
    request_obj = outing(org.staff)
    approval_decide(request_obj=request_obj, acting_user=org.chief.user, approve=True)
    frozen(at(MONDAY + dt.timedelta(days=1), 0, 30))
    day_close(day=MONDAY, acting_user=None)
    row = AttendanceDay.objects.get(staff=org.staff, date=MONDAY)
    assert (row.am_status, row.pm_status) == (DayStatus.OUTING, DayStatus.ABSENT)
    assert "市财政局" in row.labels


def closed_monday(org, start, back, clocks=()):
    """Monday closed for org.staff after an approved outing from ``start`` to ``back``."""
    request_obj = outing_create(
        acting_user=org.staff.user,
        destination="市档案馆",
        reason="查档",
        start=at(MONDAY, *start),
        expected_return=at(MONDAY, *back),
    )
    approval_decide(request_obj=request_obj, acting_user=org.chief.user, approve=True)
    for point, moment in clocks:
        ClockRecord.objects.create(staff=org.staff, date=MONDAY, point=point, at=moment)
    day_close(day=MONDAY, acting_user=None)
    row = AttendanceDay.objects.get(staff=org.staff, date=MONDAY)
    return row.am_status, row.pm_status


# Winter hours on MONDAY: 08:30–12:00 and 14:00–17:00 (the default schedule).
AM_CLOCKS = (("am_in", at(MONDAY, 8, 20)), ("am_out", at(MONDAY, 12, 5)))
PM_CLOCKS = (("pm_in", at(MONDAY, 13, 55)), ("pm_out", at(MONDAY, 17, 5)))


def test_an_errand_in_the_lunch_break_covers_neither_half(org, frozen):
    frozen(at(MONDAY + dt.timedelta(days=1), 0, 30))
    assert closed_monday(org, (12, 10), (13, 50), AM_CLOCKS) == (DayStatus.NORMAL, DayStatus.ABSENT)


def test_an_outing_over_the_start_of_the_afternoon_covers_it(org, frozen):
    frozen(at(MONDAY + dt.timedelta(days=1), 0, 30))
    assert closed_monday(org, (13, 30), (14, 1), AM_CLOCKS) == (DayStatus.NORMAL, DayStatus.OUTING)


def test_an_outing_ending_exactly_at_the_afternoon_start_does_not_cover_it(org, frozen):
    frozen(at(MONDAY + dt.timedelta(days=1), 0, 30))
    assert closed_monday(org, (12, 30), (14, 0), AM_CLOCKS) == (DayStatus.NORMAL, DayStatus.ABSENT)


def test_an_outing_over_the_end_of_the_morning_covers_only_the_morning(org, frozen):
    frozen(at(MONDAY + dt.timedelta(days=1), 0, 30))
    assert closed_monday(org, (11, 50), (12, 10), PM_CLOCKS) == (DayStatus.OUTING, DayStatus.NORMAL)


def test_return_closes_the_outing_and_uncovers_later_halves(org, frozen):
    frozen(at(MONDAY, 9, 0))
    request_obj = outing(org.staff, back=(16, 0))
    approval_decide(request_obj=request_obj, acting_user=org.chief.user, approve=True)
    frozen(at(MONDAY, 11, 0))
    outing_return(request_obj=request_obj, acting_user=org.staff.user, now=at(MONDAY, 11, 0))
    with pytest.raises(AttendanceError, match="已登记返回"):
        outing_return(request_obj=request_obj, acting_user=org.staff.user, now=at(MONDAY, 11, 5))
    frozen(at(MONDAY + dt.timedelta(days=1), 0, 30))
    day_close(day=MONDAY, acting_user=None)
    row = AttendanceDay.objects.get(staff=org.staff, date=MONDAY)
    assert (row.am_status, row.pm_status) == (DayStatus.OUTING, DayStatus.ABSENT)


def test_only_the_applicant_returns_and_only_when_approved(org, frozen):
    frozen(at(MONDAY, 9, 0))
    request_obj = outing(org.staff)
    with pytest.raises(AttendanceError, match="不能登记返回"):
        outing_return(request_obj=request_obj, acting_user=org.staff.user, now=at(MONDAY, 10, 0))
    approval_decide(request_obj=request_obj, acting_user=org.chief.user, approve=True)
    with pytest.raises(AttendanceError, match="本人"):
        outing_return(request_obj=request_obj, acting_user=org.chief.user, now=at(MONDAY, 10, 0))


def test_outing_return_before_start_and_bad_times_are_refused(org, frozen):
    frozen(at(MONDAY, 9, 0))
    with pytest.raises(AttendanceError, match="晚于"):
        outing(org.staff, start=(11, 0), back=(10, 0))


def test_makeup_on_a_rest_day_or_for_a_point_not_in_the_schedule_is_refused(org, frozen):
    frozen(at(MONDAY, 18, 0))
    with pytest.raises(AttendanceError, match="不是工作日"):
        makeup(org.staff, day=MONDAY - dt.timedelta(days=1))
    with pytest.raises(AttendanceError, match="没有这个打卡点"):
        makeup(org.staff, point="in")
