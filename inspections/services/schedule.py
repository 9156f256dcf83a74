"""Keep the beat job in step with the notice_weekday / notice_hour settings."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from office import config
from office.audit import records_actor

COMPILE_TASK = "inspections.tasks.compile_weekly_notice"


@records_actor
@transaction.atomic
def notice_schedule_sync(*, acting_user: AbstractBaseUser | None) -> PeriodicTask:
    """Re-time the weekly compile to the configured weekday (0 = Monday) and hour.

    Cron counts Sunday as 0, the setting counts Monday as 0 like Python's weekday().
    """
    values = config.snapshot()
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour=str(values["notice_hour"]),
        day_of_week=str((values["notice_weekday"] + 1) % 7),
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Shanghai",
    )
    task = PeriodicTask.objects.select_for_update().filter(task=COMPILE_TASK).first()
    if task is None:
        return PeriodicTask.objects.create(
            name="周通报自动汇总", task=COMPILE_TASK, crontab=crontab
        )
    task.crontab = crontab
    task.save(update_fields=["crontab"])
    return task
