"""Every 统计看板 chart endpoint for 1,000 and for 10,000 staff on PostgreSQL (issue 13).

Creates its own database on 127.0.0.1:5432 (``office_dash``; another with ``DASH_BENCH_DB``)
with the small office of the tests (``bench/pages_10k.py``'s ``small_office``) and a 市级领导,
then 1,000 staff in 600 sections over 30 units (``bench/close_day.py``'s ``add_staff``, which
uses ``office.demo.bench_units``) with a full November 2026 of stored days (every working day,
some 迟到/早退/旷工/请假), approved leave for one person in five, verified and unverified
overtime in every section, a finding for every other person (confirmed, rectifying, closed,
with deadlines) and a self-inspection campaign half submitted. It times each chart's JSON for
the director (the demo unit: 20 sections) and the 市级领导 (all 600 sections), three GETs
each, median, with the queries counted; then adds 9,000 more staff the same way and measures
again. Last line: ``slowest_ms=<ms> queries_1k=<n> queries_10k=<n>`` (target: under 300 ms
and equal counts). A watchdog stops it after 5 minutes; the database is dropped either way.

Run: .venv/bin/python bench/dashboard.py
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bench.close_day as close_day  # noqa: E402 (both set their own environment on import)
import bench.pages_10k as pages_10k  # noqa: E402

DB_NAME = os.environ.get("DASH_BENCH_DB", "office_dash")
os.environ.update(
    DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
    DJANGO_SETTINGS_MODULE="office.settings",
    DJANGO_DEBUG="0",
    LOG_LEVEL="ERROR",
)
os.environ.pop("CACHE_REDIS_URL", None)  # in-process cache: touches nobody's Redis
os.environ.pop("CELERY_BROKER_URL", None)

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 12, 3, 10, 0, tzinfo=SHANGHAI)
MONTH = "2026-11"
FIRST, LAST = dt.date(2026, 11, 1), dt.date(2026, 11, 30)


def admin_sql(sql: str) -> None:
    pages_10k.admin_sql(sql)


def _watchdog(_signum: int, _frame: object) -> None:
    print("超过 5 分钟，基准测试中止。", flush=True)
    admin_sql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    os._exit(2)


def fill(after_id: int, campaign_id: int) -> None:
    """November for the staff with an id above ``after_id``: stored days, leave, overtime,
    findings and self-inspection reports, in a few INSERT … SELECT statements."""
    from django.db import connection

    from inspections.models import Item
    from leave.models import LeaveType

    annual = LeaveType.objects.get(code="annual").pk
    personal = LeaveType.objects.get(code="personal").pk
    items = list(Item.objects.order_by("pk").values_list("pk", flat=True))
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO attendance_attendanceday (staff_id, date, am_status, pm_status,
                late_minutes, early_minutes, labels, computed_at, is_final)
            SELECT s.id, d::date,
                   CASE WHEN (s.id + extract(day FROM d)::int) %% 29 = 0 THEN 'late'
                        WHEN (s.id + extract(day FROM d)::int) %% 97 = 0 THEN 'absent'
                        WHEN (s.id + extract(day FROM d)::int) %% 41 = 0 THEN 'leave'
                        ELSE 'normal' END,
                   CASE WHEN (s.id + extract(day FROM d)::int) %% 31 = 0 THEN 'early'
                        ELSE 'normal' END,
                   0, 0, '', now(), true
            FROM office_staff s
            CROSS JOIN generate_series(%s::date, %s::date, '1 day') d
            WHERE s.id > %s AND extract(isodow FROM d) < 6
            """,
            [FIRST, LAST, after_id],
        )
        cur.execute(
            """
            INSERT INTO leave_leaverequest (applicant_id, status, created_at, leave_type_id,
                start_date, start_half, end_date, end_half, reason, attachment, days, returned_half)
            SELECT s.id, 'approved', now(), CASE WHEN s.id %% 2 = 0 THEN %s ELSE %s END,
                   %s::date + (s.id %% 25)::int, 'am', %s::date + (s.id %% 25)::int, 'pm', '年休假', '', 1, ''
            FROM office_staff s WHERE s.id > %s AND s.id %% 5 = 0
            """,
            [annual, personal, FIRST, FIRST, after_id],
        )
        # One overtime request a section (of the sections with new people), half verified.
        cur.execute(
            """
            INSERT INTO leave_overtimerequest (applicant_id, status, created_at, section_id,
                date, start_time, end_time, reason, recorded_at, verified_at, conversion)
            SELECT min(s.id), 'approved', now(), s.section_id, %s::date + (s.section_id %% 20)::int,
                   '18:00', '21:00', '赶材料', now(),
                   CASE WHEN s.section_id %% 2 = 0 THEN now() END, ''
            FROM office_staff s WHERE s.id > %s GROUP BY s.section_id
            """,
            [FIRST, after_id],
        )
        cur.execute(
            """
            INSERT INTO leave_overtimeentry (overtime_id, staff_id, planned_hours,
                actual_hours, verified_hours)
            SELECT o.id, s.id, 3, 3, CASE WHEN o.verified_at IS NOT NULL THEN 3 END
            FROM leave_overtimerequest o JOIN office_staff s ON s.section_id = o.section_id
            WHERE s.id > %s AND s.id %% 4 = 0 AND o.date BETWEEN %s AND %s
            ON CONFLICT DO NOTHING
            """,
            [after_id, FIRST, LAST],
        )
        cur.execute(
            """
            INSERT INTO inspections_finding (staff_id, section_id, item_id, occurred_at, place,
                description, source, status, auto_kind, rectify_deadline,
                rectification_feedback, dismiss_reason, created_at, updated_at)
            SELECT s.id, s.section_id, (%s::int[])[1 + s.id %% %s],
                   (%s::date + (s.id %% 30)::int)::timestamp AT TIME ZONE 'Asia/Shanghai'
                       + interval '10 hours',
                   '', '工作时间玩手机', 'group',
                   (ARRAY['confirmed', 'rectifying', 'closed', 'recorded'])[1 + s.id %% 4],
                   '', CASE WHEN s.id %% 4 IN (1, 2) THEN %s::date + (s.id %% 30)::int END,
                   '', '', now(),
                   (%s::date + (s.id %% 30)::int + (s.id %% 3)::int)::timestamp
            FROM office_staff s WHERE s.id > %s AND s.id %% 2 = 0
            """,
            [items, len(items), FIRST, FIRST, FIRST, after_id],
        )
        cur.execute(
            """
            INSERT INTO inspections_selfinspectionreport (campaign_id, staff_id, report, status,
                submitted_at, updated_at)
            SELECT %s, s.id, '已自查', 'submitted', now(), now()
            FROM office_staff s WHERE s.id > %s AND s.id %% 2 = 1
            """,
            [campaign_id, after_id],
        )
        cur.execute("ANALYZE")


