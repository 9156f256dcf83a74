"""Attendance charts of the 统计看板 (registered in apps.py): each one GROUP BY query on the
stored days (AttendanceDay), so the number of queries does not grow with the staff."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek
from django.urls import reverse

from attendance.models import AttendanceDay, DayStatus
from office.dashboard import ChartData, Scope, by_section, percent, weeks_back
from office.org import Viewer

# 出勤: a working half-day the person was at work or on duty (clocked in late or left early,
# missed one clock of the two, or out/on a trip on approved business). Not 出勤: 旷工 and 请假.
# Not expected at all: 休息 (not a working half) and 未到 (the half is not over yet).
PRESENT_STATUSES = (
    DayStatus.NORMAL,
    DayStatus.LATE,
    DayStatus.EARLY,
    DayStatus.MISSING,
    DayStatus.OUTING,
    DayStatus.TRIP,
)
NOT_EXPECTED_STATUSES = (DayStatus.REST, DayStatus.PENDING)
ANOMALIES = ((DayStatus.LATE, "迟到"), (DayStatus.EARLY, "早退"), (DayStatus.ABSENT, "旷工"))


def halves(statuses: tuple[str, ...], *, exclude: bool = False) -> Count:
    """Count of half-days (am and pm separately) whose status is (or, ``exclude``, is not) in
    ``statuses``: one COUNT per half, added."""
    am, pm = Q(am_status__in=statuses), Q(pm_status__in=statuses)
    if exclude:
        am, pm = ~am, ~pm
    return Count("pk", filter=am) + Count("pk", filter=pm)


def _days(scope: Scope, start: dt.date, *, ended: bool = False) -> object:
    """The scope's stored days from ``start``; with ``ended`` only days before today: today's
    rows are few and lopsided until the day is over (a leave stored ahead, no one in yet), so a
    rate counted on them reads 0 % on a Monday morning."""
    until = min(scope.until, scope.today - dt.timedelta(days=1)) if ended else scope.until
    return AttendanceDay.objects.filter(
        staff__section_id__in=scope.section_ids, date__range=(start, until)
    ).order_by()


def grid_link(
    viewer: Viewer, scope: Scope, month: str, *, section_id: int | None = None, status: str = ""
) -> str:
    """The month grid behind a bar: all sections (filtered) for those who see the whole unit,
    the one section's grid for a chief or deputy; "" when no one grid holds it."""
    if viewer.sees_whole_unit:
        params = {"month": month, "section": section_id or "", "status": status}
        query = urlencode({k: v for k, v in params.items() if v})
        return f"{reverse('attendance:all_sections')}?{query}"
    if section_id is None and len(scope.sections) == 1:
        section_id = scope.section_ids[0]
    if section_id is None or not viewer.oversees_section(section_id):
        return ""
    return f"{reverse('attendance:section_month', args=[section_id])}?month={month}"


def rate_by_section(viewer: Viewer, scope: Scope) -> ChartData:
    """出勤率 of each section (or unit, over many) in the month up to yesterday: present /
    expected half-days."""
    rows = {
        r.pop("staff__section_id"): r
        for r in _days(scope, scope.first, ended=True)
        .values("staff__section_id")
        .annotate(
            expected=halves(NOT_EXPECTED_STATUSES, exclude=True), present=halves(PRESENT_STATUSES)
        )
    }
    return by_section(
        scope,
        rows,
        series=[("出勤率", lambda c: percent(c.get("present", 0), c.get("expected", 0)))],
        link=lambda pk: grid_link(viewer, scope, scope.month, section_id=pk),
        worst="出勤率最低",
        ascending=True,
        unit="%",
        note="出勤率 = 出勤半天数 ÷ 应出勤半天数（截至昨天，不含休息日和未认定的半天）。",
    )


def _by_week(
    scope: Scope, *, ended: bool = False, **counts: Count
) -> tuple[list[dt.date], dict[dt.date, dict]]:
    mondays = weeks_back(scope)
    rows = {
        _as_date(r["week"]): r
        for r in _days(scope, mondays[0], ended=ended)
        .annotate(week=TruncWeek("date"))
        .values("week")
        .annotate(**counts)
    }
    return mondays, rows


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _week_label(monday: dt.date) -> str:
    return f"{monday.month}月{monday.day}日"


def rate_by_week(viewer: Viewer, scope: Scope) -> ChartData:
    """出勤率 of the scope's sections week by week, the 12 weeks up to the period's end."""
    mondays, rows = _by_week(
        scope,
        ended=True,
        expected=halves(NOT_EXPECTED_STATUSES, exclude=True),
        present=halves(PRESENT_STATUSES),
    )
    values = [
        percent(rows[m]["present"], rows[m]["expected"]) if m in rows else None for m in mondays
    ]
    return ChartData(
        categories=[_week_label(m) for m in mondays],
        series=[{"name": "出勤率", "data": values}],
        links=[grid_link(viewer, scope, f"{m:%Y-%m}") for m in mondays],
        unit="%",
        note="每周一开始，共12周。",
    )


def anomalies_by_week(viewer: Viewer, scope: Scope) -> ChartData:
    """迟到 / 早退 / 旷工 half-days week by week, the 12 weeks up to the period's end."""
    mondays, rows = _by_week(scope, **{s: halves((s,)) for s, _ in ANOMALIES})
    series = [
        {
            "name": label,
            "data": [rows[m][status] if m in rows else 0 for m in mondays],
            "links": [grid_link(viewer, scope, f"{m:%Y-%m}", status=status) for m in mondays],
        }
        for status, label in ANOMALIES
    ]
    return ChartData(
        categories=[_week_label(m) for m in mondays],
        series=series,
        unit="半天",
        note="按半天计数；每周一开始，共12周。",
    )


def may_see(viewer: Viewer) -> bool:
    """Leaders, 政工科 and 督导小组 (who counts attendance anomalies in the notice)."""
    return viewer.sees_whole_unit or viewer.runs_inspections or bool(viewer.managed_section_ids)
