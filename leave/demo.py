"""Demo leave and overtime for `manage.py seed_demo`: every state, through the real services.

Idempotent: if any leave request exists, nothing is added. People are found by 工号 from
office/demo.py (11xx 综合科 with chief 1101 and deputy 1002, 12xx 秘书一科, 6001 政工科).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.db import transaction

from leave.models import LeaveRequest, LeaveType, OvertimeRequest
from leave.services import (
    leave_flag_overdue,
    leave_report_back,
    leave_request_create,
    overtime_record_actual,
    overtime_request_create,
    overtime_verify,
)
from office.approvals.services import (
    ApprovalError,
    approval_decide,
    approval_withdraw,
    delegation_create,
)
from office.calendar import add_working_days, overrides_between
from office.models import Staff
from office.org import approval_chain

log = logging.getLogger(__name__)


def _working_day_before(today: dt.date, count: int) -> dt.date:
    """The working day ``count`` working days before ``today``."""
    overrides = overrides_between(today - dt.timedelta(days=count * 3 + 30), today)
    day, left = today, count
    while left > 0:
        day -= dt.timedelta(days=1)
        if overrides.get(day, day.weekday() < 5):
            left -= 1
    return day


def _attempt(label: str, action: Callable[[], object]) -> object | None:
    """A demo step the office cannot take (no chief posted, no balance) is skipped, not fatal."""
    try:
        with transaction.atomic():
            return action()
    except (ApprovalError, Staff.DoesNotExist, LeaveType.DoesNotExist) as exc:
        log.info("演示数据跳过“%s”：%s", label, getattr(exc, "message", exc))
        return None


def _approve_all(leave: LeaveRequest) -> LeaveRequest:
    for approver in approval_chain(leave.applicant, float(leave.days)):
        leave = approval_decide(
            request_obj=leave, acting_user=approver.user, approve=True, comment="同意"
        )
    return leave


def _approve_steps(leave: LeaveRequest, steps: int) -> LeaveRequest:
    """The first ``steps`` approvers of the chain say yes; the next one is still to decide."""
    for approver in approval_chain(leave.applicant, float(leave.days))[:steps]:
        leave = approval_decide(
            request_obj=leave, acting_user=approver.user, approve=True, comment="同意"
        )
    return leave


def _leave(
    staff_no: str, code: str, start: dt.date, end: dt.date, reason: str, **halves: str
) -> LeaveRequest:
    return leave_request_create(
        acting_user=Staff.objects.select_related("section").get(staff_no=staff_no).user,
        leave_type=LeaveType.objects.get(code=code),
        start_date=start,
        start_half=halves.get("start_half", "am"),
        end_date=end,
        end_half=halves.get("end_half", "pm"),
        reason=reason,
    )


def _past_leave(
    staff_no: str, start: dt.date, end: dt.date, reason: str, back: dt.date | None
) -> None:
    leave = _approve_all(_leave(staff_no, "personal", start, end, reason))
    if back is not None:
        leave_report_back(
            leave=leave, acting_user=leave.applicant.user, returned_on=back, returned_half="am"
        )


def _seed_leave(today: dt.date) -> None:
    soon = add_working_days(today, 3)
    later = add_working_days(today, 8)
    # Leave at each step of the chain: waiting in chief 1101's inbox (1 day), approved by the
    # chief and waiting for deputy 1002 (2 days), approved by both and waiting for director
    # 1001 (5 days).
    _attempt("1102事假", lambda: _leave("1102", "personal", soon, soon, "孩子学校开家长会"))
    _attempt(
        "1103年休假",
        lambda: _approve_steps(
            _leave("1103", "annual", later, add_working_days(later, 1), "回老家探望父母"), 1
        ),
    )
    _attempt(
        "1109年休假",
        lambda: _approve_steps(
            _leave("1109", "annual", later, add_working_days(later, 4), "带父亲到省城做手术"), 2
        ),
    )
    _attempt("1104病假", lambda: _leave("1104", "sick", soon, soon, "复查牙齿", end_half="am"))
    # Decided in the last weeks, reported back on time.
    two_weeks = _working_day_before(today, 10)
    _attempt(
        "1105已销假",
        lambda: _past_leave(
            "1105",
            two_weeks,
            add_working_days(two_weeks, 1),
            "办理房产过户手续",
            add_working_days(two_weeks, 2),
        ),
    )
    last_week = _working_day_before(today, 5)
    _attempt(
        "1202已销假",
        lambda: _past_leave(
            "1202", last_week, last_week, "陪同家人就医", add_working_days(last_week, 1)
        ),
    )
    # Ended four working days ago and never reported back: the daily job flags it.
    overdue = _working_day_before(today, 4)
    _attempt("1106逾期未销假", lambda: _past_leave("1106", overdue, overdue, "处理家中漏水", None))
    # Out today.
    _attempt(
        "1203在假",
        lambda: _approve_all(
            _leave("1203", "personal", today, add_working_days(today, 1), "办理子女入学")
        ),
    )
    rejected = _attempt("1107事假", lambda: _leave("1107", "personal", soon, soon, "外出旅游"))
    if rejected is not None:
        _attempt(
            "驳回",
            lambda: approval_decide(
                request_obj=rejected,
                acting_user=Staff.objects.get(staff_no="1101").user,
                approve=False,
                comment="本周迎检任务重，请改期",
            ),
        )
    withdrawn = _attempt("1108事假", lambda: _leave("1108", "personal", later, later, "办理证件"))
    if withdrawn is not None:
        _attempt(
            "撤回",
            lambda: approval_withdraw(request_obj=withdrawn, acting_user=withdrawn.applicant.user),
        )
    leave_flag_overdue(today=today, acting_user=None)


def _seed_overtime(today: dt.date) -> None:
    def staff(*numbers: str) -> list[Staff]:
        return list(Staff.objects.select_related("section").filter(staff_no__in=numbers))

    def apply(
        applicant: str, day: dt.date, start: int, end: int, reason: str, people: tuple[str, ...]
    ):
        return overtime_request_create(
            acting_user=staff(applicant)[0].user,
            date=day,
            start_time=dt.time(start),
            end_time=dt.time(end),
            reason=reason,
            people=staff(*people),
        )

    def approved(overtime):
        for approver in approval_chain(overtime.applicant, 0.5, is_leave=False):
            overtime = approval_decide(
                request_obj=overtime, acting_user=approver.user, approve=True
            )
        return overtime

    def through(overtime, verify: bool) -> None:
        hours = {entry.staff_id: entry.planned_hours for entry in overtime.entries.all()}
        overtime = overtime_record_actual(
            overtime=overtime, hours=hours, acting_user=overtime.applicant.user
        )
        if verify:
            overtime_verify(overtime=overtime, acting_user=Staff.objects.get(staff_no="6001").user)

    def worked(overtime, day: dt.date):
        """Overtime is applied for in advance, so a past one is applied for today and then
        dated back to the day it was worked (demo data only), before its hours are recorded."""
        overtime = approved(overtime)
        OvertimeRequest.objects.filter(pk=overtime.pk).update(date=day)
        overtime.refresh_from_db()
        return overtime

    # Worked on past days: one verified by 政工科, one still to verify. Tonight's is applied
    # for and approved, not yet worked (its hours are recorded tomorrow).
    _attempt(
        "加班已核实",
        lambda: through(
            worked(
                apply("1101", today, 18, 22, "赶写全市工作会议主报告", ("1101", "1102", "1103")),
                _working_day_before(today, 5),
            ),
            True,
        ),
    )
    _attempt(
        "加班待核实",
        lambda: through(
            worked(
                apply("1202", today, 19, 21, "整理督查通报材料", ("1202", "1204")),
                _working_day_before(today, 1),
            ),
            False,
        ),
    )
    _attempt(
        "今晚加班",
        lambda: approved(
            apply("1101", today, 18, 21, "准备明天迎检汇报材料", ("1101", "1102", "1104"))
        ),
    )
    saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7 or 7)
    _attempt(
        "加班待审批",
        lambda: apply("1102", saturday, 9, 12, "准备周一常务会议材料", ("1102", "1104")),
    )


def seed(*, today: dt.date) -> None:
    if LeaveRequest.objects.exists():
        return
    _seed_leave(today)
    _seed_overtime(today)
    people = {p.staff_no: p for p in Staff.objects.filter(staff_no__in=["1002", "1003"])}
    if len(people) == 2:
        start = add_working_days(today, 5)
        _attempt(
            "委托代批",
            lambda: delegation_create(
                delegator=people["1002"],
                delegate=people["1003"],
                start=start,
                end=start + dt.timedelta(days=6),
                acting_user=None,
            ),
        )
