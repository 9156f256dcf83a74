"""Every page and download each role reaches, timed on a city-sized office (issue 19).

Creates its own PostgreSQL database on 127.0.0.1:5432 (``pages_bench``), builds the small
office of the tests (``tests/conftest.py``'s people and one of every object the permission
matrix names), then adds 300 sections with 10,000 staff, their clocks and stored days from
the first of last month up to today (last month's grid is a whole month), leave requests,
findings and notifications. It then logs in as the director, 政工科, 督导小组, a chief, a
staff member and the admin (Django's test Client, DEBUG off) and GETs every URL whose row in
``tests/test_permission_matrix.py`` says 200 for that role, three times each. Per page:
median ms, KB, queries. Last line:
``slowest_ms=<ms> largest_kb=<kb> queries_max=<n>`` (targets: under 300, 300 and 30).
A watchdog stops it after 9 minutes; the database is dropped at the end either way.

Run: .venv/bin/python bench/pages_10k.py (about 75 s; ~33 s of it builds the data).
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
# Another name lets two checkouts run the bench side by side without dropping each other's data.
DB_NAME = os.environ.get("PAGES_BENCH_DB", "pages_bench")
SECTIONS = 300
STAFF = 10_000
os.environ.update(
    DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
    DJANGO_SETTINGS_MODULE="office.settings",
    DJANGO_DEBUG="0",
    LOG_LEVEL="ERROR",
)
os.environ.pop("CACHE_REDIS_URL", None)  # in-process cache: touches nobody's Redis
os.environ.pop("CELERY_BROKER_URL", None)  # tasks run in-process
sys.path.insert(0, str(ROOT))

ROLES = ("staff", "chief", "director", "personnel", "inspector", "admin")


def admin_sql(sql: str) -> None:
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as c:
        c.execute(sql)


def _watchdog(_signum: int, _frame: object) -> None:
    print("超过 9 分钟，基准测试中止。", flush=True)
    admin_sql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    os._exit(2)


def small_office():  # noqa: ANN201 (tests.conftest.Org)
    """The people of ``tests/conftest.py``'s ``org`` fixture (same names, same roles)."""
    from office import roles
    from office.services import role_grant, section_set_leaders
    from tests.conftest import Org
    from tests.factories import SectionFactory, StaffFactory, UserFactory

    leadership = SectionFactory(name="主任室", order=0)
    section = SectionFactory(name="综合科", order=1)
    other_section = SectionFactory(name="行政科", order=2)
    personnel_section = SectionFactory(name="政工科", order=3)
    people = {
        "director": StaffFactory(name="王主任", section=leadership, position="主任"),
        "deputy": StaffFactory(name="李副主任", section=leadership, position="副主任"),
        "other_deputy": StaffFactory(name="赵副主任", section=leadership, position="副主任"),
        "chief": StaffFactory(name="张科长", section=section, position="科长"),
        "staff": StaffFactory(name="刘职员", section=section),
        "other_chief": StaffFactory(name="陈科长", section=other_section, position="科长"),
        "other_staff": StaffFactory(name="杨职员", section=other_section),
        "personnel": StaffFactory(name="周政工", section=personnel_section),
        "inspector": StaffFactory(name="吴督导", section=other_section),
    }
    role_grant(staff=people["director"], role=roles.DIRECTOR, acting_user=None)
    role_grant(staff=people["personnel"], role=roles.PERSONNEL, acting_user=None)
    role_grant(staff=people["inspector"], role=roles.INSPECTOR, acting_user=None)
    section_set_leaders(section=leadership, chief=people["director"], deputy=None, acting_user=None)
    section_set_leaders(
        section=section, chief=people["chief"], deputy=people["deputy"], acting_user=None
    )
    section_set_leaders(
        section=other_section,
        chief=people["other_chief"],
        deputy=people["other_deputy"],
        acting_user=None,
    )
    section_set_leaders(
        section=personnel_section,
        chief=people["personnel"],
        deputy=people["other_deputy"],
        acting_user=None,
    )
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    return Org(
        section=section,
        other_section=other_section,
        leadership=leadership,
        personnel_section=personnel_section,
        admin=admin,
        **people,
    )


