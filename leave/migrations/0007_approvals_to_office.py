
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('leave', '0006_repair_overwide_days'),
    ]

    # The approval models moved to office (office.approvals.models) with their tables: the
    # state forgets them here and office 0004 takes them over; no table is touched.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='delegation',
                    name='delegate',
                ),
                migrations.RemoveField(
                    model_name='delegation',
                    name='delegator',
                ),
                migrations.RemoveField(
                    model_name='historicalapprovalstep',
                    name='approver',
                ),
                migrations.RemoveField(
                    model_name='historicalapprovalstep',
                    name='content_type',
                ),
                migrations.RemoveField(
                    model_name='historicalapprovalstep',
                    name='decided_by',
                ),
                migrations.RemoveField(
                    model_name='historicalapprovalstep',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicaldelegation',
                    name='delegate',
                ),
                migrations.RemoveField(
                    model_name='historicaldelegation',
                    name='delegator',
                ),
                migrations.RemoveField(
                    model_name='historicaldelegation',
                    name='history_user',
                ),
                migrations.DeleteModel(
                    name='ApprovalStep',
                ),
                migrations.DeleteModel(
                    name='Delegation',
                ),
                migrations.DeleteModel(
                    name='HistoricalApprovalStep',
                ),
                migrations.DeleteModel(
                    name='HistoricalDelegation',
                ),
            ],
        ),
    ]
