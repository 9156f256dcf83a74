"""逾期未销假: leave not reported back in time is flagged once and the chief is told."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from leave.models import LeaveRequest
from leave.rules import report_back_deadline
from office import config
from office.approvals.models import ApprovalStatus
from office.audit import records_actor
from office.calendar import overrides_between
from office.notifications import notify

# Leave that ended longer ago than this is not looked at again: the job runs daily, so a
# missed flag only happens if the job was down for months.
LOOKBACK_DAYS = 60


def _manager_user_id(leave: LeaveRequest) -> int | None:
    """The chief, or for a chief's own leave the deputy director in charge."""
    section = leave.applicant.section
    boss = section.deputy if section.chief_id == leave.applicant_id else section.chief
    return boss.user_id if boss is not None else None


@records_actor
def leave_flag_overdue(
    *, today: dt.date, acting_user: AbstractBaseUser | None
) -> list[LeaveRequest]:
    """Mark every approved leave not reported back by its deadline (once) and tell the chief.

    Queries: settings, candidates (with applicant, section, chief, deputy), calendar
    overrides, then per flagged request its update and history row; notifications go out after commit.
    """
    working_days = config.get("report_back_working_days")
    candidates = list(
        LeaveRequest.objects.filter(
            status=ApprovalStatus.APPROVED,
            reported_at__isnull=True,
            overdue_at__isnull=True,
            end_date__lt=today,
            end_date__gte=today - dt.timedelta(days=LOOKBACK_DAYS),
        ).select_related("leave_type", "applicant__section__chief", "applicant__section__deputy")
    )
    if not candidates:
        return []
    overrides = overrides_between(min(c.end_date for c in candidates), today)
    flagged = [
        leave
        for leave in candidates
        if report_back_deadline(leave.end_date, working_days, overrides) < today
    ]
    now = timezone.now()
    with transaction.atomic():
        for leave in flagged:
            leave.overdue_at = now
            leave.save(update_fields=["overdue_at"])
            notify(
                user_ids=[_manager_user_id(leave), leave.applicant.user_id],
                title=f"逾期未销假：{leave.applicant.name}",
                body=f"{leave}，假期结束后{working_days}个工作日内未销假。",
                url=leave.get_absolute_url(),
                acting_user=acting_user,
            )
    return flagged
