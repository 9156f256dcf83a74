"""Benchmark: compile a weekly notice for 1,000 and for 10,000 staff.

Builds its own data in a throwaway SQLite database: staff in sections of about 100, a normal
week of attendance for everyone (with the same 50 absences and 30 people late three times in
both runs), and 1,000 confirmed findings spread over the week and the three before it (so
repeat offenders exist). Compiles the week, timing it and counting its queries.

    .venv/bin/python bench/compile_week.py

Last line: ``staff=10000 seconds=<s> queries_1k=<n> queries_10k=<n>``. Target: under 10 s for
10,000 staff and equal query counts. A watchdog stops it after 290 seconds.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FINDINGS = 1000
ABSENT_PEOPLE = 50
LATE_PEOPLE = 30


def _watchdog(_signum: int, _frame: object) -> None:
    print("超过 290 秒，基准测试中止。", flush=True)
    os._exit(2)


def setup_django(db_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "office.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.pop("CACHE_REDIS_URL", None)  # in-process cache: clearing it touches nobody's Redis
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def add_staff(count: int, start: int) -> list[int]:
    """Create ``count`` staff (and their accounts) in new sections of 100; returns their ids."""
    from django.contrib.auth import get_user_model

    from office.demo import bench_units
    from office.models import Section, Staff

    units = bench_units()  # the sections go round the 30 units
    sections = Section.objects.bulk_create(
        Section(
            name=f"第{start // 100 + i + 1}科",
            order=start // 100 + i,
            unit=units[(start // 100 + i) % len(units)],
        )
        for i in range((count + 99) // 100)
    )
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"B{start + i:06d}", password="!") for i in range(count)
    )
    staff = Staff.objects.bulk_create(
        Staff(
            user=user,
            staff_no=user.username,
            name=f"职工{start + i}",
            section=sections[i // 100],
        )
        for i, user in enumerate(users)
    )
    return [s.pk for s in staff]


def add_week(staff_ids: list[int], year: int, week: int) -> None:
    """Attendance for everyone on the week's 5 working days, and 1,000 findings."""
    from django.utils import timezone

    from attendance.models import AttendanceDay, DayStatus
    from inspections.dates import SHANGHAI
    from inspections.models import Finding, Item
    from office.models import Staff

    monday = dt.date.fromisocalendar(year, week, 1)
    now = timezone.now()
    days = []
    for index, staff_id in enumerate(staff_ids):
        for offset in range(5):
            am = pm = DayStatus.NORMAL
            if index < ABSENT_PEOPLE and offset == 1:
                am = pm = DayStatus.ABSENT
            elif ABSENT_PEOPLE <= index < ABSENT_PEOPLE + LATE_PEOPLE and offset < 3:
                am = DayStatus.LATE
            days.append(
                AttendanceDay(
                    staff_id=staff_id,
                    date=monday + dt.timedelta(days=offset),
                    am_status=am,
                    pm_status=pm,
                    computed_at=now,
                )
            )
    AttendanceDay.objects.bulk_create(days, batch_size=2000)
    items = list(Item.objects.values_list("pk", flat=True))
    sections = dict(Staff.objects.filter(pk__in=staff_ids).values_list("pk", "section_id"))
    findings = []
    for n in range(FINDINGS):
        staff_id = staff_ids[(n * 7919) % len(staff_ids)]
        weeks_back = 0 if n % 10 < 7 else n % 4  # 70 % in the week, the rest up to 3 weeks back
        moment = dt.datetime.combine(
            monday - dt.timedelta(weeks=weeks_back) + dt.timedelta(days=n % 5),
            dt.time(9 + n % 8),
            tzinfo=SHANGHAI,
        )
        findings.append(
            Finding(
                staff_id=staff_id,
                section_id=sections[staff_id],
                item_id=items[n % len(items)],
                occurred_at=moment,
                description="工作时间玩手机",
                status=Finding.Status.CONFIRMED,
            )
        )
    Finding.objects.bulk_create(findings, batch_size=2000)


def compile_once(year: int, week: int) -> tuple[float, int, int]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from inspections.services.notices import notice_compile

    # Settings may be cached or not when the job runs: count the worst.
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        # The city notice: every unit's findings, so all 10,000 staff are in its scope.
        notice = notice_compile(year=year, week=week, unit=None, acting_user=None)
        seconds = time.perf_counter() - started
    return seconds, len(ctx.captured_queries), notice.data["total"]


def main() -> None:
    signal.signal(signal.SIGALRM, _watchdog)
    signal.alarm(290)
    with tempfile.TemporaryDirectory(prefix="compile-week-") as tmp:
        setup_django(Path(tmp) / "bench.sqlite3")
        from office.models import Staff

        small = add_staff(1000, 0)
        add_week(small, 2026, 47)
        seconds_1k, queries_1k, total = compile_once(2026, 47)
        print(f"staff=1000 seconds={seconds_1k:.2f} queries={queries_1k} findings_in_week={total}")

        everyone = small + add_staff(9000, 1000)
        add_week(everyone, 2026, 48)
        assert Staff.objects.count() == 10000
        seconds_10k, queries_10k, total = compile_once(2026, 48)
        print(
            f"staff=10000 seconds={seconds_10k:.2f} queries={queries_10k} findings_in_week={total}"
        )
        print(
            f"staff=10000 seconds={seconds_10k:.2f} queries_1k={queries_1k} "
            f"queries_10k={queries_10k}",
            flush=True,
        )


if __name__ == "__main__":
    main()
