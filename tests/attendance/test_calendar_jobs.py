"""A calendar or schedule change is saved in the request; a background job recomputes the stored
days it affects (attendance.tasks.recompute_days), reporting progress on office:job."""

import datetime as dt

import pytest
from django.test import RequestFactory
from django.urls import reverse
from simple_history.models import HistoricalRecords

from attendance.covers import PROVIDERS
from attendance.models import AttendanceDay, DayStatus
from attendance.services import status
from attendance.services.calendar import calendar_day_set, days_recompute
from attendance.services.status import day_status_refresh_everyone
from attendance.tasks import recompute_days
from office.models import Job
from tests.attendance.conftest import MONDAY, at
from tests.conftest import login
from tests.factories import StaffFactory

FRIDAY = MONDAY - dt.timedelta(days=3)  # a plain working day before "today"
PEOPLE = 9  # in ``org``


def friday_stored_as_absent() -> None:
    """Everyone's Friday stored with no taps: 旷工 both halves."""
    day_status_refresh_everyone(start=FRIDAY, end=FRIDAY, acting_user=None)
    assert set(AttendanceDay.objects.values_list("am_status", flat=True)) == {DayStatus.ABSENT}


def statuses() -> set[str]:
    return set(AttendanceDay.objects.filter(date=FRIDAY).values_list("am_status", flat=True))


# The POST: session, user, viewer (staff, led sections, groups) = 5; the day's row for the form;
# the service's transaction (2 savepoints here) with update_or_create's select, savepoint,
# insert, history insert = 8 with the releases; the leave recount's leaves in the range, in its
# savepoint = 3; the job: savepoint, stale jobs given up, the queued one looked for, savepoint,
# insert = 7 with the releases; the outer release. Not one reads or writes a stored day.
POST_QUERIES = 5 + 1 + 8 + 3 + 7 + 1


@pytest.mark.parametrize("extra", [0, 15])
def test_a_calendar_change_returns_at_once_and_the_job_brings_the_days_up_to_date(
    org, frozen, django_assert_num_queries, django_capture_on_commit_callbacks, extra
):
    for _ in range(extra):
        StaffFactory(section=org.section)
    frozen(at(MONDAY, 10, 0))
    friday_stored_as_absent()
    client = login(org.personnel)
    url = reverse("attendance:calendar_day", args=[FRIDAY.isoformat()])
    client.get(url)  # the settings, cached from here on
    with django_capture_on_commit_callbacks() as callbacks:
        with django_assert_num_queries(POST_QUERIES):
            response = client.post(url, {"kind": "holiday", "name": "测试"})
        job = Job.objects.get()
        assert response["Location"] == reverse("office:job", args=[job.pk])
        assert job.status == Job.Status.QUEUED and job.requested_by == org.personnel.user
        assert statuses() == {DayStatus.ABSENT}  # nothing recomputed in the request
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (Job.Status.DONE, PEOPLE + extra, PEOPLE + extra)
    assert statuses() == {DayStatus.REST}
    page = client.get(response["Location"]).content.decode()
    assert "已完成" in page and f"重新计算{PEOPLE + extra}人的考勤" in page


def test_progress_counts_the_people_batch_by_batch(org, frozen, monkeypatch):
    frozen(at(MONDAY, 10, 0))
    monkeypatch.setattr(status, "EVERYONE_BATCH", 4)
    seen = []
    day_status_refresh_everyone(
        start=FRIDAY,
        end=MONDAY,
        progress=lambda done, total: seen.append((done, total)),
        acting_user=None,
    )
    assert seen == [(4, 9), (8, 9), (9, 9)]
    assert AttendanceDay.objects.count() == PEOPLE * 4  # Friday to Monday


@pytest.mark.parametrize("extra", [0, 10])
def test_each_batch_runs_the_same_queries_whatever_the_staff(
    org, frozen, monkeypatch, django_assert_num_queries, extra
):
    for _ in range(extra):
        StaffFactory(section=org.section)
    frozen(at(MONDAY, 10, 0))
    day_status_refresh_everyone(
        start=FRIDAY, end=FRIDAY, acting_user=None
    )  # warms the cache, stores the rows
    monkeypatch.setattr(status, "EVERYONE_BATCH", 1_000)
    lock = int(status.connection.vendor == "postgresql")
    # Active staff; then the one batch: (lock), clocks, existing days, one per cover provider;
    # nothing changed, so nothing is written.
    with django_assert_num_queries(1 + lock + 2 + len(PROVIDERS)):
        assert day_status_refresh_everyone(start=FRIDAY, end=FRIDAY, acting_user=None) == 0


