"""Seed the default 作息时间 (PRODUCT.md §3) and schedule the nightly day close at 00:30."""

import datetime as dt

from django.db import migrations

DEFAULT_NAME = "标准作息"
TASK_NAME = "考勤：结算前一天"


def seed(apps, schema_editor) -> None:
    Schedule = apps.get_model("attendance", "Schedule")
    if not Schedule.objects.filter(name=DEFAULT_NAME).exists():
        Schedule.objects.create(
            name=DEFAULT_NAME,
            valid_from=dt.date(2020, 1, 1),
            points=4,
            am_start=dt.time(8, 30),
            am_end=dt.time(12, 0),
            summer_pm_start=dt.time(14, 30),
            summer_pm_end=dt.time(17, 30),
            winter_pm_start=dt.time(14, 0),
            winter_pm_end=dt.time(17, 0),
        )
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="0",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Shanghai",
    )
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={"task": "attendance.tasks.close_yesterday", "crontab": crontab},
    )


def unseed(apps, schema_editor) -> None:
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("attendance", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
