import pytest
from django.db import IntegrityError, transaction

from attendance.errors import AttendanceError
from attendance.models import AttendanceDay, ClockRecord, DayStatus
from attendance.services import clock_in
from office.config import setting_set
from tests.attendance.conftest import MONDAY, at


def tap(staff, moment, ip="10.1.2.3"):
    return clock_in(staff=staff, now=moment, ip=ip, user_agent="Mozilla/5.0 手机")


def test_tap_records_point_ip_and_agent_and_refreshes_the_day(org, frozen):
    frozen(at(MONDAY, 8, 31))
    result = tap(org.staff, at(MONDAY, 8, 31))
    record = result.record
    assert (record.point, record.ip, record.user_agent, record.source) == (
        "am_in",
        "10.1.2.3",
        "Mozilla/5.0 手机",
        ClockRecord.Source.CLOCK,
    )
    assert result.created and "打卡成功" in result.message
    row = AttendanceDay.objects.get(staff=org.staff, date=MONDAY)
    assert (row.am_status, row.late_minutes) == (DayStatus.LATE, 1)


def test_double_tap_gives_one_record_and_says_already_clocked(org, frozen):
    frozen(at(MONDAY, 8, 20))
    first = tap(org.staff, at(MONDAY, 8, 20))
    second = tap(org.staff, at(MONDAY, 8, 20, 1))
    assert second.record.pk == first.record.pk and not second.created
    assert "已打卡" in second.message
    assert ClockRecord.objects.filter(staff=org.staff).count() == 1


def test_database_refuses_a_second_record_for_the_same_point(org):
    ClockRecord.objects.create(staff=org.staff, date=MONDAY, point="am_in", at=at(MONDAY, 8, 0))
    with pytest.raises(IntegrityError), transaction.atomic():
        ClockRecord.objects.create(staff=org.staff, date=MONDAY, point="am_in", at=at(MONDAY, 8, 1))


def test_tap_outside_the_office_network_is_refused(org, frozen):
    frozen(at(MONDAY, 8, 20))
    setting_set(key="allowed_networks", value="10.0.0.0/8, 192.168.1.0/24")
    with pytest.raises(AttendanceError, match="不在单位办公网络范围内"):
        tap(org.staff, at(MONDAY, 8, 20), ip="203.0.113.9")
    assert tap(org.staff, at(MONDAY, 8, 20), ip="192.168.1.77").created
    assert not ClockRecord.objects.filter(ip="203.0.113.9").exists()


def test_empty_network_list_allows_anywhere(org, frozen):
    frozen(at(MONDAY, 8, 20))
    assert tap(org.staff, at(MONDAY, 8, 20), ip="203.0.113.9").created


def test_staff_who_left_cannot_clock(org, frozen):
    frozen(at(MONDAY, 8, 20))
    org.staff.status = "left"
    org.staff.save()
    with pytest.raises(AttendanceError):
        tap(org.staff, at(MONDAY, 8, 20))
