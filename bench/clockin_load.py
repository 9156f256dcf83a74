"""Clock-in under load: gunicorn on PostgreSQL, 32 concurrent logged-in users tapping.

Creates and drops its own database on 127.0.0.1:5432, uses Redis db 13 at 127.0.0.1:6379 as the
shared cache (as production does; ``BENCH_REDIS_URL`` names another db when 13 is taken), starts gunicorn with bench-only settings
(bench/bench_settings.py adds a bare view that inserts one row), and runs the load generator
(bench/clockin_client.py) in a separate process, in rounds that alternate the bare view and
the real clock-in. Beside each clock-in run bench/pending_flusher.py counts the taps into their
stored days every second, on the same cores; afterwards every tap must have its stored day.
The saturated runs give the ratio and p99 of the last line; a last clock-in run at a steady
100 taps/s shows what people at the door wait during a realistic rush.
Last line: ``ratio=<ours/bare req/s> p99_ms=<ours>``.

Run: .venv/bin/python bench/clockin_load.py
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = f"bench_clockin_{os.getpid()}"
ROUNDS = 3
SECONDS = 8
USERS_PER_RUN = 6000
WORKERS = 4
# The rush at a steady rate: 10,000 people all clocking in within two minutes is ~83 a second.
RUSH_RATE = 100

os.environ.update(
    DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
    DJANGO_SETTINGS_MODULE="bench.bench_settings",
    DJANGO_DEBUG="0",
    DATABASE_CONN_MAX_AGE="600",
    CACHE_REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
    LOG_LEVEL="WARNING",
)
sys.path.insert(0, str(ROOT))


def admin_sql(sql: str) -> None:
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as c:
        c.execute(sql)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_people(count: int) -> list[str]:
    """Users, staff and ready session keys (bulk, no password hashing)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from office.demo import bench_units
    from office.models import Section, Staff

    sections = Section.objects.bulk_create(
        Section(name=f"压测科{i + 1}", order=99 + i, unit=unit)
        for i, unit in enumerate(bench_units())
    )
    users = User.objects.bulk_create(
        User(username=f"bench{i}", password="!unusable") for i in range(count)
    )
    Staff.objects.bulk_create(
        Staff(user=u, staff_no=f"B{i:06d}", name=f"压测{i}", section=sections[i % len(sections)])
        for i, u in enumerate(users)
    )
    store = SessionStore()
    expire = timezone.now() + timezone.timedelta(days=1)
    sessions = []
    for user in users:
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "office.auth.StaffBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
            # A returning user: the MFA requirement was checked at their first page.
            "office_mfa_checked": True,
        }
        sessions.append(
            Session(
                session_key=get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789"),
                session_data=store.encode(data),
                expire_date=expire,
            )
        )
    Session.objects.bulk_create(sessions, batch_size=2000)
    return [s.session_key for s in sessions]


