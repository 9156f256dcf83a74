import datetime as dt

import pytest
import time_machine

from inspections.dates import SHANGHAI
from tests.images import tiny_image

# Monday 2026-11-23 09:00 in Shanghai: the compile of ISO week 2026-W47 (16–22 November).
MONDAY_MORNING = dt.datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The org fixture sets ten passwords per test; a fast hasher keeps this folder quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def checklist(transactional_db):
    """The shipped checklist for transactional tests: another transactional test may have
    flushed the migration data, so load it again the way the data migration does."""
    import importlib

    from django.apps import apps

    importlib.import_module("inspections.migrations.0002_checklist").load_checklist(apps, None)


@pytest.fixture
def monday():
    with time_machine.travel(MONDAY_MORNING, tick=False):
        yield MONDAY_MORNING


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# Real (1×1) images of each kind the evidence upload accepts: magic bytes are checked, and
# Pillow must be able to open them.
PNG = tiny_image("PNG")
JPEG = tiny_image("JPEG")
WEBP = tiny_image("WEBP")


def upload(name: str, content: bytes, content_type: str = "image/png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def person_finding(org, media):
    """A recorded finding about 刘职员 (综合科) with one photo."""
    from inspections.models import Item
    from inspections.services.findings import finding_record

    return finding_record(
        staff=org.staff,
        item=Item.objects.get(code="1-02"),
        occurred_at=dt.datetime(2026, 11, 17, 10, tzinfo=SHANGHAI),
        place="二楼走廊",
        description="上班时间离岗外出办私事",
        photos=[upload("p.png", PNG)],
        acting_user=org.inspector.user,
    )


@pytest.fixture
def section_finding(org, media):
    """A recorded finding about 综合科 as a section (no person)."""
    from inspections.models import Item
    from inspections.services.findings import finding_record

    return finding_record(
        section=org.section,
        item=Item.objects.get(code="3-02"),
        occurred_at=dt.datetime(2026, 11, 17, 18, tzinfo=SHANGHAI),
        description="下班后办公室灯和电脑未关",
        photos=[upload("s.jpg", JPEG, "image/jpeg")],
        acting_user=org.inspector.user,
    )


@pytest.fixture
def celery_worker_process(transactional_db):
    """A real Celery worker on the test database and the configured broker, on its own queue.

    Runs only when CELERY_BROKER_URL is set and the tests use PostgreSQL (a worker process
    cannot see SQLite's in-memory test database). Yields the queue name to send to.
    """
    import os
    import subprocess
    import sys
    import uuid
    from pathlib import Path

    from django.conf import settings
    from django.db import connection

    broker = os.environ.get("CELERY_BROKER_URL")
    if not broker or connection.vendor != "postgresql":
        pytest.skip("需要 CELERY_BROKER_URL 和 PostgreSQL 才能启动真实的 Celery worker")
    db = settings.DATABASES["default"]
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    queue = f"inspections-test-{uuid.uuid4().hex[:8]}"
    root = Path(__file__).resolve().parents[2]
    python = root / ".venv" / "bin" / "python"
    worker = subprocess.Popen(  # noqa: S603 - a fixed command line, no user input
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
        cwd=root,
        env={**os.environ, "DATABASE_URL": database_url, "CELERY_BROKER_URL": broker},
    )
    from office.celery import app

    app.conf.task_always_eager = False
    try:
        yield queue
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=10)
