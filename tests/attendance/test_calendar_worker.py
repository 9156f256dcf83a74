"""The recompute after a calendar change, through a real worker and Redis (the services pass of
.ci/run): the change commits, the job waits in the broker, the worker runs it to done."""

import time

import pytest
from django.db import transaction
from django.utils import timezone

from attendance.models import AttendanceDay, DayStatus
from attendance.services.calendar import calendar_day_set
from attendance.services.status import day_status_refresh_everyone
from office.calendar import is_working_day
from office.models import Job
from tests.worker import worker_queue, worker_start, worker_stop


@pytest.fixture
def worker_queue_default(transactional_db):
    """Tasks go to the broker on a queue of this test's own, which a real worker consumes."""
    from office.celery import app

    queue = worker_queue()
    default = app.conf.task_default_queue
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    worker = worker_start(queue)
    try:
        yield queue
    finally:
        app.conf.task_default_queue = default
        app.conf.task_always_eager = True
        worker_stop(worker)


def wait_for(condition, seconds=60):  # noqa: ANN001, ANN201 - a test helper
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.5)
    return condition()


@pytest.mark.celery_worker
def test_the_recompute_after_a_calendar_change_runs_in_a_real_worker(worker_queue_default, org):
    today = timezone.localdate()
    day_status_refresh_everyone(start=today, end=today, acting_user=None)
    working = is_working_day(today)
    with transaction.atomic():
        job = calendar_day_set(
            day=today,
            kind="holiday" if working else "workday",
            name="测试",
            acting_user=org.personnel.user,
        )
    assert job is not None

    def finished() -> bool:
        job.refresh_from_db()
        return not job.is_active

    assert wait_for(finished), "60 秒内 worker 没有完成重新计算"
    assert (job.status, job.done, job.total) == (Job.Status.DONE, 9, 9)
    stored = set(AttendanceDay.objects.filter(date=today).values_list("am_status", flat=True))
    assert (stored == {DayStatus.REST}) if working else (DayStatus.REST not in stored)
    assert not AttendanceDay.history.filter(date=today).exclude(history_user=None).exists()
