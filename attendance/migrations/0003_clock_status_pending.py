"""Taps leave their day's status to a refresh that readers and a job every minute run."""

from django.db import migrations, models

TASK_NAME = "考勤：更新刚打卡人员的当日状态"


def schedule(apps, schema_editor) -> None:
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={"task": "attendance.tasks.refresh_pending_days", "interval": every_minute},
    )


def unschedule(apps, schema_editor) -> None:
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("attendance", "0002_default_schedule_and_nightly_close"),
        ("office", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.AddField(
            model_name="clockrecord",
            name="status_pending",
            field=models.BooleanField(
                db_default=False, default=False, editable=False, verbose_name="状态待更新"
            ),
        ),
        migrations.AddIndex(
            model_name="clockrecord",
            index=models.Index(
                condition=models.Q(("status_pending", True)),
                fields=["id"],
                name="clock_status_pending",
            ),
        ),
        migrations.RunPython(schedule, unschedule),
    ]
