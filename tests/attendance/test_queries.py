"""Jobs and refreshes run a number of queries that does not grow with people or rows.

Reads: staff, schedules, assignments, calendar overrides, settings, the closed months
(考勤封帐), clocks, existing days (8), plus one per registered cover provider (outings here,
approved leave in the leave app). The schedules, calendar, settings and closes are cached after their first read (office.refdata); every
test starts with an empty cache, so they are counted here.
Writes: a bulk insert and its history insert, and, when rows already exist, a bulk update
and its history insert (in one transaction, no savepoint of their own). On PostgreSQL the
writer first takes the advisory lock that keeps writers of stored days one at a time.
"""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection

from attendance.covers import PROVIDERS
from attendance.models import AttendanceDay, ClockRecord
from attendance.services import day_close, day_status_refresh
from tests.attendance.conftest import MONDAY, at
from tests.factories import StaffFactory

READS = 8
INSERT = 2
UPDATE = 2


def lock() -> int:
    return int(connection.vendor == "postgresql")


def add_people(org, count):
    people = [StaffFactory(section=org.section) for _ in range(count)]
    for person in people:
        ClockRecord.objects.create(staff=person, date=MONDAY, point="am_in", at=at(MONDAY, 8, 40))
    return people


@pytest.mark.parametrize("extra", [2, 12])
def test_day_close_query_count_does_not_grow_with_staff(
    org, frozen, django_assert_num_queries, extra
):
    add_people(org, extra)
    frozen(at(MONDAY + dt.timedelta(days=1), 0, 30))
    with django_assert_num_queries(lock() + READS + len(PROVIDERS) + INSERT):
        day_close(day=MONDAY, acting_user=None)
    assert AttendanceDay.objects.filter(date=MONDAY, is_final=True).count() == 9 + extra


@pytest.mark.parametrize("extra", [2, 12])
def test_closing_over_stored_rows_updates_in_bulk(org, frozen, django_assert_num_queries, extra):
    people = add_people(org, extra)
    frozen(at(MONDAY, 10, 0))
    day_status_refresh(staff_ids=[p.pk for p in people], start=MONDAY, end=MONDAY, acting_user=None)
    frozen(at(MONDAY + dt.timedelta(days=1), 0, 30))
    # The night job finds the cache however Redis (or, in tests, the jumping clock) left it;
    # counted here from empty, like every test in this file.
    cache.clear()
    with django_assert_num_queries(lock() + READS + len(PROVIDERS) + INSERT + UPDATE):
        day_close(day=MONDAY, acting_user=None)


@pytest.mark.parametrize("days", [3, 20])
def test_refresh_query_count_does_not_grow_with_days(org, frozen, django_assert_num_queries, days):
    end = dt.date(2026, 12, 31)
    frozen(at(end, 10, 0))
    with django_assert_num_queries(lock() + READS + len(PROVIDERS) + INSERT):
        day_status_refresh(
            staff_ids=[org.staff.pk, org.chief.pk],
            start=end - dt.timedelta(days=days),
            end=end,
            acting_user=None,
        )
    assert AttendanceDay.objects.filter(staff=org.staff).count() == days + 1