def measure(clients: dict, label: str) -> tuple[float, int]:
    """Prints every endpoint for every client; returns the director's slowest median and the
    most queries of any."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from office.dashboard import CHARTS

    slowest, most = 0.0, 0
    for who, client in clients.items():
        for slug in sorted(CHARTS):
            url = reverse("chart_data", args=[slug]) + f"?month={MONTH}"
            times, queries = [], 0
            for _ in range(3):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (who, slug, response.status_code)
                queries = len(captured)
            bars = len(response.json()["categories"])
            ms = statistics.median(times)
            most = max(most, queries)
            if who == "director":
                slowest = max(slowest, ms)
            print(
                f"{label:>6} {who:<9} {slug:<22} {ms:7.1f} ms {queries:3d} queries {bars:4d} bars"
            )
    return slowest, most


def main() -> None:
    signal.signal(signal.SIGALRM, _watchdog)
    signal.alarm(290)
    admin_sql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    admin_sql(f'CREATE DATABASE "{DB_NAME}"')
    try:
        import django

        django.setup()
        from dataclasses import replace

        import time_machine
        from django.conf import settings
        from django.core.management import call_command
        from django.test import Client

        from inspections.models import SelfInspectionCampaign
        from office import config, roles
        from office.celery import app
        from office.demo import demo_unit
        from office.models import Staff
        from office.services import role_grant

        settings.DEBUG = False
        settings.ALLOWED_HOSTS = ["*"]
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        app.conf.task_always_eager = True
        option = config.OPTIONS["mfa_required_roles"]
        config.OPTIONS["mfa_required_roles"] = replace(option, default="")
        with time_machine.travel(NOW, tick=True):
            call_command("migrate", verbosity=0)
            started = time.perf_counter()
            close_day.add_staff(0, 1000, LAST)  # first: it makes its 600 sections when none
            org = pages_10k.small_office()
            leader = Staff.objects.create(
                user=type(org.admin).objects.create(username="9002"),
                staff_no="9002",
                name="市领导",
                section=org.leadership,
            )
            role_grant(staff=leader, role=roles.CITY_LEADER, acting_user=None)
            with time_machine.travel(dt.datetime(2026, 11, 5, 9, tzinfo=SHANGHAI)):
                campaign = SelfInspectionCampaign.objects.create(
                    unit=demo_unit(), title="自查自纠", deadline=LAST, created_by=org.admin
                )
            clients = {}
            for who, person in (("director", org.director), ("city", leader)):
                clients[who] = Client(raise_request_exception=False)
                clients[who].force_login(person.user)
            results = {}
            after = 0
            for start, count in ((0, 1000), (1000, 9000)):
                if start:
                    started = time.perf_counter()
                    after = Staff.objects.order_by("-pk").values_list("pk", flat=True).first()
                    close_day.add_staff(start, count, LAST)
                fill(after, campaign.pk)
                total = Staff.objects.count()
                print(f"built {count:,} more staff in {time.perf_counter() - started:.0f} s "
                      f"({total:,} in all)", flush=True)  # fmt: skip
                results[start + count] = measure(clients, f"{(start + count) // 1000}k")
    finally:
        from django.db import connections

        connections.close_all()
        admin_sql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    slowest = max(ms for ms, _ in results.values())
    print(f"slowest_ms={slowest:.0f} queries_1k={results[1000][1]} queries_10k={results[10000][1]}")


if __name__ == "__main__":
    main()
