"""Approved leave excuses the half-days it covers (attendance.covers contract)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from attendance.covers import Cover
from leave.models import LeaveRequest
from leave.rules import leave_halves
from leave.services.leave import effective_end
from office.approvals.models import ApprovalStatus
from office.calendar import overrides_between


def approved_leave_between(
    staff_ids: list[int] | None,
    start: dt.date,
    end: dt.date,
    statuses: tuple[str, ...] = (ApprovalStatus.APPROVED,),
) -> list[LeaveRequest]:
    """Approved (not cancelled) leave overlapping the range, in one query; with ``statuses``
    also the leave still waiting for approval (the section's leave calendar)."""
    rows = LeaveRequest.objects.filter(
        status__in=statuses, start_date__lte=end, end_date__gte=start
    ).select_related("leave_type")
    if staff_ids is not None:
        rows = rows.filter(applicant_id__in=staff_ids)
    return list(rows)


def leave_half_days(
    leaves: list[LeaveRequest], start: dt.date, end: dt.date
) -> Iterator[tuple[LeaveRequest, dt.date, str]]:
    """Each working half-day of each leave within the range (one query: the calendar)."""
    if not leaves:
        return
    overrides = overrides_between(start, end)
    for leave in leaves:
        last_day, last_half = effective_end(leave)
        first = max(leave.start_date, start)
        first_half = leave.start_half if first == leave.start_date else "am"
        last = min(last_day, end)
        final_half = last_half if last == last_day else "pm"
        for day, half in leave_halves(first, first_half, last, final_half, overrides):
            yield leave, day, half


def leave_covers(staff_ids: list[int] | None, start: dt.date, end: dt.date) -> Iterator[Cover]:
    """Two queries whatever the range: the leave rows and the calendar overrides."""
    for leave, day, half in leave_half_days(
        approved_leave_between(staff_ids, start, end), start, end
    ):
        yield Cover(
            staff_id=leave.applicant_id,
            date=day,
            half=half,
            status="leave",
            label=leave.leave_type.name,
        )
