"""加班: apply in advance → chief approves → actual hours recorded → 政工科 verifies."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from attendance.closing import closed_refusal
from leave.errors import OvertimeError
from leave.models import (
    BalanceAdjustment,
    BalanceKind,
    Conversion,
    LeaveType,
    OvertimeEntry,
    OvertimeRequest,
)
from leave.services.balances import balance_adjust
from office import config
from office.approvals.models import ApprovalStatus
from office.approvals.services import approval_start
from office.audit import records_actor
from office.calendar import date_refusal
from office.dates import cn_date
from office.models import Staff
from office.notifications import notify
from office.org import Viewer, approval_chain, viewer_for
from office.text import length_refusal


def planned_hours(start: dt.time, end: dt.time) -> Decimal:
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@records_actor
def overtime_request_create(
    *,
    acting_user: AbstractBaseUser,
    date: dt.date,
    start_time: dt.time,
    end_time: dt.time,
    reason: str,
    people: list[Staff],
) -> OvertimeRequest:
    """A section applies in advance for the listed people of that section."""
    actor = acting_user.staff
    reason = reason.strip()
    if not reason:
        raise OvertimeError("请填写加班事由。")
    if date < timezone.localdate():
        raise OvertimeError("加班须事先申请，日期不能早于今天。")
    refusal = (
        date_refusal(date, "加班日期")
        or length_refusal(OvertimeRequest, reason=reason)
        or closed_refusal(actor.section_id, date)
    )
    if refusal:
        raise OvertimeError(refusal)
    if end_time <= start_time:
        raise OvertimeError("结束时间须晚于开始时间。")
    if not people:
        raise OvertimeError("请至少选择一名加班人员。")
    if any(p.section_id != actor.section_id for p in people):
        raise OvertimeError("只能为本科室人员申请加班。")
    hours = planned_hours(start_time, end_time)
    with transaction.atomic():
        # Lock the applicant so a double click cannot file the same overtime twice.
        Staff.objects.select_for_update().filter(pk=actor.pk).first()
        if OvertimeRequest.objects.filter(
            section_id=actor.section_id,
            date=date,
            status__in=[ApprovalStatus.PENDING, ApprovalStatus.APPROVED],
            start_time__lt=end_time,
            end_time__gt=start_time,
        ).exists():
            raise OvertimeError("本科室这一时段已有加班申请（审批中或已批准），无需重复提交。")
        overtime = OvertimeRequest.objects.create(
            applicant=actor,
            section_id=actor.section_id,
            date=date,
            start_time=start_time,
            end_time=end_time,
            reason=reason,
        )
        OvertimeEntry.objects.bulk_create(
            OvertimeEntry(overtime=overtime, staff=person, planned_hours=hours)
            for person in {p.pk: p for p in people}.values()
        )
        approval_start(request_obj=overtime, acting_user=acting_user)
    return overtime


def _lock(overtime: OvertimeRequest) -> OvertimeRequest:
    return OvertimeRequest.objects.select_for_update().select_related("section").get(pk=overtime.pk)


def overtime_record_refusal(staff: Staff | None, overtime: OvertimeRequest) -> str | None:
    """Why ``staff`` may not record the actual hours now (the page asks, the service raises)."""
    if staff is None or staff.pk not in (overtime.applicant_id, overtime.section.chief_id):
        return "只有申请人或本科室科长可以登记实际加班时长。"
    if not overtime.is_approved:
        return f"该加班申请{overtime.get_status_display()}，不能登记时长。"
    if overtime.verified_at is not None:
        return "政工科已核实，不能再修改时长。"
    if overtime.date > timezone.localdate():
        return "加班日期之后才能登记实际时长。"
    return closed_refusal(overtime.section_id, overtime.date)


def overtime_verify_refusal(viewer: Viewer, overtime: OvertimeRequest) -> str | None:
    """Why ``viewer`` may not verify the recorded hours now (the page asks, the service raises)."""
    if not viewer.is_personnel:
        return "只有政工科可以核实加班。"
    if overtime.verified_at is not None:
        return "该加班已核实。"
    if overtime.recorded_at is None:
        return "尚未登记实际时长，不能核实。"
    return closed_refusal(overtime.section_id, overtime.date)


@records_actor
def overtime_record_actual(
    *, overtime: OvertimeRequest, hours: dict[int, Decimal], acting_user: AbstractBaseUser
) -> OvertimeRequest:
    """After the date, the applicant or the chief records each person's actual hours."""
    actor = acting_user.staff
    with transaction.atomic():
        locked = _lock(overtime)
        if refusal := overtime_record_refusal(actor, locked):
            raise OvertimeError(refusal)
        elapsed = _hours_since_start(locked)
        if elapsed <= 0:
            raise OvertimeError("加班尚未开始，开始之后才能登记实际时长。")
        entries = list(locked.entries.select_for_update())
        if {e.staff_id for e in entries} != set(hours):
            raise OvertimeError("请为每位加班人员填写实际时长（未加班填0）。")
        margin = Decimal(config.get("overtime_record_margin_hours"))
        for entry in entries:
            value = hours[entry.staff_id]
            if refusal := _actual_hours_refusal(value, entry.planned_hours + margin, elapsed):
                raise OvertimeError(refusal)
            entry.actual_hours = value
            entry.save(update_fields=["actual_hours"])
        locked.recorded_at = timezone.now()
        locked.recorded_by = actor
        locked.save(update_fields=["recorded_at", "recorded_by"])
    return locked


