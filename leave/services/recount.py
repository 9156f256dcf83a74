"""Day counts follow the work calendar: a leave counted before its year's arrangement was
entered (weekdays alone) is counted again when the calendar changes, and its owner told."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from attendance.closing import closed_refusal
from leave.models import LeaveRequest, format_days
from leave.rules import count_days
from leave.services.balances import balance_recharge
from office.approvals.models import ApprovalStatus
from office.audit import records_actor
from office.calendar import overrides_between, years_without_arrangement
from office.dates import cn_date
from office.notifications import notify


def calendar_gap_warning(start: dt.date, end: dt.date) -> str:
    """The Chinese warning for a leave reaching a year whose arrangement is not entered, or ""."""
    missing = years_without_arrangement(start, end)
    if not missing:
        return ""
    years = "、".join(f"{year}年" for year in missing)
    return (
        f"{years}的法定节假日安排尚未录入，本次天数暂按周一至周五计算，可能与实际不符；"
        "政工科录入后系统将自动重新计算，并通知您。"
    )


@dataclass(frozen=True)
class Recount:
    leave: LeaveRequest
    before: Decimal
    after: Decimal


def _open_requests(start: dt.date, end: dt.date) -> list[LeaveRequest]:
    """Pending or approved, not ended yet (nor closed early by 销假), touching [start, end]."""
    today = timezone.localdate()
    return list(
        LeaveRequest.objects.select_for_update(of=("self",))
        .filter(
            status__in=[ApprovalStatus.PENDING, ApprovalStatus.APPROVED],
            start_date__lte=end,
            end_date__gte=max(start, today),
            reported_at__isnull=True,
        )
        .select_related("leave_type", "applicant")
        .order_by("pk")
    )


@records_actor
@transaction.atomic
def leave_recount(
    *, start: dt.date, end: dt.date, acting_user: AbstractBaseUser | None
) -> list[Recount]:
    """The working days between ``start`` and ``end`` changed: count the open requests they
    touch again, charge an approved one's balance the difference, and tell each owner whose
    count changed. The approval chain of a pending request stays the one it started with."""
    leaves = _open_requests(start, end)
    if not leaves:
        return []
    # One read of the calendar for all of them (this transaction's own rows, not the cache).
    overrides = overrides_between(
        min(leave.start_date for leave in leaves), max(leave.end_date for leave in leaves)
    )
    changed: list[Recount] = []
    for leave in leaves:
        # A leave touching a closed month (考勤封帐) keeps its count: that month is frozen.
        if closed_refusal(leave.applicant.section_id, leave.start_date, leave.end_date):
            continue
        after = count_days(
            leave.start_date, leave.start_half, leave.end_date, leave.end_half, overrides
        )
        if after == leave.days:
            continue
        before = leave.days
        leave.days = after
        leave.save(update_fields=["days"])
        if leave.status == ApprovalStatus.APPROVED:
            balance_recharge(leave=leave, days=after - before, acting_user=acting_user)
        changed.append(Recount(leave, before, after))
        _tell_owner(leave, before, after, acting_user=acting_user)
    return changed


def _tell_owner(
    leave: LeaveRequest, before: Decimal, after: Decimal, *, acting_user: AbstractBaseUser | None
) -> None:
    body = (
        f"工作日历已更新，您{cn_date(leave.start_date)}至{cn_date(leave.end_date)}的"
        f"{leave.leave_type.name}由{format_days(before)}天重新计算为{format_days(after)}天。"
    )
    if after == 0:
        body += "所选时间内已没有工作日，如不再需要请撤回或联系审批人撤销。"
    notify(
        user_ids=[leave.applicant.user_id],
        title=f"请假天数已重新计算：{format_days(before)}天→{format_days(after)}天",
        body=body,
        url=leave.get_absolute_url(),
        acting_user=acting_user,
    )
