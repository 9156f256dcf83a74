"""Attendance's Celery tasks: the scheduled ones (PeriodicTasks from migrations 0002 and 0003)
and the recompute that a calendar or schedule change queues."""

from __future__ import annotations

import datetime as dt
from functools import partial

from celery import shared_task
from django.utils import timezone

from attendance.services import day_close, pending_days_refresh
from attendance.services.status import day_status_refresh_everyone
from office.jobs import job_progress, job_run
from office.models import Job


@shared_task(name="attendance.tasks.close_yesterday")
def close_yesterday() -> int:
    return day_close(day=timezone.localdate() - dt.timedelta(days=1), acting_user=None)


@shared_task(name="attendance.tasks.close_day")
def close_day(day: str) -> int:
    return day_close(day=dt.date.fromisoformat(day), acting_user=None)


@shared_task(name="attendance.tasks.refresh_pending_days")
def refresh_pending_days() -> int:
    """Every minute: count the latest taps into their stored day (pages only count them in on read)."""
    return pending_days_refresh(acting_user=None)


@shared_task(name="attendance.tasks.recompute_days")
def recompute_days(*, job_id: int, start: str, end: str) -> None:
    """Everyone's stored days over a range, after a calendar or schedule change (a ``Job``)."""
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)

    def work(job: Job) -> str:
        written = day_status_refresh_everyone(
            start=first, end=last, progress=partial(job_progress, job), acting_user=None
        )
        return f"已按新的日历和作息重新计算{job.total}人的考勤，更新{written}条记录。"

    job_run(job_id, work)
