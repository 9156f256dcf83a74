"""Issue 10, breaks 3 and 9: a 补卡 is for a passed clock point of an open month; an outing's
return and its dates are real moments, not typos or times still to come."""

import datetime as dt

import pytest
from django.urls import reverse

from attendance.errors import AttendanceError
from attendance.models import MakeUpRequest, OutingRequest
from attendance.services.requests import makeup_create, makeup_open_from, outing_create
from attendance.services.requests import outing_return as go_back
from office.approvals.services import approval_decide
from tests.attendance.conftest import MONDAY, at
from tests.conftest import login


def makeup(staff, day, point="am_in", claimed=dt.time(8, 25)):
    return makeup_create(
        acting_user=staff.user, date=day, point=point, claimed_time=claimed, reason="忘记打卡"
    )


def test_a_makeup_for_year_one_is_refused(org, frozen):
    frozen(at(MONDAY, 18, 0))
    with pytest.raises(AttendanceError, match="只能为2026年10月1日以后"):
        makeup(org.staff, dt.date(1, 1, 3))
    assert not MakeUpRequest.objects.exists()


def test_a_makeup_reaches_back_to_the_first_of_last_month_only(org, frozen):
    frozen(at(MONDAY, 18, 0))  # 23 November 2026
    assert makeup_open_from(MONDAY) == dt.date(2026, 10, 1)
    assert makeup_open_from(dt.date(2026, 1, 15)) == dt.date(2025, 12, 1)
    with pytest.raises(AttendanceError, match="上月和本月"):
        makeup(org.staff, dt.date(2026, 9, 30))
    assert makeup(org.staff, dt.date(2026, 10, 8)).date == dt.date(2026, 10, 8)


def test_the_reported_makeup_for_a_clock_point_still_to_come_is_refused(org, frozen):
    """下午下班 17:05 filed at 06:17 the same day: the point and the time have not come."""
    frozen(at(MONDAY, 6, 17))
    with pytest.raises(AttendanceError, match="打卡点的时间还没到"):
        makeup(org.staff, MONDAY, "pm_out", dt.time(17, 5))
    assert not MakeUpRequest.objects.exists()


def test_a_makeup_is_accepted_from_the_second_its_point_is_due(org, frozen):
    # November: the winter afternoon ends at 17:00.
    frozen(at(MONDAY, 16, 59, 59))
    with pytest.raises(AttendanceError, match="打卡点的时间还没到"):
        makeup(org.staff, MONDAY, "pm_out", dt.time(16, 59))
    frozen(at(MONDAY, 17, 0, 0))
    assert makeup(org.staff, MONDAY, "pm_out", dt.time(16, 59)).point == "pm_out"


def test_a_claimed_time_still_to_come_is_refused_to_the_second(org, frozen):
    frozen(at(MONDAY, 17, 4, 59))
    with pytest.raises(AttendanceError, match="尚未发生"):
        makeup(org.staff, MONDAY, "pm_out", dt.time(17, 5))
    frozen(at(MONDAY, 17, 5, 0))
    assert makeup(org.staff, MONDAY, "pm_out", dt.time(17, 5)).claimed_time == dt.time(17, 5)


def test_the_form_shows_the_refusal(org, frozen):
    frozen(at(MONDAY, 6, 17))
    response = login(org.staff).post(
        reverse("attendance:request_new", args=["makeup"]),
        {"date": "2026-11-23", "point": "pm_out", "claimed_time": "17:05", "reason": "忘记打卡"},
    )
    assert response.status_code == 200
    assert "打卡点的时间还没到" in response.content.decode()


def outing(staff, start, back):
    return outing_create(
        acting_user=staff.user,
        destination="市档案馆",
        reason="查档",
        start=start,
        expected_return=back,
    )


def test_an_outing_in_year_9999_is_refused(org, frozen):
    frozen(at(MONDAY, 9, 0))
    with pytest.raises(AttendanceError, match="须在"):
        outing(
            org.staff,
            dt.datetime(9999, 12, 31, 9, 0, tzinfo=dt.UTC),
            dt.datetime(9999, 12, 31, 10, 0, tzinfo=dt.UTC),
        )
    assert not OutingRequest.objects.exists()


def test_an_outing_return_still_to_come_is_refused(org, frozen):
    frozen(at(MONDAY, 9, 0))
    request_obj = outing(org.staff, at(MONDAY, 9, 30), at(MONDAY, 11, 0))
    approval_decide(request_obj=request_obj, acting_user=org.chief.user, approve=True)
    frozen(at(MONDAY, 10, 0))
    with pytest.raises(AttendanceError, match="不能晚于现在"):
        go_back(request_obj=request_obj, acting_user=org.staff.user, now=at(MONDAY, 10, 0, 1))
    back = go_back(request_obj=request_obj, acting_user=org.staff.user, now=at(MONDAY, 10, 0))
    assert back.returned_at == at(MONDAY, 10, 0)
