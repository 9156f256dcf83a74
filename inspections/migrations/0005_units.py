"""Notices and self-inspection campaigns per unit (issue 21): the existing ones go to the one
existing unit, so the office's series goes on where it was; an empty unit is the city's."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def to_the_one_unit(apps, schema_editor) -> None:
    Unit = apps.get_model("office", "Unit")
    unit = Unit.objects.order_by("order", "pk").first()
    if unit is None:
        return
    for name in ("WeeklyNotice", "SelfInspectionCampaign"):
        apps.get_model("inspections", name).objects.filter(unit__isnull=True).update(unit=unit)


class Migration(migrations.Migration):

    dependencies = [
        ('inspections', '0004_text_limits'),
        ('office', '0006_units'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='weeklynotice',
            name='inspections_one_notice_per_week',
        ),
        migrations.RemoveConstraint(
            model_name='weeklynotice',
            name='inspections_unique_notice_number',
        ),
        migrations.AddField(
            model_name='historicalselfinspectioncampaign',
            name='unit',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='留空为全市的自查自纠', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='office.unit', verbose_name='单位'),
        ),
        migrations.AddField(
            model_name='historicalweeklynotice',
            name='unit',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='留空为市级通报', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='office.unit', verbose_name='单位'),
        ),
        migrations.AddField(
            model_name='selfinspectioncampaign',
            name='unit',
            field=models.ForeignKey(blank=True, help_text='留空为全市的自查自纠', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='campaigns', to='office.unit', verbose_name='单位'),
        ),
        migrations.AddField(
            model_name='weeklynotice',
            name='unit',
            field=models.ForeignKey(blank=True, help_text='留空为市级通报', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='notices', to='office.unit', verbose_name='单位'),
        ),
        migrations.AddConstraint(
            model_name='weeklynotice',
            constraint=models.UniqueConstraint(condition=models.Q(('unit__isnull', False)), fields=('unit', 'year', 'week'), name='inspections_one_notice_per_unit_week'),
        ),
        migrations.AddConstraint(
            model_name='weeklynotice',
            constraint=models.UniqueConstraint(condition=models.Q(('unit__isnull', False)), fields=('unit', 'number_year', 'number'), name='inspections_unique_unit_notice_number'),
        ),
        migrations.AddConstraint(
            model_name='weeklynotice',
            constraint=models.UniqueConstraint(condition=models.Q(('unit__isnull', True)), fields=('year', 'week'), name='inspections_one_city_notice_per_week'),
        ),
        migrations.AddConstraint(
            model_name='weeklynotice',
            constraint=models.UniqueConstraint(condition=models.Q(('unit__isnull', True)), fields=('number_year', 'number'), name='inspections_unique_city_notice_number'),
        ),
        # Last, after every ALTER TABLE (PostgreSQL refuses one with pending trigger events).
        migrations.RunPython(to_the_one_unit, migrations.RunPython.noop),
    ]
