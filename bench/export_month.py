"""考勤月报 for a city of 10,000 staff: our export against the floor (issue 12).

Builds its own SQLite database in a temporary directory: 600 sections over 30 units, 10,000
staff with every working day of November 2026 stored (22 days: about 220,000 person-days, a
few late, early, absent or on leave). Then, as a 市级领导 (every section: a 全部 sheet and one
sheet per section), it times our export (``office.reports.export_build``, the code the page and
the job run) and, in the same run, the floor: the same number of cells of the same kinds
written straight with XlsxWriter in constant_memory mode, from rows already in memory, with no
formats. For the choice of writer it also times openpyxl's write-only mode on the same cells.
Peak memory is the process's peak resident size during the timed run (the high-water mark
reset before it), Django and the interpreter included. Queries are counted for 1,000 and for 10,000 staff.

Last line: ``ratio=<ours/floor seconds> peak_mb=<ours> queries_1k=<n> queries_10k=<n>``
(targets: ratio ≤ 2, peak under 300 MB, the two counts equal).

Run: .venv/bin/python bench/export_month.py (no arguments; stops itself after 5 minutes).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.mkdtemp(prefix="export_month_"))
os.environ.update(
    DATABASE_URL=f"sqlite:///{WORK / 'bench.sqlite3'}",
    DJANGO_SETTINGS_MODULE="bench.bench_settings",
    DJANGO_DEBUG="0",
    LOG_LEVEL="WARNING",
)
os.environ.pop("CACHE_REDIS_URL", None)  # in-process cache: touches nobody's Redis
os.environ.pop("CELERY_BROKER_URL", None)
sys.path.insert(0, str(ROOT))

FIRST, LAST = dt.date(2026, 11, 1), dt.date(2026, 11, 30)
SECTIONS_PER_UNIT = 20


def add_staff(start: int, count: int) -> None:
    """``count`` more staff over the sections, with every working day of November stored."""
    from django.contrib.auth.models import User
    from django.db import connection
    from django.utils import timezone

    from attendance.models import DayStatus
    from office import calendar
    from office.demo import bench_units
    from office.models import Section, Staff

    units = bench_units()
    sections = list(Section.objects.all()) or Section.objects.bulk_create(
        Section(name=f"第{i}科", order=i, unit=units[i % len(units)])
        for i in range(SECTIONS_PER_UNIT * len(units))
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
    days = calendar.working_days(FIRST, LAST)
    rng = random.Random(start)
    now = timezone.now()
    statuses = [DayStatus.NORMAL] * 40 + [DayStatus.LATE, DayStatus.EARLY, DayStatus.ABSENT]
    rows = []
    for person in people:
        for day in days:
            am, pm, labels = rng.choice(statuses), rng.choice(statuses), ""
            if rng.random() < 0.03:
                am = pm = DayStatus.LEAVE
                labels = rng.choice(["事假", "病假", "年休假"])
            rows.append((person.pk, day, am, pm, 0, 0, labels, now, True))
    # Plain INSERTs: 210,000 model instances would take most of the run to build.
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO attendance_attendanceday (staff_id, date, am_status, pm_status,"
            " late_minutes, early_minutes, labels, computed_at, is_final)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            rows,
        )


def viewer():  # noqa: ANN201 - an office.org.Viewer
    from office import roles
    from office.org import Viewer

    return Viewer(user_id=None, staff=None, groups=frozenset({roles.CITY_LEADER}))


def ours(out_path: Path) -> tuple[float, int]:
    """Seconds and queries of our export, written to a file as the job writes it."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from office.reports import Params, export_build

    cache.clear()  # settings and calendar read as a cold job reads them
    with out_path.open("wb") as out, CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        export_build("attendance_month", viewer=viewer(), params=Params(FIRST, LAST), out=out)
        seconds = time.perf_counter() - started
    return seconds, len(captured.captured_queries)


