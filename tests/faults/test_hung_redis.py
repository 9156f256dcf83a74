"""Fault 1: a hung Redis (accepting connections, never answering). Each process waits out one
socket timeout, then skips Redis for the breaker's interval: the broker's tasks run in-process
and the cache falls back to the database; after the interval Redis is used again."""

from __future__ import annotations

import time

import pytest
from celery import Celery
from django.conf import settings

from office.breaker import BROKER, CACHE
from office.jobs import enqueue

# A call that skips Redis does not wait for it: far under any socket timeout.
SKIPPED_SECONDS = 0.2


def timed(call) -> float:  # noqa: ANN001 - a test helper
    started = time.monotonic()
    call()
    return time.monotonic() - started


@pytest.fixture
def broker_app(own_redis, monkeypatch):
    """A Celery app on the test's own Redis, with the project's transport options, and a task
    that records where it ran."""
    # Celery lets CELERY_BROKER_URL (set by .ci/run's services pass) override ``broker=``.
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    app = Celery("faults", broker=own_redis.url, set_as_current=False)
    app.conf.broker_transport_options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    app.conf.task_always_eager = False
    ran: list[str] = []

    @app.task(name="faults.record", bind=False)
    def record() -> None:
        ran.append("in-process")

    yield app, record, ran
    app.close()


def test_a_hung_broker_is_waited_for_once_then_skipped(
    db, own_redis, broker_app, breakers, django_capture_on_commit_callbacks
):
    _, record, ran = broker_app
    queued = own_redis.client()

    def send() -> None:
        with django_capture_on_commit_callbacks(execute=True):
            enqueue(record)

    send()
    assert (queued.llen("celery"), ran) == (1, [])  # Redis answers: queued, not run

    own_redis.freeze()
    first = timed(send)
    assert ran == ["in-process"] and BROKER.open
    second = timed(send)
    assert ran == ["in-process"] * 2
    assert second < SKIPPED_SECONDS < first, (first, second)

    own_redis.thaw()
    before = queued.llen("celery")
    breakers[0] += 29
    send()  # still within the interval
    assert ran == ["in-process"] * 3 and queued.llen("celery") == before
    breakers[0] += 2
    send()
    assert ran == ["in-process"] * 3 and queued.llen("celery") == before + 1
    assert not BROKER.open


def test_a_hung_cache_is_waited_for_once_then_skipped(own_redis, breakers, settings):
    from django.core.cache import cache

    settings.CACHES = {
        "default": {
            "BACKEND": "office.cache.ResilientRedisCache",
            "LOCATION": own_redis.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},  # as settings.py
        }
    }
    cache.set("faults:answer", 42)
    assert cache.get("faults:answer") == 42

    own_redis.freeze()
    first = timed(lambda: cache.get("faults:answer"))
    assert cache.get("faults:answer") is None and CACHE.open  # a miss: read the database
    second = timed(lambda: cache.get("faults:answer"))
    assert second < SKIPPED_SECONDS < first <= 1.5, (first, second)

    own_redis.thaw()
    breakers[0] += 31
    assert cache.get("faults:answer") == 42
    assert not CACHE.open
