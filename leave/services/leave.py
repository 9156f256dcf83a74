"""请假 and 销假: create a request, react to its approval or cancellation, report back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from attendance.closing import closed_or_raise, closed_refusal
from leave.errors import LeaveError
from leave.models import LeaveRequest, LeaveType, format_days
from leave.rules import count_days, days_used_on_return, half_before, overlaps, position
from leave.services.balances import (
    balance_consume,
    balance_get,
    balance_give_back,
    pending_days,
)
from leave.services.uploads import attachment_check
from office import config
from office.approvals.models import ApprovalStatus
from office.approvals.services import approval_start
from office.audit import records_actor
from office.calendar import date_refusal, overrides_between
from office.dates import cn_date
from office.models import Staff
from office.org import approval_chain
from office.text import length_refusal

if TYPE_CHECKING:
    from leave.selectors import BalanceLine


def effective_end(leave: LeaveRequest) -> tuple[dt.date, str]:
    """The last half-day of leave: shortened by an early 销假."""
    if leave.returned_on is None:
        return leave.end_date, leave.end_half
    last = half_before(leave.returned_on, leave.returned_half)
    return min(last, (leave.end_date, leave.end_half), key=lambda p: position(*p))


def _check_overlap(applicant: Staff, start: tuple[dt.date, str], end: tuple[dt.date, str]) -> None:
    wanted = (position(*start), position(*end))
    others = LeaveRequest.objects.filter(
        applicant=applicant,
        status__in=[ApprovalStatus.PENDING, ApprovalStatus.APPROVED],
        start_date__lte=end[0],
        end_date__gte=start[0],
    )
    for other in others:
        if overlaps(
            wanted, (position(other.start_date, other.start_half), position(*effective_end(other)))
        ):
            raise LeaveError(
                f"与您已提交的请假（{cn_date(other.start_date)}至"
                f"{cn_date(other.end_date)}，{other.get_status_display()}）时间重叠。"
            )


def leave_range_refusal(start: dt.date, end: dt.date) -> str | None:
    """Why a range cannot be a leave at all: a date the office cannot mean, or over a year
    (checked before counting, so a typo like 0001–9999 costs nothing and is never stored)."""
    refusal = date_refusal(start, "开始日期") or date_refusal(end, "结束日期")
    if refusal:
        return refusal
    if end >= _one_year_after(start):
        return "一次请假不能超过一年，请检查开始和结束日期。"
    return None


def _one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def leave_days(start: dt.date, start_half: str, end: dt.date, end_half: str) -> Decimal:
    """Working days of a range, reading the calendar overrides once."""
    if end < start:
        return Decimal(0)
    return count_days(start, start_half, end, end_half, overrides_between(start, end))


def _check_rules(
    leave_type: LeaveType,
    days: Decimal,
    start_half: str,
    end_half: str,
    has_file: bool,
    settings: dict,
) -> None:
    if not leave_type.active:
        raise LeaveError(f"{leave_type.name}已停用，请选择其他假别。")
    if not leave_type.half_days and (start_half != "am" or end_half != "pm"):
        raise LeaveError(f"{leave_type.name}须按整天请，请从上午开始、到下午结束。")
    if leave_type.max_days is not None and days > leave_type.max_days:
        raise LeaveError(
            f"{leave_type.name}最多{format_days(leave_type.max_days)}天，本次{format_days(days)}天。"
        )
    if leave_type.min_days is not None and days < leave_type.min_days:
        raise LeaveError(f"{leave_type.name}至少{format_days(leave_type.min_days)}天。")
    threshold = settings["sick_certificate_over_days"]
    if leave_type.certificate_required and days > threshold and not has_file:
        raise LeaveError(f"{leave_type.name}超过{threshold}天须上传医院证明（PDF或图片）。")


def leave_preview(
    *,
    applicant: Staff,
    leave_type: LeaveType,
    start: dt.date,
    start_half: str,
    end: dt.date,
    end_half: str,
) -> tuple[Decimal, BalanceLine | None]:
    """(days, the balance or None) for the live count on the request form: its ``available``
    is what is left once the requests still waiting are granted, ``pending`` those days."""
    from leave.selectors import balance_lines

    if refusal := leave_range_refusal(start, end):
        raise LeaveError(refusal)
    days = leave_days(start, start_half, end, end_half)
    if not leave_type.balance_kind:
        return days, None
    # Read only: a balance row not yet created is shown as its base, not created by a GET.
    tiers = config.get("annual_leave_tiers")
    return days, balance_lines([applicant], start.year, [leave_type], tiers)[applicant.pk][0]


@records_actor
def leave_request_create(
    *,
    acting_user: AbstractBaseUser,
    leave_type: LeaveType,
    start_date: dt.date,
    start_half: str,
    end_date: dt.date,
    end_half: str,
    reason: str,
    attachment: UploadedFile | None = None,
) -> LeaveRequest:
    """Validate, store and send to the first approver. Nothing is stored when refused."""
    actor = acting_user.staff
    reason = reason.strip()
    if not reason:
        raise LeaveError("请填写请假事由。")
    if position(end_date, end_half) < position(start_date, start_half):
        raise LeaveError("结束时间不能早于开始时间。")
    refusal = (
        leave_range_refusal(start_date, end_date)
        or length_refusal(LeaveRequest, reason=reason)
        or closed_refusal(actor.section_id, start_date, end_date)
    )
    if refusal:
        raise LeaveError(refusal)
    if attachment is not None:
        attachment = attachment_check(attachment)
    settings = config.snapshot(section_id=actor.section_id)  # the applicant's unit's
    days = leave_days(start_date, start_half, end_date, end_half)
    if days == 0:
        raise LeaveError("所选时间内没有工作日，无需请假。")
    _check_rules(leave_type, days, start_half, end_half, attachment is not None, settings)
    with transaction.atomic():
        # One person's requests are checked one at a time, so two tabs cannot both pass.
        applicant = Staff.objects.select_for_update().select_related("section").get(pk=actor.pk)
        _check_overlap(applicant, (start_date, start_half), (end_date, end_half))
        if leave_type.balance_kind:
            balance = balance_get(
                staff=applicant,
                leave_type=leave_type,
                year=start_date.year,
                tiers=settings["annual_leave_tiers"],
            )
            available = balance.remaining - pending_days(applicant, leave_type, start_date.year)
            if days > available:
                raise LeaveError(
                    f"{leave_type.name}余额不足：{start_date.year}年可用{format_days(available)}天"
                    f"（含审批中的申请），本次{format_days(days)}天。"
                )
        leave = LeaveRequest.objects.create(
            applicant=applicant,
            leave_type=leave_type,
            start_date=start_date,
            start_half=start_half,
            end_date=end_date,
            end_half=end_half,
            reason=reason,
            attachment=attachment or "",
            days=days,
        )
        approval_start(request_obj=leave, acting_user=acting_user)
    return leave


@records_actor
def refresh_attendance(
    *, staff_ids: list[int], start: dt.date, end: dt.date, acting_user: AbstractBaseUser | None
) -> None:
    """Recompute the day statuses the leave touches (PRODUCT.md §3: on approval)."""
    from attendance.services import day_status_refresh

    day_status_refresh(staff_ids=staff_ids, start=start, end=end, acting_user=acting_user)


def leave_on_approved(leave: LeaveRequest, *, acting_user: AbstractBaseUser | None) -> None:
    # A leave of a closed month (e.g. filed before the close) cannot be approved after it.
    closed_or_raise(leave.applicant.section_id, leave.start_date, leave.end_date)
    balance_consume(leave=leave, acting_user=acting_user)
    refresh_attendance(
        staff_ids=[leave.applicant_id],
        start=leave.start_date,
        end=leave.end_date,
        acting_user=acting_user,
    )


def leave_on_cancelled(leave: LeaveRequest, *, acting_user: AbstractBaseUser | None) -> None:
    closed_or_raise(leave.applicant.section_id, leave.start_date, leave.end_date)
    balance_give_back(leave=leave, days=leave.days_taken, acting_user=acting_user)
    refresh_attendance(
        staff_ids=[leave.applicant_id],
        start=leave.start_date,
        end=leave.end_date,
        acting_user=acting_user,
    )


def report_back_refusal(staff: Staff, leave: LeaveRequest, today: dt.date) -> str | None:
    """Why ``staff`` may not report back (销假) from ``leave`` today, or None."""
    if leave.applicant_id != staff.pk:
        return "只有请假人本人可以销假。"
    if leave.status != ApprovalStatus.APPROVED:
        return f"该请假{leave.get_status_display()}，无需销假。"
    if leave.is_reported:
        return "该请假已经销假。"
    if today < leave.start_date:
        return "假期尚未开始，不能销假；如不再休假，请联系审批人撤销。"
    return None


@records_actor
def leave_report_back(
    *, leave: LeaveRequest, acting_user: AbstractBaseUser, returned_on: dt.date, returned_half: str
) -> LeaveRequest:
    """销假: the applicant says when they were back at work; an early return gives days back."""
    actor = acting_user.staff
    today = timezone.localdate()
    with transaction.atomic():
        locked = (
            LeaveRequest.objects.select_for_update()
            .select_related("leave_type", "applicant__section")
            .get(pk=leave.pk)
        )
        if refusal := report_back_refusal(actor, locked, today):
            raise LeaveError(refusal)
        if returned_on > today:
            raise LeaveError("返岗日期不能晚于今天。")
        # The return day and the days given back are the closed month's facts, if in one.
        changed_until = max(returned_on, locked.end_date)
        if refusal := closed_refusal(locked.applicant.section_id, returned_on, changed_until):
            raise LeaveError(refusal)
        if position(returned_on, returned_half) <= position(locked.start_date, locked.start_half):
            raise LeaveError("返岗时间早于请假开始时间；如未休假，请联系审批人撤销。")
        overrides = overrides_between(locked.start_date, max(returned_on, locked.end_date))
        used = days_used_on_return(
            locked.start_date,
            locked.start_half,
            locked.end_date,
            locked.end_half,
            returned_on,
            returned_half,
            overrides,
        )
        locked.reported_at = timezone.now()
        locked.returned_on = returned_on
        locked.returned_half = returned_half
        locked.days_used = used
        locked.save(update_fields=["reported_at", "returned_on", "returned_half", "days_used"])
        if used < locked.days:
            balance_give_back(leave=locked, days=locked.days - used, acting_user=acting_user)
            refresh_attendance(
                staff_ids=[locked.applicant_id],
                start=returned_on,
                end=locked.end_date,
                acting_user=acting_user,
            )
    return locked


def chain_for_leave(leave: LeaveRequest) -> list[Staff]:
    return approval_chain(leave.applicant, float(leave.days))