def reset_peak() -> bool:
    """Reset the process's peak resident size (Linux: /proc/self/clear_refs), so that the
    data built before the export does not count in it."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def peak_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024


def shape(path: Path) -> tuple[int, int, int, int]:
    """(rows of data, their columns, of which text, cells) of the workbook we wrote: the floor
    writes as many."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    rows = text = cells = width = 0
    for ws in book.worksheets:
        for row in ws.iter_rows(min_row=4, values_only=True):
            if row and isinstance(row[-1], int | float) and row[0]:
                rows += 1
                width = max(width, len(row))
                cells += len(row)
                text = max(text, sum(isinstance(v, str) for v in row))
    return rows, width, text, cells


def sample_rows(rows: int, width: int, text: int) -> list[list]:
    marks = ["✓", "✓", "✓", "迟✓", "✓早", "旷", "事", None]
    rng = random.Random(0)
    return [
        [rng.choice(marks) or "✓" for _ in range(text)]
        + [rng.randint(0, 22) for _ in range(width - text)]
        for _ in range(rows)
    ]


def floor_xlsxwriter(rows: list[list], path: Path) -> float:
    import xlsxwriter

    started = time.perf_counter()
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = book.add_worksheet()
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if isinstance(value, str):
                ws.write_string(r, c, value)
            else:
                ws.write_number(r, c, value)
    book.close()
    return time.perf_counter() - started


def openpyxl_write_only(rows: list[list], path: Path) -> float:
    from openpyxl import Workbook

    started = time.perf_counter()
    book = Workbook(write_only=True)
    ws = book.create_sheet()
    for values in rows:
        ws.append(values)
    book.save(path)
    return time.perf_counter() - started


def say(text: str) -> None:
    print(f"[{time.monotonic() - STARTED:5.0f} s] {text}", flush=True)


STARTED = time.monotonic()


def main() -> None:
    signal.signal(signal.SIGALRM, lambda *_: sys.exit("5 分钟内未完成，已停止"))
    # Five minutes on an idle machine is ample; a shared, loaded one may be given longer.
    signal.alarm(int(os.environ.get("EXPORT_BENCH_TIMEOUT", "300")))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    say("database migrated")
    out = WORK / "ours.xlsx"
    add_staff(0, 1000)
    _, queries_1k = ours(out)
    say(f"1,000 staff: {queries_1k} queries")
    add_staff(1000, 9000)
    from attendance.models import AttendanceDay

    say(f"person-days stored: {AttendanceDay.objects.count():,}")
    if reset_peak():
        seconds, queries_10k = ours(out)
        peak = peak_mb()
    else:  # no /proc: Python's allocations under tracemalloc, in a second, slower run
        seconds, queries_10k = ours(out)
        tracemalloc.start()
        ours(out)
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
    rows, width, text, cells = shape(out)
    say(
        f"ours (10,000 staff): {seconds:.2f} s, {rows:,} rows ({rows / seconds:,.0f} rows/s), "
        f"{cells:,} cells, {out.stat().st_size / 1e6:.1f} MB, {queries_10k} queries"
    )
    data = sample_rows(rows, width, text)
    floor = floor_xlsxwriter(data, WORK / "floor.xlsx")
    say(f"floor, XlsxWriter constant_memory, same cells: {floor:.2f} s")
    write_only = openpyxl_write_only(data, WORK / "openpyxl.xlsx")
    print(
        f"openpyxl write-only, same cells: {write_only:.2f} s ({write_only / floor:.2f}× the floor)"
    )
    say(f"peak resident memory during ours: {peak:.0f} MB")
    print(
        f"ratio={seconds / floor:.2f} peak_mb={peak:.0f} queries_1k={queries_1k} "
        f"queries_10k={queries_10k}"
    )


if __name__ == "__main__":
    try:
        main()
    finally:
        for path in sorted(WORK.glob("*"), reverse=True):
            path.unlink()
        WORK.rmdir()
