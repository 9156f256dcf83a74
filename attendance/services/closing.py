"""考勤封帐: close and reopen a unit's month; 更正申请: file one, apply it when approved.

Who may: closing and the pre-close page are for the unit's 政工科 (and the city administrator,
for any unit); reopening is for the unit's 政工科 only, with a reason. A correction is filed by
the person, their chief or their unit's 政工科, and approved by another member of that 政工科.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from attendance.closing import (
    close_in_force,
    closed_refusal,
    may_close_unit,
    month_ended,
    month_open_items,
    open_items_text,
)
from attendance.errors import AttendanceError
from attendance.models import (
    AttendanceDay,
    CorrectionLine,
    CorrectionRequest,
    MonthClose,
)
from attendance.models.closing import CORRECTABLE, Half
from attendance.services.status import _days_lock
from office import roles
from office.approvals.services import approval_start
from office.archive import archive_supersede
from office.audit import records_actor
from office.models import Staff, Unit
from office.org import Viewer, director, viewer_for
from office.performance_services import performance_month_freeze, performance_month_thaw
from office.text import length_refusal


def month_close_refusal(
    viewer: Viewer, unit_id: int, year: int, month: int, *, today: dt.date | None = None
) -> str | None:
    if not may_close_unit(viewer, unit_id):
        return "只有本单位政工科可以封帐。"
    if not month_ended(year, month, today):
        return f"{year}年{month}月尚未结束，月份结束后才能封帐。"
    if close_in_force(unit_id, year, month) is not None:
        return f"{year}年{month}月已封帐，无需重复封帐。"
    return None


def month_reopen_refusal(viewer: Viewer, close: MonthClose) -> str | None:
    if viewer.is_city or not viewer.is_personnel or viewer.unit_id != close.unit_id:
        return "只有本单位政工科可以重新开帐。"
    if not close.in_force:
        return "该月已重新开帐。"
    return None


@records_actor
def month_close(
    *,
    unit: Unit,
    year: int,
    month: int,
    confirm_open: bool,
    acting_user: AbstractBaseUser,
) -> MonthClose:
    """Close the month. With items still open (the pre-close check) it is refused unless
    ``confirm_open``: 政工科 has seen the list and closes anyway, and the list is kept."""
    viewer = viewer_for(acting_user)
    with transaction.atomic():
        # One close per unit at a time: the unit row is the lock two clicks queue on.
        Unit.objects.select_for_update().get(pk=unit.pk)
        if refusal := month_close_refusal(viewer, unit.pk, year, month):
            raise AttendanceError(refusal)
        listed = open_items_text(month_open_items(unit.pk, year, month))
        if listed and not confirm_open:
            raise AttendanceError(
                f"{year}年{month}月仍有未办结事项（{listed}），请先办结；"
                "确需封帐请勾选确认后再提交。"
            )
        try:
            with transaction.atomic():
                close = MonthClose.objects.create(
                    unit=unit,
                    year=year,
                    month=month,
                    closed_at=timezone.now(),
                    closed_by=acting_user,
                    open_items=listed,
                )
        except IntegrityError as exc:
            raise AttendanceError(f"{year}年{month}月已封帐，无需重复封帐。") from exc
        # The month's 绩效 is stored as it stands, so later rule edits or findings change nothing.
        performance_month_freeze(
            unit_id=unit.pk, month=dt.date(year, month, 1), acting_user=acting_user
        )
        return close


@records_actor
def month_reopen(*, close: MonthClose, reason: str, acting_user: AbstractBaseUser) -> MonthClose:
    """Reopen a closed month: it accepts changes again; its stored exports are kept but
    marked superseded (the next close stores new ones)."""
    viewer = viewer_for(acting_user)
    reason = reason.strip()
    if not reason:
        raise AttendanceError("请填写重新开帐的理由。")
    if refusal := length_refusal(MonthClose, reopen_reason=reason):
        raise AttendanceError(refusal)
    with transaction.atomic():
        locked = MonthClose.objects.select_for_update().get(pk=close.pk)
        if refusal := month_reopen_refusal(viewer, locked):
            raise AttendanceError(refusal)
        locked.reopened_at = timezone.now()
        locked.reopened_by = acting_user
        locked.reopen_reason = reason
        locked.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
        archive_supersede(unit_id=locked.unit_id, year=locked.year, month=locked.month)
        performance_month_thaw(
            unit_id=locked.unit_id,
            month=dt.date(locked.year, locked.month, 1),
            acting_user=acting_user,
        )
    return locked


# --- 更正申请 ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineInput:
    date: dt.date
    half: str
    status: str


MAX_LINES = 62  # two halves of every day of a month


def correction_file_refusal(viewer: Viewer, staff: Staff) -> str | None:
    """The person themselves, their chief, or their unit's 政工科 may ask for a correction."""
    if viewer.staff is not None and viewer.staff.pk == staff.pk:
        return None
    if staff.section_id in viewer.led_section_ids:
        return None
    if viewer.is_personnel and not viewer.is_city and staff.section_id in viewer.unit_section_ids:
        return None
    return "只能为本人、本科室人员（科长）或本单位人员（政工科）提交更正申请。"


