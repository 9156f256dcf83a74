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
    """A real Celery worker on the test database and the configured broker, on its own queue
    (tests/worker.py). Yields the queue name to send to."""
    from office.celery import app
    from tests.worker import worker_queue, worker_start, worker_stop

    queue = worker_queue()
    worker = worker_start(queue)
    app.conf.task_always_eager = False
    try:
        yield queue
    finally:
        app.conf.task_always_eager = True
        worker_stop(worker)
