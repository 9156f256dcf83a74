"""Celery tasks and the beat schedule."""

import datetime as dt

import pytest
import time_machine
from django_celery_beat.models import PeriodicTask

from inspections.dates import SHANGHAI, previous_week
from inspections.models import WeeklyNotice
from inspections.services.schedule import notice_schedule_sync
from inspections.tasks import compile_weekly_notice, remind_self_inspection
from office import config


def test_previous_week_reads_the_shanghai_clock():
    # 00:30 on Monday 23 November in Shanghai is still Sunday in UTC: last week is W47.
    monday_early = dt.datetime(2026, 11, 22, 16, 30, tzinfo=dt.UTC)
    assert previous_week(monday_early) == (2026, 47)
    # Across the year: Monday 4 January 2027 compiles ISO week 53 of 2026.
    assert previous_week(dt.datetime(2027, 1, 4, 9, tzinfo=SHANGHAI)) == (2026, 53)


def test_task_compiles_last_week(org):
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, tzinfo=SHANGHAI), tick=False):
        pks = compile_weekly_notice.delay().get()
    # One unit: its notice alone, no city notice above it.
    [notice] = WeeklyNotice.objects.filter(pk__in=pks)
    assert (notice.year, notice.week, notice.status) == (2026, 47, "draft")
    assert notice.unit == org.section.unit


def test_migration_schedules_monday_0900_and_a_daily_reminder(db):
    weekly = PeriodicTask.objects.get(task="inspections.tasks.compile_weekly_notice")
    assert (weekly.crontab.minute, weekly.crontab.hour, weekly.crontab.day_of_week) == (
        "0",
        "9",
        "1",
    )
    assert str(weekly.crontab.timezone) == "Asia/Shanghai"
    daily = PeriodicTask.objects.get(task="inspections.tasks.remind_self_inspection")
    assert (daily.crontab.hour, daily.crontab.day_of_week) == ("8", "*")


def test_schedule_follows_the_settings(db):
    config.setting_set(key="notice_weekday", value=6, acting_user=None)  # Sunday
    config.setting_set(key="notice_hour", value=17, acting_user=None)
    task = notice_schedule_sync(acting_user=None)
    assert (task.crontab.hour, task.crontab.day_of_week) == ("17", "0")
    assert PeriodicTask.objects.filter(task="inspections.tasks.compile_weekly_notice").count() == 1


@pytest.mark.parametrize("today", [dt.date(2026, 11, 23)])
def test_reminder_task_runs_with_no_campaigns(db, today):
    with time_machine.travel(dt.datetime.combine(today, dt.time(8), tzinfo=SHANGHAI), tick=False):
        assert remind_self_inspection.delay().get() == 0
