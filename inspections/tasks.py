"""Celery entry points: thin, they read the clock and call a service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from inspections.dates import previous_week


@shared_task
def compile_weekly_notice() -> int:
    """Monday's job: compile last week (Asia/Shanghai) into its draft notice."""
    from inspections.services.notices import notice_compile

    year, week = previous_week(timezone.now())
    return notice_compile(year=year, week=week, acting_user=None).pk


@shared_task
def remind_self_inspection() -> int:
    """Daily job: remind, once, everyone who has not submitted as a deadline draws near."""
    from inspections.services.selfcheck import self_inspection_remind

    return self_inspection_remind(today=timezone.localdate(), acting_user=None)
