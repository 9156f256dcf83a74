"""Nightly: close yesterday's attendance (scheduled by a PeriodicTask from migration 0002)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from attendance.services import day_close


@shared_task(name="attendance.tasks.close_yesterday")
def close_yesterday() -> int:
    return day_close(day=timezone.localdate() - dt.timedelta(days=1))


@shared_task(name="attendance.tasks.close_day")
def close_day(day: str) -> int:
    return day_close(day=dt.date.fromisoformat(day))
