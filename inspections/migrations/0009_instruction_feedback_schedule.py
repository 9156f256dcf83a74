from django.db import migrations


def create_job(apps, schema_editor):
    """The 督办 feedback check runs just after midnight, when a feedback day has ended."""
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="20",
        hour="0",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Shanghai",
    )
    PeriodicTask.objects.get_or_create(
        name="督办进展反馈检查",
        defaults={"task": "inspections.tasks.check_instruction_feedback", "crontab": crontab},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0008_instructions"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_job, migrations.RunPython.noop)]
