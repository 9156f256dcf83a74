"""Celery entry points: thin, they read the clock and call a service."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from inspections.dates import previous_week


@shared_task
def compile_weekly_notice() -> list[int]:
    """Monday's job: compile last week (Asia/Shanghai) into each unit's draft notice (and the
    city's when there are several units); returns their ids."""
    from inspections.services.notices import notices_compile_week

    year, week = previous_week(timezone.now())
    return [n.pk for n in notices_compile_week(year=year, week=week, acting_user=None)]


@shared_task
def remind_self_inspection() -> int:
    """Daily job: remind, once, everyone who has not submitted as a deadline draws near."""
    from inspections.services.selfcheck import self_inspection_remind

    return self_inspection_remind(today=timezone.localdate(), acting_user=None)


@shared_task
def check_vehicle_trips() -> int:
    """Nightly job: the vehicle checks over last month and this month so far (a trip logged
    late is still checked, and a month's repeat count is whole); returns the new candidates."""
    from inspections.services.vehicle_autofind import vehicle_candidates_create

    today = timezone.localdate()
    first = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    return vehicle_candidates_create(first=first, last=today, acting_user=None)


@shared_task
def check_instruction_feedback() -> int:
    """Daily job, just after midnight: the 督办 feedback days that ended without a report;
    returns the new candidates (each flagged once, so a late or repeated run is harmless)."""
    from inspections.services.instruction_overdue import instruction_feedback_check

    return instruction_feedback_check(now=timezone.now(), acting_user=None)
