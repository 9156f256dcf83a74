"""绩效 lines from verified overtime converted to 绩效 (registered in LeaveConfig.ready())."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from leave.models import Conversion, OvertimeEntry
from office.performance import Line, Scope, url_for_each


def overtime_points(scope: Scope, first: dt.date, last: dt.date) -> Iterator[Line]:
    """Each person's verified hours of overtime that 政工科 converted to 绩效 (overtime turned
    into 调休 earns days off instead, so it is not counted); one query."""
    rows = (
        OvertimeEntry.objects.filter(
            scope.staff_q("staff__"),
            overtime__date__range=(first, last),
            overtime__verified_at__isnull=False,
            overtime__conversion=Conversion.PERFORMANCE,
            verified_hours__gt=0,
        )
        .order_by()
        .values_list("staff_id", "overtime_id", "overtime__date", "verified_hours")
    )
    detail = url_for_each("leave:overtime_detail")
    for staff_id, overtime_id, date, hours in rows:
        yield Line(
            staff_id,
            date,
            "overtime_hour",
            hours,
            f"{date.month}月{date.day}日 加班，核实{hours:g}小时",
            detail(overtime_id),
        )
