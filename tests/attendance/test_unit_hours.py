"""A unit's own hours and networks at the tap (issue 21: settings inherit per unit)."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from attendance.errors import AttendanceError
from attendance.models import ClockRecord, DayStatus, Schedule
from attendance.selectors import today_for
from attendance.services import clock_in
from office import config
from office.models import Setting
from tests.attendance.conftest import MONDAY, at
from tests.conftest import login
from tests.factories import unit_with_roles


@pytest.fixture
def other(org):
    return unit_with_roles()


def tap(staff, moment, ip="10.1.2.3"):
    return clock_in(staff=staff, now=moment, ip=ip, user_agent="手机", acting_user=staff.user)


def test_a_window_unit_is_judged_by_its_own_hours(org, other, frozen):
    Schedule.objects.create(
        name="窗口作息", valid_from=MONDAY - dt.timedelta(days=30), am_start=dt.time(8, 0)
    )
    config.setting_set(
        key="unit_schedule", value="窗口作息", unit_id=other.unit.pk, acting_user=None
    )
    frozen(at(MONDAY, 8, 20))
    tap(other.staff, at(MONDAY, 8, 20))
    tap(org.staff, at(MONDAY, 8, 20))
    window = today_for(other.staff, at(MONDAY, 8, 20))
    office = today_for(org.staff, at(MONDAY, 8, 20))
    assert window.hours.am_start == dt.time(8, 0) and window.row.am_status == DayStatus.LATE
    assert office.hours.am_start == dt.time(8, 30) and office.row.am_status == DayStatus.NORMAL


def test_a_unit_network_list_refuses_a_tap_from_elsewhere_only_there(org, other, frozen):
    config.setting_set(
        key="allowed_networks", value="192.168.9.0/24", unit_id=other.unit.pk, acting_user=None
    )
    frozen(at(MONDAY, 8, 20))
    with pytest.raises(AttendanceError, match="不在单位办公网络"):
        tap(other.staff, at(MONDAY, 8, 20), ip="10.1.2.3")
    assert tap(org.staff, at(MONDAY, 8, 20), ip="10.1.2.3").created
    assert tap(other.staff, at(MONDAY, 8, 20), ip="192.168.9.7").created


def test_a_tap_in_a_unit_with_overrides_is_still_one_insert(
    org, other, frozen, django_assert_num_queries
):
    # Stored without the save signal: a signalled change would leave this test's transaction
    # reading reference data from the database until it ends (office.refdata).
    Setting.objects.bulk_create([Setting(unit=other.unit, key="late_absent_minutes", value=10)])
    cache.clear()
    frozen(at(MONDAY, 8, 20))
    client = login(other.staff)
    client.get(reverse("attendance:clock"))  # settings and schedules cached
    with django_assert_num_queries(5):  # as tests/attendance/test_views.py counts it
        client.post(reverse("attendance:clock_do"), REMOTE_ADDR="10.0.0.5")
    assert ClockRecord.objects.filter(staff=other.staff).exists()
