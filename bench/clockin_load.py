"""Clock-in under load: gunicorn on PostgreSQL, 32 concurrent logged-in users tapping.

Creates and drops its own database on 127.0.0.1:5432, starts gunicorn with bench-only settings
(bench/bench_settings.py adds a bare view that inserts one row), and runs the load generator
(bench/clockin_client.py) in a separate process: first against the bare view, then against
the real clock-in. Last line: ``ratio=<ours/bare req/s> p99_ms=<ours>``.

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
SECONDS = 20
USERS_PER_RUN = 15000
WORKERS = 4

os.environ.update(
    DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
    DJANGO_SETTINGS_MODULE="bench.bench_settings",
    DJANGO_DEBUG="0",
    DATABASE_CONN_MAX_AGE="600",
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

    from office.models import Section, Staff

    section = Section.objects.create(name="压测科", order=99)
    users = User.objects.bulk_create(
        User(username=f"bench{i}", password="!unusable") for i in range(count)
    )
    Staff.objects.bulk_create(
        Staff(user=u, staff_no=f"B{i:06d}", name=f"压测{i}", section=section)
        for i, u in enumerate(users)
    )
    store = SessionStore()
    expire = timezone.now() + timezone.timedelta(days=1)
    sessions = []
    for user in users:
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
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


def run_load(port: int, path: str, keys: list[str]) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(keys, handle)
    client = ROOT / "bench" / "clockin_client.py"
    out = subprocess.run(
        [sys.executable, str(client), str(port), path, str(SECONDS), handle.name],
        capture_output=True,
        text=True,
        check=True,
    )
    os.unlink(handle.name)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    latencies = sorted(result["latencies"])
    count = len(latencies)
    return {
        "rps": count / result["seconds"],
        "p50": statistics.median(latencies),
        "p99": latencies[min(count - 1, int(count * 0.99))],
        "count": count,
        "errors": result["errors"],
    }


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
        keys = make_people(USERS_PER_RUN * 2)
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
        bare = run_load(port, "/bench/bare/", keys[:USERS_PER_RUN])
        ours = run_load(port, "/attendance/clock/", keys[USERS_PER_RUN:])
        for name, figures in (("bare insert", bare), ("clock-in", ours)):
            print(
                f"{name}: {figures['rps']:.1f} req/s, p50 {figures['p50']:.1f} ms, "
                f"p99 {figures['p99']:.1f} ms, {figures['count']} requests, "
                f"{figures['errors']} errors"
            )
        from attendance.models import ClockRecord

        print(f"clock records written: {ClockRecord.objects.count()}")
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