def test_the_job_writes_history_as_the_system_even_in_someones_request(org, frozen):
    frozen(at(MONDAY, 10, 0))
    job = days_recompute(start=FRIDAY, end=FRIDAY, acting_user=org.personnel.user)
    request = RequestFactory().post("/")
    request.user = org.personnel.user
    HistoricalRecords.context.request = request  # as if run in-process during the POST
    try:
        recompute_days.apply(kwargs={"job_id": job.pk, "start": "2026-11-20", "end": "2026-11-20"})
    finally:
        del HistoricalRecords.context.request
    history = AttendanceDay.history.filter(date=FRIDAY)
    assert history.count() == PEOPLE
    assert not history.exclude(history_user=None).exists()


def test_the_same_range_is_not_queued_twice(org, frozen, django_capture_on_commit_callbacks):
    frozen(at(MONDAY, 10, 0))
    with django_capture_on_commit_callbacks() as callbacks:
        first = calendar_day_set(day=FRIDAY, kind="holiday", name="", acting_user=None)
        again = calendar_day_set(day=FRIDAY, kind="ordinary", name="", acting_user=None)
        asked = days_recompute(start=FRIDAY, end=FRIDAY, acting_user=org.personnel.user)
    assert first == again == asked
    sends = [c for c in callbacks if c.__qualname__ == "enqueue.<locals>.send"]
    assert len(sends) == 1 and Job.objects.count() == 1


def test_a_running_job_is_shared_by_a_request_but_a_change_queues_one_more(org, frozen):
    frozen(at(MONDAY, 10, 0))
    running = days_recompute(start=FRIDAY, end=FRIDAY, acting_user=None)
    Job.objects.filter(pk=running.pk).update(status=Job.Status.RUNNING)
    assert days_recompute(start=FRIDAY, end=FRIDAY, acting_user=None) == running
    # The running job may have read the calendar before this change: a fresh one follows it.
    after = calendar_day_set(day=FRIDAY, kind="holiday", name="", acting_user=None)
    assert after != running and after.status == Job.Status.QUEUED
    assert days_recompute(start=FRIDAY, end=FRIDAY, acting_user=None) == after


def test_changes_to_days_still_to_come_queue_nothing(org, frozen):
    frozen(at(MONDAY, 10, 0))
    tomorrow = MONDAY + dt.timedelta(days=1)
    assert calendar_day_set(day=tomorrow, kind="holiday", name="", acting_user=None) is None
    assert days_recompute(start=tomorrow, end=tomorrow, acting_user=None) is None
    assert not Job.objects.exists()


def test_a_year_is_recomputed_up_to_today(org, frozen):
    frozen(at(MONDAY, 10, 0))
    job = days_recompute(
        start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), acting_user=org.personnel.user
    )
    assert job.key == "2026-01-01/2026-11-23"
    assert job.label == "重新计算考勤：2026年1月1日至2026年11月23日"


# --- attendance:calendar_recompute ---


def test_personnel_recompute_a_year_and_follow_its_progress(
    org, frozen, django_capture_on_commit_callbacks
):
    frozen(at(MONDAY, 10, 0))
    client = login(org.personnel)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("attendance:calendar_recompute"), {"year": "2026"})
    job = Job.objects.get()
    assert response["Location"] == reverse("office:job", args=[job.pk])
    assert job.status == Job.Status.DONE and job.done == job.total == PEOPLE
    assert AttendanceDay.objects.filter(date=dt.date(2026, 1, 5)).count() == PEOPLE
    assert not AttendanceDay.objects.filter(date__gt=MONDAY).exists()


def test_recomputing_a_year_to_come_or_no_year_says_why(org, frozen):
    frozen(at(MONDAY, 10, 0))
    client = login(org.personnel)
    url = reverse("attendance:calendar_recompute")
    page = client.post(url, {"year": "2027"}, follow=True).content.decode()
    assert "2027年尚未开始，没有需要重新计算的考勤" in page
    page = client.post(url, {"year": "abc"}, follow=True).content.decode()
    assert "请填写2000至2100之间的年份" in page
    assert not Job.objects.exists()


def test_recompute_is_for_personnel_and_admins_by_post_only(org, frozen):
    frozen(at(MONDAY, 10, 0))
    url = reverse("attendance:calendar_recompute")
    assert login(org.chief).post(url, {"year": "2026"}).status_code == 403
    assert login(org.staff).post(url, {"year": "2026"}).status_code == 403
    assert login(org.personnel).get(url).status_code == 405
    assert login(org.admin).post(url, {"year": "2026"}).status_code == 302
    assert Job.objects.get().requested_by == org.admin


def test_a_new_schedule_from_today_shows_the_recompute(
    org, frozen, django_capture_on_commit_callbacks
):
    from tests.attendance.test_calendar_schedules import schedule_values

    frozen(at(MONDAY, 7, 0))
    data = {
        k: (v.strftime("%H:%M") if isinstance(v, dt.time) else v)
        for k, v in schedule_values(name="夏令作息").items()
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = login(org.personnel).post(reverse("attendance:schedule_new"), data)
    job = Job.objects.get()
    assert response["Location"] == reverse("office:job", args=[job.pk])
    assert job.status == Job.Status.DONE and job.url == reverse("attendance:schedules")
