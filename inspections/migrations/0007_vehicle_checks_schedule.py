from django.db import migrations


def create_job(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="2",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Shanghai",
    )
    PeriodicTask.objects.get_or_create(
        name="公务用车自动检查",
        defaults={"task": "inspections.tasks.check_vehicle_trips", "crontab": crontab},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0006_vehicle_findings"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_job, migrations.RunPython.noop)]
