"""Settings per unit (issue 21): a row without a unit is the city default, with one an override."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('office', '0007_section_name_per_unit'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalsetting',
            name='unit',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='留空为全市默认值', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='office.unit', verbose_name='单位'),
        ),
        migrations.AddField(
            model_name='setting',
            name='unit',
            field=models.ForeignKey(blank=True, help_text='留空为全市默认值', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='settings', to='office.unit', verbose_name='单位'),
        ),
        migrations.AlterField(
            model_name='historicalsetting',
            name='key',
            field=models.CharField(max_length=60, verbose_name='键'),
        ),
        migrations.AlterField(
            model_name='setting',
            name='key',
            field=models.CharField(max_length=60, verbose_name='键'),
        ),
        migrations.AddConstraint(
            model_name='setting',
            constraint=models.UniqueConstraint(condition=models.Q(('unit__isnull', True)), fields=('key',), name='office_setting_city_key'),
        ),
        migrations.AddConstraint(
            model_name='setting',
            constraint=models.UniqueConstraint(fields=('unit', 'key'), name='office_setting_unit_key'),
        ),
    ]
