"""Starting Celery tasks from web code, and 后台任务: slow work whose progress its starter watches.

Tasks are started only after the transaction commits (so the worker sees the rows), and if the
broker is down the task runs in-process instead: the web keeps working without Redis.

A job (``office.models.Job``) is recorded by ``job_start`` in the caller's transaction, which
queues its task with the job's id; the task hands its work to ``job_run``, which marks the job
running, lets the work report ``job_progress`` and marks it done or failed. The work acts as the
system: the history rows it writes name no one, even when it runs in-process during someone's
request (eager mode, broker down). The starter follows it on ``office:job``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from celery import Task
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from office.audit import acting_as
from office.breaker import BROKER
from office.models import Job
from office.org import Viewer

log = logging.getLogger(__name__)

# A job that has not moved for this long is taken for lost (its worker died, or its message
# was dropped) and no longer stops the same work from being queued again.
STALE_AFTER = dt.timedelta(minutes=15)
FAILED_MESSAGE = "任务失败，请稍后重试；若仍失败请联系管理员。"
STALE_MESSAGE = "任务长时间没有进展，已停止等待，请重新发起。"


def enqueue(task: Task, **kwargs: Any) -> None:
    """Queue ``task`` after commit; run it in-process if the broker fails, or has failed in this
    process less than an interval ago (office.breaker: a hung Redis is waited for once)."""

    def send() -> None:
        if task.app.conf.task_always_eager:  # no broker: runs in-process, its errors are its own
            task.apply_async(kwargs=kwargs)
            return
        if BROKER.allow():
            try:
                task.apply_async(kwargs=kwargs, retry=False)
            except Exception:  # the broker's errors vary by transport; any means "not queued"
                BROKER.failed()
            else:
                BROKER.succeeded()
                return
        log.info("消息队列不可用，任务 %s 改为当场执行", task.name)
        task.apply(kwargs=kwargs)

    transaction.on_commit(send)


def as_system() -> AbstractContextManager[None]:
    """History rows written inside name no one (shown as 系统): a job's writes are the
    system's, not those of whoever's request it happens to run in."""
    return acting_as(None)


def job_start(
    *,
    kind: str,
    key: str,
    label: str,
    requested_by: AbstractBaseUser | None,
    task: Task,
    url: str = "",
    share_running: bool = True,
    **kwargs: Any,
) -> Job:
    """Record a job and queue ``task(job_id=…, **kwargs)`` once the caller's transaction commits.

    The same work (``kind`` and ``key``) is not queued twice: a job still waiting is returned
    instead (it has read nothing yet, so it will see whatever the caller changed), and so is
    one already running if ``share_running``. A caller that has just changed what a running job
    reads passes ``share_running=False``: one fresh job then follows the running one.
    """
    active = [Job.Status.QUEUED] + ([Job.Status.RUNNING] if share_running else [])
    with transaction.atomic():
        _give_up_stale(kind=kind, key=key)
        while True:
            # Locked, so a worker cannot start the waiting job before the caller commits.
            waiting = (
                Job.objects.select_for_update()
                .filter(kind=kind, key=key, status__in=active)
                .order_by("status", "-pk")  # a queued one before a running one
                .first()
            )
            if waiting is not None:
                return waiting
            try:
                with transaction.atomic():
                    job = Job.objects.create(
                        kind=kind, key=key, label=label[:100], requested_by=requested_by, url=url
                    )
                break
            except IntegrityError:  # another request queued the same work a moment ago
                continue
    enqueue(task, job_id=job.pk, **kwargs)
    return job


def _give_up_stale(*, kind: str, key: str) -> None:
    now = timezone.now()
    Job.objects.filter(
        kind=kind,
        key=key,
        status__in=[Job.Status.QUEUED, Job.Status.RUNNING],
        updated_at__lt=now - STALE_AFTER,
    ).update(status=Job.Status.FAILED, message=STALE_MESSAGE, updated_at=now, finished_at=now)


class JobAbandoned(Exception):
    """The job was given up (stale) while its work still ran: the work stops."""


def job_progress(job: Job, done: int, total: int) -> None:
    """Report ``done`` of ``total``; the progress page shows it at its next poll."""
    job.done, job.total, job.updated_at = done, total, timezone.now()
    moved = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        done=done, total=total, updated_at=job.updated_at
    )
    if not moved:
        raise JobAbandoned


def job_run(job_id: int, work: Callable[[Job], str]) -> Job | None:
    """Run ``work(job)`` for a queued job as the system; what it returns is the message shown
    when done. A job that has ended (run already before its message was redelivered, or given
    up as stale) is skipped. A failure is logged and shown as failed, not raised: the change that
    queued the job stays, and the job can be started again."""
    now = timezone.now()
    # A running job's message delivered again was never acknowledged: its worker died mid-way
    # (settings: acks late, redelivered after the visibility timeout). The work starts over.
    started = Job.objects.filter(
        pk=job_id, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]
    ).update(status=Job.Status.RUNNING, updated_at=now)
    if not started:
        log.info("后台任务 %s 已不在排队，跳过", job_id)
        return None
    job = Job.objects.get(pk=job_id)
    try:
        with as_system():
            message = work(job)
    except JobAbandoned:
        return job
    except Exception:
        log.exception("后台任务失败：%s", job.label)
        _finish(job, Job.Status.FAILED, FAILED_MESSAGE)
        return job
    _finish(job, Job.Status.DONE, message)
    return job


def _finish(job: Job, status: str, message: str) -> None:
    now = timezone.now()
    job.status, job.message, job.updated_at, job.finished_at = status, message[:200], now, now
    Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        status=status, message=job.message, updated_at=now, finished_at=now
    )


def job_for(viewer: Viewer, job_id: int) -> Job:
    """A job for the one who started it and for admins; 404 for everyone else."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or not (viewer.is_admin or job.requested_by_id == viewer.user_id):
        raise Http404("没有这个任务。")
    return job
