
import django.db.models.deletion
import office.models
import simple_history.models
from django.conf import settings
from django.db import migrations, models


# The approval models' content types follow them, so their permissions and admin log stay.
MOVED = ["approvalstep", "delegation", "historicalapprovalstep", "historicaldelegation"]


def relabel(from_app: str, to_app: str):
    def run(apps, schema_editor):
        content_type = apps.get_model("contenttypes", "ContentType")
        content_type.objects.filter(app_label=from_app, model__in=MOVED).update(app_label=to_app)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('office', '0003_notification_body_limit'),
        ('leave', '0007_approvals_to_office'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The tables stay leave_* (db_table): only the state changes hands (see leave 0007).
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HistoricalApprovalStep',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('object_id', models.PositiveBigIntegerField()),
                        ('order', models.PositiveSmallIntegerField(verbose_name='顺序')),
                        ('is_current', models.BooleanField(default=False, verbose_name='当前环节')),
                        ('decision', models.CharField(choices=[('waiting', '待审批'), ('approved', '同意'), ('rejected', '不同意'), ('void', '已终止')], default='waiting', max_length=10, verbose_name='意见')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='审批时间')),
                        ('comment', models.CharField(blank=True, max_length=200, verbose_name='审批意见')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('approver', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='office.staff', verbose_name='审批人')),
                        ('content_type', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='contenttypes.contenttype')),
                        ('decided_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='office.staff', verbose_name='实际审批人')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical 审批环节',
                        'verbose_name_plural': 'historical 审批环节',
                        'db_table': 'leave_historicalapprovalstep',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalDelegation',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('start', models.DateField(verbose_name='开始日期')),
                        ('end', models.DateField(verbose_name='结束日期')),
                        ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='撤销时间')),
                        ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='创建时间')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('delegate', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='office.staff', verbose_name='受托人')),
                        ('delegator', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='office.staff', verbose_name='委托人')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical 委托代批',
                        'verbose_name_plural': 'historical 委托代批',
                        'db_table': 'leave_historicaldelegation',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='ApprovalStep',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.PositiveBigIntegerField()),
                        ('order', models.PositiveSmallIntegerField(verbose_name='顺序')),
                        ('is_current', models.BooleanField(default=False, verbose_name='当前环节')),
                        ('decision', models.CharField(choices=[('waiting', '待审批'), ('approved', '同意'), ('rejected', '不同意'), ('void', '已终止')], default='waiting', max_length=10, verbose_name='意见')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='审批时间')),
                        ('comment', models.CharField(blank=True, max_length=200, verbose_name='审批意见')),
                        ('approver', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='approval_steps', to='office.staff', verbose_name='审批人')),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='contenttypes.contenttype')),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='approval_decisions', to='office.staff', verbose_name='实际审批人')),
                    ],
                    options={
                        'verbose_name': '审批环节',
                        'verbose_name_plural': '审批环节',
                        'db_table': 'leave_approvalstep',
                        'ordering': ['content_type', 'object_id', 'order'],
                        'indexes': [models.Index(fields=['approver', 'is_current'], name='leave_appro_approve_93430b_idx')],
                        'constraints': [models.UniqueConstraint(fields=('content_type', 'object_id', 'order'), name='approval_step_unique_order'), models.UniqueConstraint(condition=models.Q(('is_current', True)), fields=('content_type', 'object_id'), name='approval_one_current_step')],
                    },
                ),
                migrations.CreateModel(
                    name='Delegation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('start', models.DateField(verbose_name='开始日期')),
                        ('end', models.DateField(verbose_name='结束日期')),
                        ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='撤销时间')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                        ('delegate', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='delegations_received', to='office.staff', verbose_name='受托人')),
                        ('delegator', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='delegations_given', to='office.staff', verbose_name='委托人')),
                    ],
                    options={
                        'verbose_name': '委托代批',
                        'verbose_name_plural': '委托代批',
                        'db_table': 'leave_delegation',
                        'constraints': [models.CheckConstraint(condition=models.Q(('end__gte', models.F('start'))), name='delegation_dates_order'), models.CheckConstraint(condition=models.Q(('delegator', models.F('delegate')), _negated=True), name='delegation_not_self')],
                    },
                    bases=(office.models.DatesInWindow, models.Model),
                ),
            ],
        ),
        migrations.RunPython(relabel("leave", "office"), relabel("office", "leave")),
    ]
