"""A GET changes no row: pages count the taps not yet stored in on read, and write nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attendance.models import AttendanceDay, ClockRecord, DayStatus
from attendance.services import clock_in, pending_days_refresh
from tests.attendance.conftest import MONDAY, at
from tests.conftest import login

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def tapped_out(org, frozen):
    """The staff member's late morning is stored; their evening tap a moment ago is not yet."""
    frozen(at(MONDAY, 8, 31))
    clock_in(
        staff=org.staff, now=at(MONDAY, 8, 31), ip="10.0.0.5", user_agent="test", acting_user=None
    )
    pending_days_refresh(acting_user=None)
    frozen(at(MONDAY, 17, 31))
    clock_in(
        staff=org.staff, now=at(MONDAY, 17, 31), ip="10.0.0.5", user_agent="test", acting_user=None
    )
    stored = AttendanceDay.objects.get(staff=org.staff, date=MONDAY)
    assert (stored.am_status, stored.pm_status) == (DayStatus.LATE, DayStatus.PENDING)


def _rows() -> tuple[int, ...]:
    return (
        AttendanceDay.objects.count(),
        AttendanceDay.history.count(),
        ClockRecord.objects.count(),
        ClockRecord.objects.filter(status_pending=True).count(),
    )


def _get_writing_nothing(client, url: str, params: dict | None = None) -> str:
    client.get(reverse("home"))  # the first page after signing in marks the session
    before = _rows()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().startswith(WRITES)]
    assert writes == []
    assert _rows() == before
    return response.content.decode()


LIVE_GRID_CELL = "11月23日 上午迟到 下午正常"


def test_my_month_shows_the_evening_tap_and_writes_nothing(org, tapped_out):
    text = _get_writing_nothing(login(org.staff), reverse("attendance:my_month"))
    assert "迟到/正常" in text


def test_a_persons_month_shows_the_evening_tap_and_writes_nothing(org, tapped_out):
    url = reverse("attendance:staff_month", args=[org.staff.pk])
    assert "迟到/正常" in _get_writing_nothing(login(org.chief), url)


def test_section_month_shows_the_evening_tap_and_writes_nothing(org, tapped_out):
    url = reverse("attendance:section_month", args=[org.section.pk])
    assert LIVE_GRID_CELL in _get_writing_nothing(login(org.chief), url)


def test_all_sections_grid_shows_the_evening_tap_and_writes_nothing(org, tapped_out):
    text = _get_writing_nothing(login(org.personnel), reverse("attendance:all_sections"))
    assert LIVE_GRID_CELL in text


def test_board_shows_the_evening_tap_and_writes_nothing(org, tapped_out):
    text = _get_writing_nothing(login(org.chief), reverse("attendance:board"))
    assert "已下班" in text


def test_admin_day_list_shows_the_evening_tap_and_writes_nothing(org, tapped_out):
    url = reverse("admin:attendance_attendanceday_changelist")
    text = _get_writing_nothing(login(org.admin), url)
    assert '<td class="field-pm_status">正常</td>' in text


def test_admin_clock_list_shows_the_evening_tap_and_writes_nothing(org, tapped_out):
    record = ClockRecord.objects.get(staff=org.staff, status_pending=True)
    url = reverse("admin:attendance_clockrecord_changelist")
    text = _get_writing_nothing(login(org.admin), url)
    assert f'<td class="field-point">{record.get_point_display()}</td>' in text
