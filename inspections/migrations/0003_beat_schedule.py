from django.db import migrations

# Defaults of office/config.py (notice_weekday=0 → Monday, notice_hour=9); when 政工科 changes
# them, inspections.services.schedule.notice_schedule_sync re-times the same task.
JOBS = [
    ("周通报自动汇总", "inspections.tasks.compile_weekly_notice", {"hour": "9", "day_of_week": "1"}),
    ("自查自纠截止提醒", "inspections.tasks.remind_self_inspection", {"hour": "8", "day_of_week": "*"}),
]


def create_jobs(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, when in JOBS:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute="0",
            day_of_month="*",
            month_of_year="*",
            timezone="Asia/Shanghai",
            **when,
        )
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab})


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0002_checklist"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_jobs, migrations.RunPython.noop)]
