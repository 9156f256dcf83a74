"""A real Celery worker process for the tests marked ``celery_worker`` (the services pass of
.ci/run): on the test database and the configured broker, consuming one queue of its own."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def worker_queue() -> str:
    """A fresh queue name for this test; skips unless a broker and PostgreSQL are configured
    (a worker process cannot see SQLite's in-memory test database)."""
    from django.db import connection

    if not os.environ.get("CELERY_BROKER_URL") or connection.vendor != "postgresql":
        pytest.skip("需要 CELERY_BROKER_URL 和 PostgreSQL 才能启动真实的 Celery worker")
    return f"test-{uuid.uuid4().hex[:8]}"


def worker_start(queue: str, **env: str) -> subprocess.Popen:
    """Start a worker on ``queue`` against the test database (``env``: more variables)."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    python = ROOT / ".venv" / "bin" / "python"
    return subprocess.Popen(  # noqa: S603 - a fixed command line, no user input
        [
            str(python if python.exists() else sys.executable),
            "-m",
            "celery",
            "-A",
            "office",
            "worker",
            "-P",
            "solo",
            "-c",
            "1",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "-Q",
            queue,
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL", ""),
            **env,
        },
    )


def worker_stop(worker: subprocess.Popen) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait(timeout=10)
