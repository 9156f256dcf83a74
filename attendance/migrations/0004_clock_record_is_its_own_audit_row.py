"""A clock record is its own audit row: no more history copies, the old ones kept readable.

The history table is not dropped: the model ClockRecordHistory takes it over as it is (a
change of the migration state only, no row moves). ``recorded_at`` of the existing records is
the moment their history copy says they were written (their tap time if it has none).
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import Min, OuterRef, Subquery
from django.db.models.functions import Coalesce


def recorded_at_from_history(apps, schema_editor):
    ClockRecord = apps.get_model("attendance", "ClockRecord")
    ClockRecordHistory = apps.get_model("attendance", "ClockRecordHistory")
    written = (
        ClockRecordHistory.objects.filter(id=OuterRef("pk"), history_type="+")
        .values("id")
        .annotate(first=Min("history_date"))
        .values("first")
    )
    ClockRecord.objects.filter(recorded_at__isnull=True).update(
        recorded_at=Coalesce(Subquery(written), "at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("attendance", "0003_clock_status_pending"),
        ("office", "0002_account_history_and_must_change_password"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ClockRecordHistory",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("date", models.DateField(verbose_name="日期")),
                        (
                            "point",
                            models.CharField(
                                choices=[
                                    ("am_in", "上午上班"),
                                    ("am_out", "上午下班"),
                                    ("pm_in", "下午上班"),
                                    ("pm_out", "下午下班"),
                                    ("in", "上班"),
                                    ("out", "下班"),
                                ],
                                max_length=6,
                                verbose_name="打卡点",
                            ),
                        ),
                        ("at", models.DateTimeField(verbose_name="时间")),
                        (
                            "ip",
                            models.GenericIPAddressField(
                                blank=True, null=True, verbose_name="IP 地址"
                            ),
                        ),
                        (
                            "user_agent",
                            models.CharField(blank=True, max_length=300, verbose_name="浏览器"),
                        ),
                        (
                            "source",
                            models.CharField(
                                choices=[("clock", "打卡"), ("makeup", "补卡")],
                                default="clock",
                                max_length=6,
                                verbose_name="来源",
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        (
                            "history_date",
                            models.DateTimeField(db_index=True, verbose_name="写入时间"),
                        ),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                                verbose_name="类型",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="操作人",
                            ),
                        ),
                        (
                            "makeup",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="attendance.makeuprequest",
                                verbose_name="补卡申请",
                            ),
                        ),
                        (
                            "staff",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="office.staff",
                                verbose_name="人员",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "打卡记录历史（旧）",
                        "verbose_name_plural": "打卡记录历史（旧）",
                        "db_table": "attendance_historicalclockrecord",
                        "ordering": ["-history_date", "-history_id"],
                    },
                ),
                migrations.DeleteModel(
                    name="HistoricalClockRecord",
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="clockrecord",
            name="recorded_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="记录时间"),
        ),
        migrations.RunPython(recorded_at_from_history, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="clockrecord",
            name="recorded_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="记录时间"
            ),
        ),
    ]