def city(now: dt.datetime) -> dict[str, int]:
    """300 sections, 10,000 staff, clocks and stored days from the first of last month up to
    ``now``'s date (so last month's grid is a whole month, whatever day the bench runs)."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from office.demo import bench_units
    from office.models import Section, Staff

    units = bench_units()  # the sections go round the 30 units
    sections = Section.objects.bulk_create(
        Section(name=f"第{i + 1}科", order=10 + i, unit=units[i % len(units)])
        for i in range(SECTIONS)
    )
    users = get_user_model().objects.bulk_create(
        (get_user_model()(username=f"C{i:06d}", password="!") for i in range(STAFF)),
        batch_size=2000,
    )
    Staff.objects.bulk_create(
        (
            Staff(user=u, staff_no=u.username, name=f"职工{i}", section=sections[i % SECTIONS])
            for i, u in enumerate(users)
        ),
        batch_size=2000,
    )
    today = now.date()
    first = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    with connection.cursor() as cur:
        # Four taps a working day for everyone (weekends off), the days before today stored.
        cur.execute(
            """
            INSERT INTO attendance_clockrecord
                (staff_id, date, point, at, user_agent, source, recorded_at)
            SELECT s.id, d::date, p.point,
                   (d::date + p.t + make_interval(mins => (s.id %% 20)::int))::timestamp
                       AT TIME ZONE 'Asia/Shanghai',
                   '', 'clock', now()
            FROM office_staff s
            CROSS JOIN generate_series(%s::date, %s::date, '1 day') d
            CROSS JOIN (VALUES ('am_in', time '08:10'), ('am_out', time '12:00'),
                               ('pm_in', time '14:00'), ('pm_out', time '17:40')) p(point, t)
            WHERE s.staff_no LIKE 'C%%' AND extract(isodow FROM d) < 6
              AND (d::date < %s OR p.point = 'am_in')
            """,
            [first, today, today],
        )
        clocks = cur.rowcount
        cur.execute(
            """
            INSERT INTO attendance_attendanceday (staff_id, date, am_status, pm_status,
                late_minutes, early_minutes, labels, computed_at, is_final)
            SELECT s.id, d::date, CASE WHEN s.id %% 37 = 0 THEN 'late' ELSE 'normal' END,
                   'normal', 0, 0, '', now(), true
            FROM office_staff s
            CROSS JOIN generate_series(%s::date, %s::date, '1 day') d
            WHERE s.staff_no LIKE 'C%%' AND extract(isodow FROM d) < 6
            """,
            [first, today - dt.timedelta(days=1)],
        )
        days = cur.rowcount
    return {"clocks": clocks, "days": days}


def requests_and_findings(now: dt.datetime) -> dict[str, int]:
    """Leave requests (approved, some covering today), findings and notifications."""
    from inspections.models import Finding, Item
    from leave.models import LeaveRequest, LeaveType
    from office.approvals.models import ApprovalStatus
    from office.models import Notification, Staff

    city_staff = list(
        Staff.objects.filter(staff_no__startswith="C").values_list("pk", "section_id", "user_id")
    )
    annual = LeaveType.objects.get(code="annual")
    today = now.date()
    leaves = [
        LeaveRequest(
            applicant_id=pk,
            leave_type=annual,
            start_date=today - dt.timedelta(days=n % 20),
            end_date=today - dt.timedelta(days=n % 20) + dt.timedelta(days=n % 3),
            days=1 + n % 3,
            reason="年休假",
            status=ApprovalStatus.APPROVED,
        )
        for n, (pk, _, _) in enumerate(city_staff[::5])
    ]
    LeaveRequest.objects.bulk_create(leaves, batch_size=2000)
    items = list(Item.objects.values_list("pk", flat=True))
    findings = [
        Finding(
            staff_id=pk,
            section_id=section_id,
            item_id=items[n % len(items)],
            occurred_at=now - dt.timedelta(days=n % 30, hours=n % 5),
            description="工作时间玩手机",
            status=Finding.Status.CONFIRMED,
        )
        for n, (pk, section_id, _) in enumerate(city_staff[::2])
    ]
    Finding.objects.bulk_create(findings, batch_size=2000)
    notes = [
        Notification(recipient_id=user_id, title="请假已批准", url="/leave/")
        for _, _, user_id in city_staff
        for _ in range(5)
    ]
    Notification.objects.bulk_create(notes, batch_size=5000)
    return {"leave": len(leaves), "findings": len(findings), "notifications": len(notes)}


def pages(role: str) -> list[tuple[str, str]]:
    """(name, URL) of every page the matrix gives ``role`` a 200 for."""
    from django.urls import reverse

    from tests.test_permission_matrix import MATRIX, OBJECTS
    from tests.test_permission_matrix import ROLES as COLUMNS

    column = COLUMNS.index(role)
    return [
        (name, reverse(name, kwargs=OBJECTS[name](OFFICE) if name in OBJECTS else None))
        for name, row in MATRIX.items()
        if row.split()[column] == "200"
    ]


def extra_pages(role: str) -> list[tuple[str, str]]:
    """Pages the matrix names only once but whose size grows with the office: the
    notice's .docx, a picker's search, the board with a section open, the last page of the
    all-sections grid and the admin's lists."""
    from django.urls import reverse

    out = []
    if role in ("inspector", "admin"):
        url = reverse("inspections:notice_download", kwargs={"pk": OFFICE.notice.pk, "fmt": "docx"})
        out.append(("notice_download.docx", url))
    if role in ("chief", "personnel"):
        search = reverse("office:staff_search")
        out.append(("staff picker ?q=职工1 (1,111 match)", f"{search}?q=%E8%81%8C%E5%B7%A51"))
    if role in ("director", "personnel", "inspector"):
        board = reverse("attendance:board")
        out.append(("board, one section opened", f"{board}?section={OFFICE.org.section.pk}"))
    if role in ("director", "admin"):
        grid = reverse("attendance:all_sections")
        from django.utils import timezone

        last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
        out.append(("all_sections last page", f"{grid}?page=9999"))
        out.append(("all_sections last month, last page", f"{grid}?month={last_month}&page=9999"))
    if role == "admin":
        sheet = reverse("inspections:campaign_completion_xlsx", args=[CITY_CAMPAIGN.pk])
        # 10,000 rows: the GET offers the background job (a POST starts it, 报表导出 keeps it).
        out.append(("completion .xlsx, city campaign (10,000)", sheet))
        clocks = reverse("admin:attendance_clockrecord_changelist")
        out += [
            ("admin clock records", clocks),
            ("admin clock records ?p=deep", f"{clocks}?p=6000"),
            ("admin clock records ?q=", f"{clocks}?q=%E8%81%8C%E5%B7%A5123"),
            ("admin attendance days", reverse("admin:attendance_attendanceday_changelist")),
            ("admin notifications", reverse("admin:office_notification_changelist")),
            ("admin staff", reverse("admin:office_staff_changelist")),
        ]
    return out


