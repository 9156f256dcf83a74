"""Scheduled attendance jobs (PeriodicTasks from migrations 0002 and 0003)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from attendance.services import day_close, pending_days_refresh


@shared_task(name="attendance.tasks.close_yesterday")
def close_yesterday() -> int:
    return day_close(day=timezone.localdate() - dt.timedelta(days=1))


@shared_task(name="attendance.tasks.close_day")
def close_day(day: str) -> int:
    return day_close(day=dt.date.fromisoformat(day))


@shared_task(name="attendance.tasks.refresh_pending_days")
def refresh_pending_days() -> int:
    """Every minute: count the latest taps into their stored day (pages only count them in on read)."""
    return pending_days_refresh()
