"""假期余额: the yearly row per person and balance-counted type, locked when it changes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from leave.errors import BalanceError
from leave.models import (
    BalanceAdjustment,
    BalanceKind,
    LeaveBalance,
    LeaveRequest,
    LeaveType,
    format_days,
)
from leave.rules import annual_entitlement
from office import config
from office.approvals.models import ApprovalStatus
from office.audit import records_actor
from office.models import Staff

# A year of days: more in one adjustment is a typo (the column holds four digits of days).
MAX_ADJUST_DAYS = 366


def base_entitlement(staff: Staff, leave_type: LeaveType, year: int, tiers: str) -> Decimal:
    if leave_type.balance_kind == BalanceKind.ANNUAL:
        return Decimal(annual_entitlement(staff.work_start_date, year, tiers))
    # 调休 has no base: every day of it comes from verified overtime (adjustment rows).
    return Decimal(0)


def balance_get(
    *, staff: Staff, leave_type: LeaveType, year: int, lock: bool = False, tiers: str | None = None
) -> LeaveBalance:
    """The balance row, created with its base entitlement on first use; locked if asked."""
    rows = LeaveBalance.objects.select_for_update() if lock else LeaveBalance.objects
    row = rows.filter(staff=staff, leave_type=leave_type, year=year).first()
    if row is not None:
        return row
    tiers = tiers if tiers is not None else config.get("annual_leave_tiers")
    try:
        with transaction.atomic():
            LeaveBalance.objects.create(
                staff=staff,
                leave_type=leave_type,
                year=year,
                base=base_entitlement(staff, leave_type, year, tiers),
            )
    except IntegrityError:
        pass  # someone created it at the same moment; read theirs
    return rows.get(staff=staff, leave_type=leave_type, year=year)


def pending_days(staff: Staff, leave_type: LeaveType, year: int) -> Decimal:
    """Days asked for in requests still waiting for approval (not yet in ``used``)."""
    total = LeaveRequest.objects.filter(
        applicant=staff, leave_type=leave_type, start_date__year=year, status=ApprovalStatus.PENDING
    ).aggregate(total=Sum("days"))["total"]
    return total or Decimal(0)


@records_actor
def balance_consume(*, leave: LeaveRequest, acting_user: AbstractBaseUser | None) -> None:
    """On final approval: add the days to ``used`` under a row lock, refusing an overdraw."""
    if not leave.leave_type.balance_kind:
        return
    balance = balance_get(
        staff=leave.applicant, leave_type=leave.leave_type, year=leave.start_date.year, lock=True
    )
    if balance.used + leave.days > balance.entitled:
        raise BalanceError(
            f"{leave.leave_type.name}余额不足：剩余{format_days(balance.remaining)}天，"
            f"本次{format_days(leave.days)}天，不能批准。"
        )
    balance.used += leave.days
    balance.save(update_fields=["used"])


@records_actor
def balance_give_back(
    *, leave: LeaveRequest, days: Decimal, acting_user: AbstractBaseUser | None
) -> None:
    """销假 early or cancellation: return days to the balance."""
    if not leave.leave_type.balance_kind or days <= 0:
        return
    balance = balance_get(
        staff=leave.applicant, leave_type=leave.leave_type, year=leave.start_date.year, lock=True
    )
    balance.used = max(balance.used - days, Decimal(0))
    balance.save(update_fields=["used"])


@records_actor
def balance_recharge(
    *, leave: LeaveRequest, days: Decimal, acting_user: AbstractBaseUser | None
) -> LeaveBalance | None:
    """An approved leave's day count changed with the calendar: charge (or give back) the
    difference. Not refused when it overdraws: the calendar is a fact, not a request; the owner
    is told and 政工科 settles it."""
    if not leave.leave_type.balance_kind or days == 0:
        return None
    balance = balance_get(
        staff=leave.applicant, leave_type=leave.leave_type, year=leave.start_date.year, lock=True
    )
    balance.used = max(balance.used + days, Decimal(0))
    balance.save(update_fields=["used"])
    return balance


@records_actor
def balance_adjust(
    *,
    staff: Staff,
    leave_type: LeaveType,
    year: int,
    days: Decimal,
    reason: str,
    acting_user: AbstractBaseUser,
    source: str = BalanceAdjustment.Source.MANUAL,
    overtime: object | None = None,
) -> BalanceAdjustment:
    """Add (or with negative ``days`` take away) entitlement, logged with who and why."""
    actor = acting_user.staff
    reason = reason.strip()
    if not reason:
        raise BalanceError("调整假期额度须填写理由。")
    if not leave_type.balance_kind:
        raise BalanceError(f"{leave_type.name}不计额度，无需调整。")
    if days == 0:
        raise BalanceError("调整天数不能为0。")
    if abs(days) > MAX_ADJUST_DAYS:
        raise BalanceError(f"一次调整不能超过{MAX_ADJUST_DAYS}天，请检查调整天数。")
    with transaction.atomic():
        balance = balance_get(staff=staff, leave_type=leave_type, year=year, lock=True)
        # The balance row is locked: a double click finds the first adjustment and stops.
        if balance.adjustments.filter(
            days=days,
            reason=reason[:200],
            created_by=actor,
            overtime=overtime,
            created_at__gte=timezone.now() - dt.timedelta(minutes=1),
        ).exists():
            raise BalanceError("刚刚已提交过相同的调整，请勿重复提交。")
        if abs(balance.adjusted + days) > MAX_ADJUST_DAYS * 10:
            raise BalanceError("调整后的额度超出合理范围，请检查调整天数。")
        if balance.used > balance.entitled + days:
            raise BalanceError(f"调整后额度将少于已用的{format_days(balance.used)}天，不能调整。")
        balance.adjusted += days
        balance.save(update_fields=["adjusted"])
        return BalanceAdjustment.objects.create(
            balance=balance,
            days=days,
            source=source,
            reason=reason[:200],
            overtime=overtime,
            created_by=actor,
        )
