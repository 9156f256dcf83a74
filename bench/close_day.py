"""Close one day (the nightly job) for 1,000 and for 10,000 staff on PostgreSQL.

Creates and drops its own database on 127.0.0.1:5432. Each run closes a fresh day over the
active staff, about 90 % of whom clocked in. Last line:
``staff=10000 seconds=<s> queries_1k=<n> queries_10k=<n>`` (the two counts must be equal).

Run: .venv/bin/python bench/close_day.py
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = f"bench_close_day_{os.getpid()}"
os.environ.update(
    DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
    DJANGO_SETTINGS_MODULE="bench.bench_settings",
    DJANGO_DEBUG="0",
    LOG_LEVEL="WARNING",
)
os.environ.pop("CACHE_REDIS_URL", None)  # in-process cache: clearing it touches nobody's Redis
sys.path.insert(0, str(ROOT))


def admin_sql(sql: str) -> None:
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as c:
        c.execute(sql)


def add_staff(start: int, count: int, day: dt.date) -> None:
    """``count`` more active staff in 600 sections of 30 units, most of whom clocked in on
    ``day``."""
    from django.contrib.auth.models import User

    from attendance.engine import LOCAL
    from attendance.models import ClockRecord
    from office.demo import bench_units
    from office.models import Section, Staff

    units = bench_units()  # 20 sections a unit, over 30 units
    sections = list(Section.objects.all()) or Section.objects.bulk_create(
        Section(name=f"第{i}科", order=i, unit=units[i % len(units)])
        for i in range(20 * len(units))
    )
    users = User.objects.bulk_create(
        User(username=f"s{start + i}", password="!") for i in range(count)
    )
    people = Staff.objects.bulk_create(
        Staff(
            user=u,
            staff_no=f"S{start + i:06d}",
            name=f"职员{start + i}",
            section=sections[i % len(sections)],
        )
        for i, u in enumerate(users)
    )
    rng = random.Random(start)
    records = []
    for person in people:
        if rng.random() < 0.9:
            minute = rng.randint(0, 40)
            at = dt.datetime.combine(day, dt.time(8, minute), tzinfo=LOCAL)
            records.append(ClockRecord(staff=person, date=day, point="am_in", at=at))
    ClockRecord.objects.bulk_create(records, batch_size=5000)


def close(day: dt.date) -> tuple[float, int]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from attendance.services import day_close

    # The night job may find settings, calendar and schedules cached or not: count the worst.
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        day_close(day=day, acting_user=None)
        seconds = time.perf_counter() - started
    return seconds, len(captured.captured_queries)


def main() -> None:
    admin_sql(f'CREATE DATABASE "{DB_NAME}"')
    try:
        import django

        django.setup()
        from django.core.management import call_command

        from attendance.models import AttendanceDay

        call_command("migrate", verbosity=0)
        first, second = dt.date(2026, 11, 23), dt.date(2026, 11, 24)
        add_staff(0, 1000, first)
        seconds_1k, queries_1k = close(first)
        print(f"1,000 staff: {seconds_1k:.2f} s, {queries_1k} queries")
        add_staff(1000, 9000, second)
        add_clocks_for_first_thousand(second)
        seconds_10k, queries_10k = close(second)
        print(f"10,000 staff: {seconds_10k:.2f} s, {queries_10k} queries")
        print(f"rows closed: {AttendanceDay.objects.filter(is_final=True).count()}")
        print(
            f"staff=10000 seconds={seconds_10k:.2f} queries_1k={queries_1k} queries_10k={queries_10k}"
        )
    finally:
        from django.db import connections

        connections.close_all()
        admin_sql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def add_clocks_for_first_thousand(day: dt.date) -> None:
    from attendance.engine import LOCAL
    from attendance.models import ClockRecord
    from office.models import Staff

    at = dt.datetime.combine(day, dt.time(8, 25), tzinfo=LOCAL)
    ClockRecord.objects.bulk_create(
        ClockRecord(staff_id=pk, date=day, point="am_in", at=at)
        for pk in Staff.objects.order_by("pk").values_list("pk", flat=True)[:1000]
    )


if __name__ == "__main__":
    main()