def measure(client, url: str) -> tuple[float, float, int, int]:  # noqa: ANN001
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, size, queries, status = [], 0, 0, 0
    for _ in range(3):
        # The log keeps the last 9,000 queries: once full, a count by its length reads 0.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            body = b"".join(response) if response.streaming else response.content
            times.append((time.perf_counter() - started) * 1000)
        size, queries, status = len(body), len(captured.captured_queries), response.status_code
    return statistics.median(times), size / 1024, queries, status


OFFICE = None
# A city-wide self-inspection (unit none): its completion sheet lists all 10,000 people.
CITY_CAMPAIGN = None


def main() -> None:
    global OFFICE, CITY_CAMPAIGN
    signal.signal(signal.SIGALRM, _watchdog)
    signal.alarm(540)
    admin_sql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    admin_sql(f'CREATE DATABASE "{DB_NAME}"')
    try:
        import django

        django.setup()
        import time_machine
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from office.celery import app
        from tests.test_permission_matrix import NOW, office_objects

        settings.DEBUG = False
        settings.ALLOWED_HOSTS = ["*"]
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        app.conf.task_always_eager = True
        # As in the tests: 政工科 and the admin sign in without setting up TOTP first.
        from dataclasses import replace

        from office import config

        option = config.OPTIONS["mfa_required_roles"]
        config.OPTIONS["mfa_required_roles"] = replace(option, default="")
        with time_machine.travel(NOW, tick=True):
            started = time.perf_counter()
            call_command("migrate", verbosity=0)
            org = small_office()
            # The city first, so that week 47's notice is compiled over its findings.
            built = city(NOW) | requests_and_findings(NOW)
            OFFICE = office_objects(org)
            from inspections.models import SelfInspectionCampaign

            CITY_CAMPAIGN = SelfInspectionCampaign.objects.create(
                unit=None, title="全市自查自纠", deadline=NOW.date(), created_by=org.admin
            )
            with connection.cursor() as cur:
                cur.execute("ANALYZE")
            print(
                f"built in {time.perf_counter() - started:.0f} s: {SECTIONS} sections, "
                f"{STAFF} staff, " + ", ".join(f"{v:,} {k}" for k, v in built.items()),
                flush=True,
            )
            rows = []
            for role in ROLES:
                person = getattr(org, role)
                client = Client(raise_request_exception=False)
                client.force_login(getattr(person, "user", person))
                for name, url in pages(role) + extra_pages(role):
                    ms, kb, queries, status = measure(client, url)
                    rows.append((ms, kb, queries))
                    flag = "" if status == 200 else f"  HTTP {status}"
                    print(
                        f"{role:9} {name:42} {ms:7.0f} ms {kb:7.0f} KB {queries:3} q{flag}",
                        flush=True,
                    )
        print(
            f"slowest_ms={max(r[0] for r in rows):.0f} largest_kb={max(r[1] for r in rows):.0f} "
            f"queries_max={max(r[2] for r in rows)}"
        )
    finally:
        from django.db import connections

        connections.close_all()
        admin_sql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


if __name__ == "__main__":
    main()
