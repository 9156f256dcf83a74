"""补卡 and 外出: create, approve hooks, return. Approval itself is office.approvals'."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import partial

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from attendance.closing import closed_or_raise, closed_refusal
from attendance.covers import Cover
from attendance.engine import DayHours
from attendance.errors import AttendanceError
from attendance.models import ClockRecord, MakeUpRequest, OutingRequest
from attendance.schedules import load_book
from attendance.services.status import day_status_refresh
from office import calendar, config
from office.approvals.models import ApprovalStatus
from office.approvals.services import ApprovalError, approval_start
from office.audit import records_actor
from office.dates import cn_date, cn_month
from office.models import Staff
from office.org import approval_chain
from office.text import length_refusal

COUNTED = [ApprovalStatus.PENDING, ApprovalStatus.APPROVED]


def request_chain(request_obj: MakeUpRequest | OutingRequest) -> list[Staff]:
    """Both kinds go to the chief (a chief's own to the deputy): the half-day chain."""
    return approval_chain(request_obj.applicant, 0.5, is_leave=False)


def makeup_used(staff: Staff, day: dt.date) -> int:
    """补卡 requests pending or approved in the calendar month of ``day``."""
    return MakeUpRequest.objects.filter(
        applicant=staff, date__year=day.year, date__month=day.month, status__in=COUNTED
    ).count()


def makeup_open_from(today: dt.date) -> dt.date:
    """The first day a 补卡 may still be filed for: the previous month's first day.

    Attendance of older months is settled. A closed month (考勤封帐) is refused besides, by
    ``attendance.closing.closed_refusal``, even when it is the previous one.
    """
    first_of_month = today.replace(day=1)
    return (first_of_month - dt.timedelta(days=1)).replace(day=1)


def _makeup_time_refusal(
    date: dt.date, point_due: dt.time, claimed_time: dt.time, now: dt.datetime
) -> str | None:
    """A 补卡 is for a clock point that has passed, at a time that has passed."""
    tz = timezone.get_current_timezone()
    if dt.datetime.combine(date, point_due, tzinfo=tz) > now:
        return "这个打卡点的时间还没到，到时请直接打卡，不能提前补卡。"
    if dt.datetime.combine(date, claimed_time, tzinfo=tz) > now:
        return "所填的到/离岗时间还没到，不能为尚未发生的时间补卡。"
    return None


@records_actor
def makeup_create(
    *, acting_user: AbstractBaseUser, date: dt.date, point: str, claimed_time: dt.time, reason: str
) -> MakeUpRequest:
    actor = acting_user.staff
    now = timezone.now()
    today = timezone.localdate(now)
    if date > today:
        raise AttendanceError("不能为将来的日期补卡。")
    open_from = makeup_open_from(today)
    if date < open_from:
        raise AttendanceError(
            f"只能为{cn_date(open_from)}以后（上月和本月）的日期补卡，更早的考勤已结算。"
        )
    reason = reason.strip()
    if not reason:
        raise AttendanceError("请填写补卡事由。")
    if refusal := length_refusal(MakeUpRequest, reason=reason):
        raise AttendanceError(refusal)
    if refusal := closed_refusal(actor.section_id, date):
        raise AttendanceError(refusal)
    if not calendar.is_working_day(date):
        raise AttendanceError(f"{cn_date(date)}不是工作日，无需补卡。")
    settings = config.snapshot(section_id=actor.section_id)  # the applicant's unit's
    hours = load_book().hours_for(
        actor.pk, actor.section_id, date, fallback=settings["unit_schedule"]
    )
    due = dict(hours.points_list())
    if point not in due:
        raise AttendanceError("您当天的作息没有这个打卡点，请重新选择。")
    if refusal := _makeup_time_refusal(date, due[point], claimed_time, now):
        raise AttendanceError(refusal)
    with transaction.atomic():
        # Lock the applicant so two tabs cannot both slip under the monthly limit.
        Staff.objects.select_for_update().get(pk=actor.pk)
        limit = settings["makeup_monthly_limit"]
        if makeup_used(actor, date) >= limit:
            raise AttendanceError(
                f"{cn_month(date)}已有{limit}次补卡申请（审批中或已批准），已达每月上限，不能再申请。"
            )
        if ClockRecord.objects.filter(staff=actor, date=date, point=point).exists():
            raise AttendanceError("这一次打卡已有记录，无需补卡。")
        if MakeUpRequest.objects.filter(
            applicant=actor, date=date, point=point, status=ApprovalStatus.PENDING
        ).exists():
            raise AttendanceError("这一次打卡已有审批中的补卡申请，请勿重复提交。")
        request_obj = MakeUpRequest.objects.create(
            applicant=actor,
            date=date,
            point=point,
            claimed_time=claimed_time,
            reason=reason,
        )
        approval_start(request_obj=request_obj, acting_user=acting_user)
    return request_obj


def makeup_on_approved(request_obj: MakeUpRequest, *, acting_user: AbstractBaseUser | None) -> None:
    """Add the clock record marked 补卡 and linked to the request, then refresh that day."""
    closed_or_raise(request_obj.applicant.section_id, request_obj.date)
    at = dt.datetime.combine(
        request_obj.date, request_obj.claimed_time, tzinfo=timezone.get_current_timezone()
    )
    record, created = ClockRecord.objects.get_or_create(
        staff_id=request_obj.applicant_id,
        date=request_obj.date,
        point=request_obj.point,
        defaults={"at": at, "source": ClockRecord.Source.MAKEUP, "makeup": request_obj},
    )
    if not created:
        raise ApprovalError("这一次打卡在审批期间已有记录，补卡不再需要，请驳回或由申请人撤回。")
    day_status_refresh(
        staff_ids=[request_obj.applicant_id],
        start=request_obj.date,
        end=request_obj.date,
        acting_user=acting_user,
    )


@records_actor
def outing_create(
    *,
    acting_user: AbstractBaseUser,
    destination: str,
    reason: str,
    start: dt.datetime,
    expected_return: dt.datetime,
) -> OutingRequest:
    actor = acting_user.staff
    if expected_return <= start:
        raise AttendanceError("预计返回时间必须晚于外出时间。")
    if start.date() != expected_return.date() and (expected_return - start).days >= 1:
        raise AttendanceError("外出报备用于当天的短时外出；一天以上请申请公出或请假。")
    destination, reason = destination.strip(), reason.strip()
    if not destination or not reason:
        raise AttendanceError("请填写外出地点和事由。")
    refusal = (
        calendar.date_refusal(start, "外出时间")
        or calendar.date_refusal(expected_return, "预计返回时间")
        or length_refusal(OutingRequest, destination=destination, reason=reason)
        or closed_refusal(actor.section_id, timezone.localdate(start))
    )
    if refusal:
        raise AttendanceError(refusal)
    with transaction.atomic():
        # Lock the person so a double tap cannot file the same outing twice.
        Staff.objects.select_for_update().filter(pk=actor.pk).first()
        overlapping = OutingRequest.objects.filter(
            applicant=actor,
            status__in=COUNTED,
            returned_at__isnull=True,
            start__lt=expected_return,
            expected_return__gt=start,
        )
        if overlapping.exists():
            raise AttendanceError("这段时间已有外出报备（审批中或已批准），无需重复提交。")
        request_obj = OutingRequest.objects.create(
            applicant=actor,
            destination=destination,
            reason=reason,
            start=start,
            expected_return=expected_return,
        )
        approval_start(request_obj=request_obj, acting_user=acting_user)
    return request_obj


def _refresh_outing_days(
    request_obj: OutingRequest, *, acting_user: AbstractBaseUser | None
) -> None:
    start = timezone.localtime(request_obj.start).date()
    end = timezone.localtime(request_obj.returned_at or request_obj.expected_return).date()
    closed_or_raise(request_obj.applicant.section_id, start, end)
    day_status_refresh(
        staff_ids=[request_obj.applicant_id], start=start, end=end, acting_user=acting_user
    )


def outing_on_approved(request_obj: OutingRequest, *, acting_user: AbstractBaseUser | None) -> None:
    _refresh_outing_days(request_obj, acting_user=acting_user)


def outing_on_cancelled(
    request_obj: OutingRequest, *, acting_user: AbstractBaseUser | None
) -> None:
    _refresh_outing_days(request_obj, acting_user=acting_user)


def outing_return_refusal(
    staff: Staff, outing: OutingRequest, now: dt.datetime | None = None
) -> str | None:
    """Why ``staff`` may not register their return from ``outing`` (at ``now``), or None."""
    if outing.applicant_id != staff.pk:
        return "只有外出人本人可以登记返回。"
    if outing.status != ApprovalStatus.APPROVED:
        return f"该外出报备{outing.get_status_display()}，不能登记返回。"
    if outing.returned_at is not None:
        return "已登记返回，无需重复操作。"
    if (now or timezone.now()) < outing.start:
        return "外出尚未开始，不能登记返回；如不再外出请联系审批人撤销。"
    return closed_refusal(staff.section_id, timezone.localdate(outing.start))


@records_actor
def outing_return(
    *, request_obj: OutingRequest, acting_user: AbstractBaseUser, now: dt.datetime
) -> OutingRequest:
    """返回: the applicant closes an approved outing with the actual return time."""
    actor = acting_user.staff
    with transaction.atomic():
        locked = OutingRequest.objects.select_for_update().get(pk=request_obj.pk)
        if refusal := outing_return_refusal(actor, locked, now):
            raise AttendanceError(refusal)
        if now > timezone.now():
            raise AttendanceError("返回时间不能晚于现在，请在返回后再登记。")
        locked.returned_at = now
        locked.save(update_fields=["returned_at"])
        _refresh_outing_days(locked, acting_user=acting_user)
    return locked


def _halves(
    start: dt.datetime,
    end: dt.datetime,
    first: dt.date,
    last: dt.date,
    hours_on: Callable[[dt.date], DayHours],
) -> Iterable[tuple[dt.date, str]]:
    """The half-days whose working hours an interval overlaps, by the person's schedule of
    each day: an errand in the lunch break covers neither half."""
    local_start, local_end = timezone.localtime(start), timezone.localtime(end)
    tz = local_start.tzinfo
    for day in calendar.days(max(first, local_start.date()), min(last, local_end.date())):
        hours = hours_on(day)
        for half, begins, ends in (
            ("am", hours.am_start, hours.am_end),
            ("pm", hours.pm_start, hours.pm_end),
        ):
            if local_start < dt.datetime.combine(
                day, ends, tzinfo=tz
            ) and local_end > dt.datetime.combine(day, begins, tzinfo=tz):
                yield day, half


def outing_covers(staff_ids: list[int] | None, start: dt.date, end: dt.date) -> list[Cover]:
    """Cover provider: approved outings excuse the halves whose hours they overlap (one query;
    the schedules come from the cache)."""
    tz = timezone.get_current_timezone()
    range_start = dt.datetime.combine(start, dt.time(0), tzinfo=tz)
    range_end = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
    rows = OutingRequest.objects.filter(
        Q(returned_at__gt=range_start)
        | Q(returned_at__isnull=True, expected_return__gt=range_start),
        status=ApprovalStatus.APPROVED,
        start__lt=range_end,
    )
    if staff_ids is not None:
        rows = rows.filter(applicant_id__in=staff_ids)
    book, settings = load_book(), config.values()
    covers = []
    rows = rows.only("applicant_id", "destination", "start", "expected_return", "returned_at")
    for outing in rows.annotate(section_id=F("applicant__section_id")):
        until = outing.returned_at or outing.expected_return
        fallback = settings.of_section(outing.section_id)["unit_schedule"]
        hours_on = partial(
            book.hours_for, outing.applicant_id, outing.section_id, fallback=fallback
        )
        for day, half in _halves(outing.start, until, start, end, hours_on):
            covers.append(
                Cover(outing.applicant_id, day, half, "outing", f"外出：{outing.destination}"[:60])
            )
    return covers