def correction_chain(request_obj: CorrectionRequest) -> list[Staff]:
    """The unit's 政工科 decides: its first active member other than the applicant. When
    政工科 is the applicant's alone (a one-person 政工科 filing), the unit's director decides,
    so nobody approves their own correction."""
    unit_id = request_obj.staff.section.unit_id
    person = (
        Staff.objects.filter(user__groups__name=roles.PERSONNEL, section__unit_id=unit_id)
        .exclude(status=Staff.Status.LEFT)
        .exclude(pk=request_obj.applicant_id)
        .order_by("pk")
        .first()
    ) or director(unit_id)
    return [person] if person and person.pk != request_obj.applicant_id else []


def _halves(half: str) -> list[str]:
    return ["am", "pm"] if half == Half.DAY else [half]


def _check_lines(staff: Staff, lines: list[LineInput]) -> None:
    if not lines:
        raise AttendanceError("请至少填写一个要更正的日期。")
    if len(lines) > MAX_LINES:
        raise AttendanceError(f"一次更正最多{MAX_LINES}项，请分次提交。")
    today = timezone.localdate()
    seen: set[tuple[dt.date, str]] = set()
    for line in lines:
        if line.status not in dict(CORRECTABLE):
            raise AttendanceError("请选择要更正为的考勤状态。")
        if line.half not in Half.values:
            raise AttendanceError("请选择上午、下午或全天。")
        if line.date >= today:
            raise AttendanceError("只能更正已过去日期的考勤。")
        if closed_refusal(staff.section_id, line.date) is None:
            raise AttendanceError(
                f"{line.date:%Y年%m月}尚未封帐，{line.date:%m月%d日}的考勤请按请假、补卡等正常流程办理。"
            )
        for half in _halves(line.half):
            if (line.date, half) in seen:
                raise AttendanceError(f"{line.date:%Y年%m月%d日}重复填写，请合并为一项。")
            seen.add((line.date, half))
    stored = set(
        AttendanceDay.objects.filter(
            staff=staff, date__in={line.date for line in lines}
        ).values_list("date", flat=True)
    )
    for line in lines:
        if line.date not in stored and line.half != Half.DAY:
            raise AttendanceError(f"{line.date:%Y年%m月%d日}没有已结算的考勤，请按全天更正。")


@records_actor
def correction_create(
    *, staff: Staff, reason: str, lines: list[LineInput], acting_user: AbstractBaseUser
) -> CorrectionRequest:
    """更正申请 for named person-days of closed months; goes to the unit's 政工科."""
    viewer = viewer_for(acting_user)
    actor = acting_user.staff
    if refusal := correction_file_refusal(viewer, staff):
        raise AttendanceError(refusal)
    reason = reason.strip()
    if not reason:
        raise AttendanceError("请填写更正理由。")
    if refusal := length_refusal(CorrectionRequest, reason=reason):
        raise AttendanceError(refusal)
    _check_lines(staff, lines)
    with transaction.atomic():
        Staff.objects.select_for_update().filter(pk=actor.pk).first()
        request_obj = CorrectionRequest(applicant=actor, staff=staff, reason=reason)
        if not correction_chain(request_obj):
            raise AttendanceError("本单位政工科和主任均无其他人员可以审批这项更正，请联系管理员。")
        request_obj.save()
        CorrectionLine.objects.bulk_create(
            CorrectionLine(request=request_obj, date=line.date, half=line.half, status=line.status)
            for line in lines
        )
        approval_start(request_obj=request_obj, acting_user=acting_user)
    return request_obj


def _status_text(row: AttendanceDay | None) -> str:
    if row is None:
        return "无记录"
    return f"{row.get_am_status_display()}/{row.get_pm_status_display()}"


@records_actor
def correction_on_approved(
    request_obj: CorrectionRequest, /, *, acting_user: AbstractBaseUser | None
) -> None:
    """The approval hook: set exactly the named half-days, nothing else, in the deciding
    transaction. This is the one writer that changes a closed month's days on purpose: it
    does not ask the closed-month guard, and the engine's skip does not concern it (it writes
    the rows itself). Each row keeps a history copy naming the approver."""
    _days_lock(wait=True)
    lines = list(request_obj.lines.all())
    rows = {
        row.date: row
        for row in AttendanceDay.objects.select_for_update().filter(
            staff_id=request_obj.staff_id, date__in={line.date for line in lines}
        )
    }
    now = timezone.now()
    label = f"更正申请第{request_obj.pk}号"
    for line in lines:
        row = rows.get(line.date)
        line.before = _status_text(row)
        line.save(update_fields=["before"])
        if row is None:
            row = AttendanceDay(staff_id=request_obj.staff_id, date=line.date)
            rows[line.date] = row
        for half in _halves(line.half):
            setattr(row, f"{half}_status", line.status)
        row.labels = f"{row.labels}；{label}".strip("；")[:200]
        row.computed_at = now
        row.is_final = True
        row.save()
    request_obj.applied_at = now
    request_obj.save(update_fields=["applied_at"])
    # The corrected days are the month's record now: its stored exports are superseded (kept)
    # and its 绩效 is stored again from them.
    unit_id = request_obj.staff.section.unit_id
    for first in {line.date.replace(day=1) for line in lines}:
        archive_supersede(unit_id=unit_id, year=first.year, month=first.month)
        performance_month_thaw(unit_id=unit_id, month=first, acting_user=acting_user)
        performance_month_freeze(unit_id=unit_id, month=first, acting_user=acting_user)