def run_load(port: int, path: str, keys: list[str], rate: float | None = None) -> dict:
    """One run of the load generator: its latencies (ms), errors and wall seconds."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(keys, handle)
    client = ROOT / "bench" / "clockin_client.py"
    out = subprocess.run(
        [sys.executable, str(client), str(port), path, str(SECONDS), handle.name]
        + ([str(rate)] if rate else []),
        capture_output=True,
        text=True,
        check=True,
    )
    os.unlink(handle.name)
    return json.loads(out.stdout.strip().splitlines()[-1])


def figures(runs: list[dict]) -> dict:
    """All runs of one kind together: requests over the seconds they took, one percentile list."""
    latencies = sorted(ms for run in runs for ms in run["latencies"])
    count = len(latencies)
    return {
        "rps": count / sum(run["seconds"] for run in runs),
        "p50": statistics.median(latencies),
        "p99": latencies[min(count - 1, int(count * 0.99))],
        "count": count,
        "errors": sum(run["errors"] for run in runs),
    }


def tap_run(port: int, keys: list[str], totals: dict, rate: float | None = None) -> dict:
    """A clock-in run with the background refresh working beside it (bench/pending_flusher.py);
    what it left pending is counted after the run, outside the timing, and reported."""
    from attendance.services import pending_days_refresh

    flusher = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "pending_flusher.py")],
        stdout=subprocess.PIPE,
        text=True,
    )
    run = run_load(port, "/attendance/clock/", keys, rate)
    flusher.terminate()
    done = json.loads(flusher.communicate(timeout=60)[0].strip().splitlines()[-1])
    for key in ("runs", "written", "seconds"):
        totals[key] += done[key]
    started = time.perf_counter()
    totals["leftover"] += pending_days_refresh(acting_user=None)
    totals["leftover_seconds"] += time.perf_counter() - started
    return run


def wait_for(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def main() -> None:
    admin_sql(f'CREATE DATABASE "{DB_NAME}"')
    server = None
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TABLE bench_bare (id serial PRIMARY KEY, user_id int, at timestamptz)"
            )
        # What an earlier run cached from its own database is not served to this one: migrate
        # set a new generation of the reference data (office.refdata).
        keys = make_people(USERS_PER_RUN * (ROUNDS * 2 + 1))
        connection.close()
        port = free_port()
        server = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "office.wsgi:application",
                f"--bind=127.0.0.1:{port}",
                f"--workers={WORKERS}",
                "--log-level=warning",
            ],
            cwd=ROOT,
        )
        wait_for(port)
        # Rounds alternate which goes first, so drift in the machine's load hits both alike.
        runs: dict[str, list[dict]] = {"bare": [], "ours": []}
        totals = dict.fromkeys(("runs", "written", "seconds", "leftover", "leftover_seconds"), 0)
        for number in range(ROUNDS):
            bare_keys = keys[number * USERS_PER_RUN : (number + 1) * USERS_PER_RUN]
            tap_keys = keys[
                (ROUNDS + number) * USERS_PER_RUN : (ROUNDS + number + 1) * USERS_PER_RUN
            ]
            order = ("bare", "ours") if number % 2 == 0 else ("ours", "bare")
            for kind in order:
                if kind == "bare":
                    runs[kind].append(run_load(port, "/bench/bare/", bare_keys))
                else:
                    runs[kind].append(tap_run(port, tap_keys, totals))
        bare, ours = figures(runs["bare"]), figures(runs["ours"])
        for name, result in (("bare insert", bare), ("clock-in", ours)):
            print(
                f"{name}: {result['rps']:.1f} req/s, p50 {result['p50']:.1f} ms, "
                f"p99 {result['p99']:.1f} ms, {result['count']} requests, "
                f"{result['errors']} errors ({ROUNDS} runs of {SECONDS} s)"
            )
        rush = figures([tap_run(port, keys[-USERS_PER_RUN:], totals, RUSH_RATE)])
        print(
            f"clock-in at a steady {RUSH_RATE} taps/s (the 08:30 rush of a 10,000-person "
            f"office): p50 {rush['p50']:.1f} ms, p99 {rush['p99']:.1f} ms, "
            f"{rush['count']} requests, {rush['errors']} errors"
        )
        from attendance.models import AttendanceDay, ClockRecord

        print(
            f"background refresh beside the taps: {totals['runs']} runs, "
            f"{totals['written']} days stored, {totals['seconds']:.2f} s busy; left for after "
            f"the runs: {totals['leftover']} days in {totals['leftover_seconds']:.2f} s"
        )
        records, days = ClockRecord.objects.count(), AttendanceDay.objects.count()
        print(f"clock records written: {records}, stored days: {days}")
        if days != records:
            raise SystemExit("每次打卡都应有当日状态记录")
        connection.close()
        print(f"ratio={ours['rps'] / bare['rps']:.2f} p99_ms={ours['p99']:.1f}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        from django.db import connections

        connections.close_all()
        admin_sql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


if __name__ == "__main__":
    main()
