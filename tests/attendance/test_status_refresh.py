import datetime as dt

import time_machine

from attendance.engine import LOCAL
from attendance.models import AttendanceDay, ClockRecord, DayStatus
from attendance.services import day_close, day_status_refresh


def at(day: dt.date, h: int, m: int, s: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, h, m, s, tzinfo=LOCAL)


MONDAY = dt.date(2026, 11, 23)


def test_refresh_stores_late_and_pending_halves(org):
    ClockRecord.objects.create(staff=org.staff, date=MONDAY, point="am_in", at=at(MONDAY, 8, 31))
    with time_machine.travel(at(MONDAY, 10, 0), tick=False):
        assert (
            day_status_refresh(staff_ids=[org.staff.pk], start=MONDAY, end=MONDAY, acting_user=None)
            == 1
        )
    row = AttendanceDay.objects.get(staff=org.staff, date=MONDAY)
    assert (row.am_status, row.pm_status, row.late_minutes) == (
        DayStatus.LATE,
        DayStatus.PENDING,
        1,
    )
    assert not row.is_final


def test_refresh_rewrites_only_changed_rows(org):
    with time_machine.travel(at(MONDAY, 10, 0), tick=False):
        day_status_refresh(staff_ids=[org.staff.pk], start=MONDAY, end=MONDAY, acting_user=None)
        assert (
            day_status_refresh(staff_ids=[org.staff.pk], start=MONDAY, end=MONDAY, acting_user=None)
            == 0
        )


def test_refresh_never_goes_past_today(org):
    with time_machine.travel(at(MONDAY, 10, 0), tick=False):
        day_status_refresh(
            staff_ids=[org.staff.pk],
            start=MONDAY,
            end=MONDAY + dt.timedelta(days=5),
            acting_user=None,
        )
    assert AttendanceDay.objects.filter(staff=org.staff).count() == 1


def test_close_marks_missing_halves_absent_and_final(org):
    ClockRecord.objects.create(staff=org.staff, date=MONDAY, point="am_in", at=at(MONDAY, 8, 20))
    with time_machine.travel(at(MONDAY + dt.timedelta(days=1), 0, 30), tick=False):
        day_close(day=MONDAY, acting_user=None)
    row = AttendanceDay.objects.get(staff=org.staff, date=MONDAY)
    assert (row.am_status, row.pm_status, row.is_final) == (
        DayStatus.MISSING,
        DayStatus.ABSENT,
        True,
    )
