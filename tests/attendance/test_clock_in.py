import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from attendance.errors import AttendanceError
from attendance.models import AttendanceDay, ClockRecord, ClockRecordHistory, DayStatus
from attendance.selectors import month_rows, today_for
from attendance.services import clock_in, pending_days_refresh
from attendance.tasks import refresh_pending_days
from office.config import setting_set
from tests.attendance.conftest import MONDAY, at
from tests.conftest import login
from tests.factories import StaffFactory


def tap(staff, moment, ip="10.1.2.3"):
    return clock_in(
        staff=staff, now=moment, ip=ip, user_agent="Mozilla/5.0 手机", acting_user=staff.user
    )


def test_tap_records_point_ip_and_agent_and_leaves_the_day_pending(org, frozen):
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
    assert record.status_pending
    assert not AttendanceDay.objects.filter(staff=org.staff).exists()


def test_a_tap_is_its_own_audit_row_and_never_changes(org, frozen):
    frozen(at(MONDAY, 8, 31))
    record = tap(org.staff, at(MONDAY, 8, 31)).record
    stored = ClockRecord.objects.get(pk=record.pk)
    assert (stored.staff, stored.at, stored.recorded_at) == (
        org.staff,
        at(MONDAY, 8, 31),
        stored.at,
    )
    assert (stored.ip, stored.user_agent, stored.source) == (
        "10.1.2.3",
        "Mozilla/5.0 手机",
        "clock",
    )
    assert not ClockRecordHistory.objects.exists()
    stored.point = "am_out"
    with pytest.raises(AttendanceError, match="补卡"):
        stored.save()
    with pytest.raises(AttendanceError, match="补卡"):
        stored.delete()
    assert ClockRecord.objects.get(pk=record.pk).point == "am_in"


def test_the_clock_page_shows_the_tap_at_once_without_storing_it(org, frozen):
    frozen(at(MONDAY, 8, 31))
    tap(org.staff, at(MONDAY, 8, 31))
    row = today_for(org.staff, at(MONDAY, 8, 31)).row
    assert (row.am_status, row.pm_status, row.late_minutes) == (
        DayStatus.LATE,
        DayStatus.PENDING,
        1,
    )
    assert row.pk is None and not AttendanceDay.objects.exists()


def test_stored_statuses_count_pending_taps_in_on_read_without_storing_them(org, frozen):
    frozen(at(MONDAY, 8, 31))
    tap(org.staff, at(MONDAY, 8, 31))
    row = month_rows(org.staff, MONDAY.year, MONDAY.month)[MONDAY]
    assert (row.am_status, row.late_minutes) == (DayStatus.LATE, 1)
    assert row.pk is None and not AttendanceDay.objects.exists()
    assert ClockRecord.objects.get(staff=org.staff).status_pending


def test_a_pending_tap_over_a_stored_day_is_shown_without_saving_it(org, frozen):
    frozen(at(MONDAY, 8, 20))
    tap(org.staff, at(MONDAY, 8, 20))
    pending_days_refresh(acting_user=None)
    frozen(at(MONDAY, 17, 31))
    tap(org.staff, at(MONDAY, 17, 31))
    row = month_rows(org.staff, MONDAY.year, MONDAY.month)[MONDAY]
    assert (row.am_status, row.pm_status) == (DayStatus.NORMAL, DayStatus.NORMAL)
    stored = AttendanceDay.objects.get(staff=org.staff, date=MONDAY)
    assert stored.pm_status == DayStatus.PENDING and stored.history.count() == 1


def test_counting_taps_inside_someone_elses_compile_names_no_one_in_the_history(org, frozen):
    frozen(at(MONDAY, 8, 31))
    tap(org.staff, at(MONDAY, 8, 31))
    login(org.inspector).post(reverse("inspections:notice_compile"), {"week": "2026-W48"})
    row = AttendanceDay.objects.get(staff=org.staff, date=MONDAY)
    assert [h.history_user for h in row.history.all()] == [None]


def test_a_later_tap_updates_the_counted_day(org, frozen):
    frozen(at(MONDAY, 17, 31))
    tap(org.staff, at(MONDAY, 8, 20))
    assert pending_days_refresh(acting_user=None) == 1
    tap(org.staff, at(MONDAY, 17, 31))
    assert pending_days_refresh(acting_user=None) == 1
    row = AttendanceDay.objects.get(staff=org.staff, date=MONDAY)
    assert (row.am_status, row.pm_status) == (DayStatus.NORMAL, DayStatus.NORMAL)
    assert pending_days_refresh(acting_user=None) == 0


def test_the_minute_job_counts_the_taps(org, frozen):
    frozen(at(MONDAY, 8, 20))
    tap(org.staff, at(MONDAY, 8, 20))
    tap(org.chief, at(MONDAY, 8, 20))
    assert refresh_pending_days.delay().get() == 2
    assert AttendanceDay.objects.filter(date=MONDAY).count() == 2
    job = PeriodicTask.objects.get(task="attendance.tasks.refresh_pending_days")
    assert job.enabled and (job.interval.every, job.interval.period) == (1, "minutes")


@pytest.mark.parametrize("people", [2, 12])
def test_counting_pending_taps_takes_the_same_queries_for_any_number(
    org, frozen, people, django_assert_num_queries
):
    frozen(at(MONDAY, 8, 20))
    for person in StaffFactory.create_batch(people, section=org.section):
        tap(person, at(MONDAY, 8, 20))
    # any pending?; SAVEPOINT; the pending taps; their people; clocks; outing and leave covers;
    # existing days; INSERT days; INSERT their history; clear the flags; RELEASE (schedules,
    # calendar and settings come from the cache the taps filled). PostgreSQL also tries the
    # writers' advisory lock, then takes it (again) to write.
    with django_assert_num_queries(12 + 2 * (connection.vendor == "postgresql")):
        assert pending_days_refresh(acting_user=None) == people


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
    setting_set(key="allowed_networks", value="10.0.0.0/8, 192.168.1.0/24", acting_user=None)
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


def test_a_tap_just_before_the_earliest_time_is_refused_in_chinese(org, frozen):
    # 00:05 used to count as an on-time 上午上班.
    for moment in (at(MONDAY, 0, 5), at(MONDAY, 5, 59, 59)):
        frozen(moment)
        with pytest.raises(AttendanceError, match="06:00 之前不能打卡"):
            tap(org.staff, moment)
    assert not ClockRecord.objects.exists()


def test_a_tap_at_the_earliest_time_is_taken(org, frozen):
    frozen(at(MONDAY, 6, 0, 0))
    assert tap(org.staff, at(MONDAY, 6, 0, 0)).record.point == "am_in"


def test_the_earliest_clock_in_time_is_a_setting(org, frozen):
    setting_set(key="clock_earliest", value="7:30", acting_user=None)
    frozen(at(MONDAY, 7, 29, 59))
    with pytest.raises(AttendanceError, match="07:30 之前不能打卡"):
        tap(org.staff, at(MONDAY, 7, 29, 59))
    with pytest.raises(ValidationError, match="格式不正确"):
        setting_set(key="clock_earliest", value="25:00", acting_user=None)


def test_the_clock_page_says_when_taps_open(org, frozen):
    frozen(at(MONDAY, 5, 30))
    page = login(org.staff).get(reverse("attendance:clock")).content.decode()
    assert "每天 06:00 起可打卡" in page and "现在还不到 06:00，不能打卡" in page
    frozen(at(MONDAY, 6, 0))
    page = login(org.staff).get(reverse("attendance:clock")).content.decode()
    assert "每天 06:00 起可打卡" in page and "现在还不到" not in page
