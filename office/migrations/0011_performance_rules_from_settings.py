"""The 绩效 points were four settings (perf_*); they are now the rule table. A city or unit
that had changed one gets a rule row with its value (a deduction stored as a positive number:
the settings held it signed), and the settings rows go."""

from decimal import Decimal

from django.db import migrations

# setting -> the rule fields it carries over to
CARRIED = {
    "perf_absent_half_day": ("absent_half_day",),
    "perf_late_early": ("late", "early"),
    "perf_finding": ("finding_1", "finding_2", "finding_3", "finding_4"),
    "perf_overtime_hour": ("overtime_hour",),
}


def settings_to_rules(apps, schema_editor):
    Setting = apps.get_model("office", "Setting")
    PerformanceRule = apps.get_model("office", "PerformanceRule")
    rows = Setting.objects.filter(key__in=CARRIED)
    for setting in rows.order_by("unit_id", "key"):
        rule, _ = PerformanceRule.objects.get_or_create(unit_id=setting.unit_id)
        value = min(abs(Decimal(str(setting.value))), Decimal(100))
        for field in CARRIED[setting.key]:
            setattr(rule, field, value)
        rule.save()
    rows.delete()


def rules_to_settings(apps, schema_editor):
    Setting = apps.get_model("office", "Setting")
    PerformanceRule = apps.get_model("office", "PerformanceRule")
    for rule in PerformanceRule.objects.all():
        for key, fields in CARRIED.items():
            sign = 1 if key == "perf_overtime_hour" else -1
            Setting.objects.update_or_create(
                unit_id=rule.unit_id,
                key=key,
                defaults={"value": sign * int(getattr(rule, fields[0]))},
            )


class Migration(migrations.Migration):
    dependencies = [("office", "0010_performance_rules")]

    operations = [migrations.RunPython(settings_to_rules, rules_to_settings)]
