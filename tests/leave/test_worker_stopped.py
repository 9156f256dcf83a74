"""Fault: the broker is up but no Celery worker runs (crashed, being deployed). The 08:30 tap,
a leave request and its approval still answer at once; what they queue (the notifications, and
the minute job that counts taps into stored days, as beat sends it) waits in the broker and is
done when a worker starts. The services pass of .ci/run (PostgreSQL, Redis)."""

import time

import pytest
from django.urls import reverse
from django.utils import timezone

from attendance.models import AttendanceDay, ClockRecord
from attendance.tasks import refresh_pending_days
from leave.models import LeaveRequest
from office.approvals.models import ApprovalStatus
from office.approvals.selectors import trail
from office.calendar import add_working_days
from office.config import setting_set
from office.models import Notification
from tests.conftest import login
from tests.worker import worker_queue, worker_start, worker_stop

# Each answer is one or two inserts and a push to Redis; a stopped worker must not add a wait.
FAST_SECONDS = 5


@pytest.fixture
def web_queue(transactional_db):
    """Tasks go to the broker (not in-process) on a queue no worker listens to yet."""
    from office.celery import app

    queue = worker_queue()
    default = app.conf.task_default_queue
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    try:
        yield queue
    finally:
        app.conf.task_default_queue = default
        app.conf.task_always_eager = True


def waiting_in(queue: str) -> int:
    from office.celery import app

    with app.connection_for_write() as connection:
        return connection.default_channel.client.llen(queue)


def timed(call):  # noqa: ANN001, ANN201 - a test helper
    started = time.monotonic()
    response = call()
    assert time.monotonic() - started < FAST_SECONDS
    return response


def wait_for(condition, seconds=60):  # noqa: ANN001, ANN201 - a test helper
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.5)
    return condition()


@pytest.mark.celery_worker
def test_requests_work_with_the_worker_stopped_and_its_jobs_run_when_it_starts(
    web_queue, org, types
):
    # The test runs at the real time of day, whatever it is; the earliest-tap rule is not what
    # is tested here.
    setting_set(key="clock_earliest", value="00:00", acting_user=None)
    staff, chief = login(org.staff), login(org.chief)
    day = add_working_days(timezone.localdate(), 3)

    response = timed(lambda: staff.post(reverse("attendance:clock_do")))
    assert response.status_code == 302
    tap = ClockRecord.objects.get(staff=org.staff)
    response = timed(
        lambda: staff.post(
            reverse("leave:new"),
            {
                "leave_type": types["personal"].pk,
                "start_date": day.isoformat(),
                "start_half": "am",
                "end_date": day.isoformat(),
                "end_half": "pm",
                "reason": "家中有事",
            },
        )
    )
    assert response.status_code == 302
    leave = LeaveRequest.objects.get(applicant=org.staff)
    step = next(s for s in trail(leave) if s.is_current)
    response = timed(
        lambda: chief.post(reverse("approvals:decide", args=[step.pk]), {"decision": "approve"})
    )
    assert response.status_code == 302
    leave.refresh_from_db()
    assert leave.status == ApprovalStatus.APPROVED
    refresh_pending_days.apply_async()  # what beat sends every minute

    # Nothing ran in-process: the two notifications and the job wait in the broker.
    assert waiting_in(web_queue) == 3
    assert not Notification.objects.exists()
    tap.refresh_from_db()
    assert tap.status_pending

    worker = worker_start(web_queue)
    try:
        assert wait_for(lambda: Notification.objects.count() == 2 and waiting_in(web_queue) == 0)
        assert wait_for(lambda: AttendanceDay.objects.filter(staff=org.staff).exists())
    finally:
        worker_stop(worker)
    assert set(Notification.objects.values_list("recipient", "title")) == {
        (org.chief.user.pk, f"待审批：{org.staff.name}的请假申请"),
        (org.staff.user.pk, "您的请假申请已获批准"),
    }
    tap.refresh_from_db()
    assert not tap.status_pending
