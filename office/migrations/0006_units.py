"""Units (issue 21): every existing section goes into one unit named from the notice issuer."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

DEFAULT_ISSUER = "市政府办公室督导小组"
GROUP_SUFFIX = "督导小组"


def unit_name(issuer: str) -> str:
    """The unit part of the issuer: "市政府办公室督导小组" → "市政府办公室"."""
    issuer = issuer.strip() or DEFAULT_ISSUER
    return issuer.removesuffix(GROUP_SUFFIX).strip() or issuer


def one_unit(apps, schema_editor) -> None:
    Section = apps.get_model("office", "Section")
    Setting = apps.get_model("office", "Setting")
    Unit = apps.get_model("office", "Unit")
    if not Section.objects.exists():
        return
    row = Setting.objects.filter(key="notice_issuer").first()
    name = unit_name(str(row.value) if row is not None else DEFAULT_ISSUER)
    unit, _ = Unit.objects.get_or_create(name=name, defaults={"short_name": name[:20]})
    Section.objects.filter(unit__isnull=True).update(unit=unit)


class Migration(migrations.Migration):

    dependencies = [
        ('office', '0005_job_and_notification_batch'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Unit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=50, unique=True, verbose_name='单位全称')),
                ('short_name', models.CharField(help_text='公文版头所用的简称', max_length=20, verbose_name='单位简称')),
                ('order', models.PositiveIntegerField(default=0, verbose_name='排序')),
            ],
            options={
                'verbose_name': '单位',
                'verbose_name_plural': '单位',
                'ordering': ['order', 'id'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalUnit',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(db_index=True, max_length=50, verbose_name='单位全称')),
                ('short_name', models.CharField(help_text='公文版头所用的简称', max_length=20, verbose_name='单位简称')),
                ('order', models.PositiveIntegerField(default=0, verbose_name='排序')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical 单位',
                'verbose_name_plural': 'historical 单位',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name='historicalsection',
            name='unit',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='office.unit', verbose_name='单位'),
        ),
        migrations.AddField(
            model_name='section',
            name='unit',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='sections', to='office.unit', verbose_name='单位'),
        ),
        migrations.RunPython(one_unit, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='section',
            name='unit',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sections', to='office.unit', verbose_name='单位'),
        ),
    ]