def _hours_since_start(overtime: OvertimeRequest) -> Decimal:
    """Hours from the approved start to now: no one can have worked longer than that."""
    start = dt.datetime.combine(
        overtime.date, overtime.start_time, tzinfo=timezone.get_current_timezone()
    )
    return Decimal((timezone.now() - start).total_seconds()) / 3600


def _actual_hours_refusal(value: Decimal, most: Decimal, elapsed: Decimal) -> str | None:
    if value < 0:
        return "实际时长不能为负数。"
    if value > most:
        return (
            f"实际时长最多为批准时长加{config.get('overtime_record_margin_hours')}小时，"
            f"即{most.normalize():f}小时；确有更长加班请另行申请。"
        )
    if value > elapsed:
        return "实际时长超过了从加班开始到现在的时间，不能登记尚未发生的加班。"
    return None


@records_actor
def overtime_verify(*, overtime: OvertimeRequest, acting_user: AbstractBaseUser) -> OvertimeRequest:
    """政工科 confirms the recorded hours; they become 调休 days or 绩效 hours per setting."""
    viewer = viewer_for(acting_user)
    actor = acting_user.staff
    if refusal := overtime_verify_refusal(viewer, overtime):
        raise OvertimeError(refusal)
    settings = config.snapshot()
    conversion = settings["overtime_conversion"]
    per_day = Decimal(settings["overtime_hours_per_day"])
    with transaction.atomic():
        locked = _lock(overtime)
        if refusal := overtime_verify_refusal(viewer, locked):
            raise OvertimeError(refusal)
        comp_type = LeaveType.objects.filter(balance_kind=BalanceKind.COMP_TIME).first()
        if conversion == Conversion.COMP_TIME and comp_type is None:
            raise OvertimeError("没有启用“调休”假别，无法折算。")
        entries = list(locked.entries.select_for_update().select_related("staff"))
        for entry in entries:
            entry.verified_hours = entry.actual_hours
            entry.save(update_fields=["verified_hours"])
            if conversion == Conversion.COMP_TIME and entry.verified_hours:
                balance_adjust(
                    staff=entry.staff,
                    leave_type=comp_type,
                    year=locked.date.year,
                    days=(entry.verified_hours / per_day).quantize(Decimal("0.0001")),
                    reason=f"{cn_date(locked.date)}加班{entry.verified_hours}小时",
                    acting_user=acting_user,
                    source=BalanceAdjustment.Source.OVERTIME,
                    overtime=locked,
                )
        locked.verified_at = timezone.now()
        locked.verified_by = actor
        locked.conversion = conversion
        locked.save(update_fields=["verified_at", "verified_by", "conversion"])
        notify(
            user_ids=[locked.applicant.user_id, *(e.staff.user_id for e in entries)],
            title=f"加班已核实：{cn_date(locked.date)}",
            body=f"{locked}，{locked.get_conversion_display()}。",
            url=locked.get_absolute_url(),
            acting_user=acting_user,
        )
    return locked


def chain_for_overtime(overtime: OvertimeRequest) -> list[Staff]:
    # Overtime is a short matter for the chief alone (a chief's own goes to the deputy).
    return approval_chain(overtime.applicant, 0.5, is_leave=False)
