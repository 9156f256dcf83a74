"""Fault 3: a worker killed (SIGKILL) in the middle of the weekly compile. Its message was not
acknowledged (acks late), so it is handed out again once the visibility timeout has passed, and
the next worker compiles the notice: once, the inspectors told once. With the restore sweep
every 10 s (settings) that is within about 15 s of the worker's start. The timeout is 15 minutes
in production (the longest job); 3 seconds here. PostgreSQL (the worker is another process)
and a Redis of the test's own as broker."""

from __future__ import annotations

import time

import psycopg
import pytest
from django.db import connection
from django.utils import timezone
from kombu import Connection, Exchange, Queue

from inspections.dates import previous_week
from inspections.models import WeeklyNotice
from inspections.tasks import compile_weekly_notice
from tests.concurrency import postgres_only
from tests.worker import worker_start, worker_stop

pytestmark = [pytest.mark.celery_worker, pytest.mark.postgres]

QUEUE = "faults-killed"


def wait_for(condition, seconds: float) -> bool:  # noqa: ANN001 - a test helper
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.2)
    return condition()


def blocked_on_lock(other: psycopg.Connection) -> bool:
    """Whether a session waits for the lock this test holds (the worker's compile). pg_locks,
    not pg_stat_activity: that one is a snapshot fixed for the rest of the transaction."""
    return (
        other.execute(
            "SELECT count(*) FROM pg_locks"
            " WHERE relation = 'inspections_weeklynotice'::regclass AND NOT granted"
        ).fetchone()[0]
        > 0
    )


def test_a_worker_killed_mid_compile_is_redone_once(transactional_db, org, own_redis):
    postgres_only()
    from office.celery import app

    year, week = previous_week(timezone.now())
    env = {"CELERY_BROKER_URL": own_redis.url, "CELERY_VISIBILITY_TIMEOUT": "3"}
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as locker:
        # The compile will wait on this lock: the worker is then killed mid-job.
        locker.execute("BEGIN")
        locker.execute("LOCK TABLE inspections_weeklynotice IN ACCESS EXCLUSIVE MODE")
        app.conf.task_always_eager = False
        try:
            with Connection(own_redis.url) as broker:
                Queue(QUEUE, Exchange(QUEUE), routing_key=QUEUE)(broker.default_channel).declare()
                compile_weekly_notice.apply_async(queue=QUEUE, connection=broker)
        finally:
            app.conf.task_always_eager = True
        worker = worker_start(QUEUE, **env)
        try:
            assert wait_for(lambda: blocked_on_lock(locker), 30), "worker 没有开始生成通报"
        finally:
            worker.kill()
            worker.wait(timeout=10)
        locker.execute("ROLLBACK")
    assert own_redis.client().hlen("unacked") == 1  # handed out, never acknowledged
    assert not WeeklyNotice.objects.exists()

    worker = worker_start(QUEUE, **env)
    try:
        assert wait_for(lambda: WeeklyNotice.objects.filter(year=year, week=week).exists(), 20), (
            "worker 重启 20 秒内被杀掉的任务没有重做"
        )
        assert wait_for(lambda: own_redis.client().hlen("unacked") == 0, 10)
    finally:
        worker_stop(worker)
    assert WeeklyNotice.objects.filter(year=year, week=week).count() == 1
    # The inspectors are told once: one delivery queued (on the default queue, no worker here).
    assert own_redis.client().llen("celery") == 1
