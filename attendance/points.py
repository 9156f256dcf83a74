"""绩效 lines from the stored day statuses (registered in AttendanceConfig.ready())."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Q

from attendance.models import AttendanceDay, DayStatus
from office.performance import Line, Scope, url_for_each

# status -> the kind of 绩效 line one half-day of it is
KIND_OF = {
    DayStatus.ABSENT: "absent_half_day",
    DayStatus.LATE: "late",
    DayStatus.EARLY: "early",
}
HALVES = ("上午", "下午")


def attendance_points(scope: Scope, first: dt.date, last: dt.date) -> Iterator[Line]:
    """One line per day and kind: the half-days 旷工, and each half 迟到 or 早退 (one query)."""
    counted = list(KIND_OF)
    rows = (
        AttendanceDay.objects.filter(scope.staff_q("staff__"), date__range=(first, last))
        .filter(Q(am_status__in=counted) | Q(pm_status__in=counted))
        .order_by()
        .values_list("staff_id", "date", "am_status", "pm_status", "late_minutes", "early_minutes")
    )
    month_of = url_for_each("attendance:staff_month")
    for staff_id, date, am_status, pm_status, late_minutes, early_minutes in rows:
        # The person's month page, at the day's cell.
        url = f"{month_of(staff_id)}?month={date:%Y-%m}#d-{date:%Y-%m-%d}"
        minutes = {DayStatus.LATE: late_minutes, DayStatus.EARLY: early_minutes}
        for status, kind in KIND_OF.items():
            halves = [
                half for half, s in zip(HALVES, (am_status, pm_status), strict=True) if s == status
            ]
            if not halves:
                continue
            when = "全天" if len(halves) == 2 and status == DayStatus.ABSENT else "、".join(halves)
            text = f"{date.month}月{date.day}日 {when}{status.label}"
            if minutes.get(status):
                text += f"（{minutes[status]}分钟）"
            yield Line(staff_id, date, kind, Decimal(len(halves)), text, url)
