"""The 绩效表 of one month for a unit of 1,000 and of 10,000 staff on PostgreSQL.

Every person has a stored day for each of the month's 21 working days, about one in ten of
them late, early or absent; one in five has verified overtime converted to 绩效 and one in
twenty a confirmed finding. Times the sheet as 报表导出's job writes it (``export_build`` of
``performance_month``: the viewer, the sections, the people, the rules, the three sources, the
pricing and the .xlsx; a sheet this large is always a job) and counts its queries. Creates and drops its own
database on 127.0.0.1:5432 (``BENCH_DB`` names it). Last line:
``staff=10000 seconds=<s> lines=<n> queries_1k=<n> queries_10k=<n>`` (the counts must be equal).

Run: .venv/bin/python bench/performance_month.py
"""

from __future__ import annotations

import datetime as dt
import os
import random
import resource
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = os.environ.get("BENCH_DB") or f"bench_performance_{os.getpid()}"
os.environ.update(
    DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
    DJANGO_SETTINGS_MODULE="office.settings",
    DJANGO_DEBUG="0",
    LOG_LEVEL="WARNING",
)
os.environ.pop("CACHE_REDIS_URL", None)  # in-process cache: clearing it touches nobody's Redis
sys.path.insert(0, str(ROOT))

NOVEMBER = dt.date(2026, 11, 1)


def admin_sql(sql: str) -> None:
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as c:
        c.execute(sql)


def add_staff(start: int, count: int) -> None:
    """``count`` more staff in 20 sections of the demo unit, with their month."""
    from django.contrib.auth.models import User
    from django.utils import timezone

    from attendance.models import AttendanceDay
    from inspections.models import Finding, Item
    from leave.models import OvertimeEntry, OvertimeRequest
    from office.calendar import is_working_day
    from office.demo import demo_unit
    from office.models import Section, Staff

    unit = demo_unit()
    sections = list(Section.objects.filter(unit=unit)) or Section.objects.bulk_create(
        Section(name=f"第{i}科", order=i, unit=unit) for i in range(20)
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
    now = timezone.now()
    workdays = [
        NOVEMBER + dt.timedelta(days=n)
        for n in range(30)
        if is_working_day(NOVEMBER + dt.timedelta(days=n))
    ]
    days = []
    for person in people:
        for date in workdays:
            am, pm = "normal", "normal"
            roll = rng.random()
            if roll < 0.05:
                am = "late"
            elif roll < 0.08:
                pm = "early"
            elif roll < 0.1:
                am = pm = "absent"
            days.append(
                AttendanceDay(staff=person, date=date, am_status=am, pm_status=pm, computed_at=now)
            )
    AttendanceDay.objects.bulk_create(days, batch_size=10000)
    item = Item.objects.get(code="1-07")
    Finding.objects.bulk_create(
        Finding(
            staff=person,
            section=person.section,
            item=item,
            occurred_at=dt.datetime(2026, 11, 17, 10, tzinfo=dt.UTC),
            description="工作时间玩手机游戏",
            status=Finding.Status.CONFIRMED,
        )
        for person in people[::20]
    )
    entries = []
    for section in sections:
        overtime = OvertimeRequest.objects.create(
            applicant=people[0],
            status="approved",
            section=section,
            date=dt.date(2026, 11, 7 + start % 7),
            start_time=dt.time(9),
            end_time=dt.time(13),
            reason="材料",
            verified_at=now,
            conversion="performance",
        )
        members = [p for p in people[::5] if p.section_id == section.pk]
        entries += [
            OvertimeEntry(
                overtime=overtime,
                staff=p,
                planned_hours=Decimal(4),
                actual_hours=Decimal(4),
                verified_hours=Decimal("3.5"),
            )
            for p in members
        ]
    OvertimeEntry.objects.bulk_create(entries, batch_size=5000)


def personnel_user():
    from office import roles
    from office.models import Staff
    from office.services import role_grant

    person = Staff.objects.order_by("pk").first()
    role_grant(staff=person, role=roles.PERSONNEL, acting_user=None)
    return person.user


def sheet(user) -> tuple[float, int, int]:
    """Seconds, queries and bytes of the unit's 绩效表 for November."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from office.org import viewer_for
    from office.performance import month_bounds
    from office.reports import Params, export_build

    cache.clear()
    fresh = type(user).objects.get(pk=user.pk)  # a fresh user: no viewer cached on it
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        _, content = export_build(
            "performance_month", viewer=viewer_for(fresh), params=Params(*month_bounds(NOVEMBER))
        )
        seconds = time.perf_counter() - started
    return seconds, len(captured.captured_queries), len(content)


def main() -> None:
    admin_sql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    admin_sql(f'CREATE DATABASE "{DB_NAME}"')
    try:
        import django

        django.setup()
        from django.core.management import call_command

        from office.models import Staff
        from office.performance import Scope, live_lines

        call_command("migrate", verbosity=0)
        add_staff(0, 1000)
        user = personnel_user()
        seconds_1k, queries_1k, size = sheet(user)
        print(f"1,000 staff: {seconds_1k:.2f} s, {queries_1k} queries, {size // 1024} KB")
        add_staff(1000, 9000)
        seconds_10k, queries_10k, size = sheet(user)
        unit_id = Staff.objects.first().section.unit_id
        lines = len(live_lines(Scope(unit_id=unit_id), NOVEMBER))
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(
            f"10,000 staff: {seconds_10k:.2f} s, {queries_10k} queries, {size // 1024} KB, "
            f"{lines} lines, process peak {peak_mb} MB"
        )
        print(
            f"staff=10000 seconds={seconds_10k:.2f} lines={lines} "
            f"queries_1k={queries_1k} queries_10k={queries_10k}"
        )
    finally:
        from django.db import connections

        connections.close_all()
        admin_sql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


if __name__ == "__main__":
    main()
