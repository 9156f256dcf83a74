from celery import shared_task
from django.utils import timezone

from leave.services.overdue import leave_flag_overdue


@shared_task
def flag_overdue_report_backs() -> int:
    """Daily: flag leave not reported back in time (PRODUCT.md §3 销假)."""
    return len(leave_flag_overdue(today=timezone.localdate(), acting_user=None))
