"""The day-status engine: plain functions of plain values, no database (PRODUCT.md §3).

Decisions, precisely:

* A half-day (上午/下午) is judged on its own clock points: with four points a day, 上午 on
  am_in/am_out and 下午 on pm_in/pm_out; with two, 上午 on ``in`` and 下午 on ``out``.
* A non-working day is 休息 whatever was clocked (a 调休 Saturday is a working day).
* A cover (approved leave, outing, business trip) for the half wins over every clock.
* Late = clocked in after the start by more than the grace; 08:30:00 is on time, 08:30:01 is
  one minute late (minutes round up). Early = clocked out before the end, the same way.
* Late or early by more than ``late_absent_minutes`` (30 min 0 s is still 迟到) is 旷工.
* When the day is over, a missing clock is 缺卡 if another clock of the half exists (with two
  points: the other clock of the day), and 旷工 when the half has no clock at all.
* Before the day is over, a half with no clock at all is 未到 until its end time, then judged
  as above (旷工, or 缺卡 with two points when the other clock exists); a half with only some of
  its clocks is judged on those alone until midnight (the other may still come, e.g. a late
  clock-out), so a 09:10 clock-in shows 旷工 at once but a missing 12:00 clock is not 缺卡 yet.
* Severity, worst first: 旷工, 缺卡, 迟到, 早退, 正常. The minutes are kept whatever the status.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from attendance.covers import Cover
from attendance.models.clock import ClockPoint, DayStatus

LOCAL = ZoneInfo("Asia/Shanghai")

SEVERITY = [DayStatus.ABSENT, DayStatus.MISSING, DayStatus.LATE, DayStatus.EARLY, DayStatus.NORMAL]
COVER_STATUS = {"leave": DayStatus.LEAVE, "trip": DayStatus.TRIP, "outing": DayStatus.OUTING}
COVER_PRIORITY = ["leave", "trip", "outing"]
HALF_NAMES = {"am": "上午", "pm": "下午"}


@dataclass(frozen=True)
class ScheduleValues:
    """One schedule version as plain values (see models.Schedule)."""

    points: int = 4
    am_start: dt.time = dt.time(8, 30)
    am_end: dt.time = dt.time(12, 0)
    summer_pm_start: dt.time = dt.time(14, 30)
    summer_pm_end: dt.time = dt.time(17, 30)
    winter_pm_start: dt.time = dt.time(14, 0)
    winter_pm_end: dt.time = dt.time(17, 0)
    summer_start: tuple[int, int] = (5, 1)
    summer_end: tuple[int, int] = (9, 30)
    grace_minutes: int = 0
    # The proofs a tap must carry: "network", "door", "device" (only the network by default).
    proofs: frozenset[str] = frozenset({"network"})


@dataclass(frozen=True)
class DayHours:
    """The hours that apply on one date (summer or winter afternoon already chosen)."""

    points: int
    am_start: dt.time
    am_end: dt.time
    pm_start: dt.time
    pm_end: dt.time
    grace_minutes: int
    is_summer: bool

    def half_points(self, half: str) -> tuple[str | None, str | None]:
        """(clock-in point, clock-out point) judged for the half."""
        if self.points == 2:
            return (ClockPoint.IN, None) if half == "am" else (None, ClockPoint.OUT)
        if half == "am":
            return ClockPoint.AM_IN, ClockPoint.AM_OUT
        return ClockPoint.PM_IN, ClockPoint.PM_OUT

    def points_list(self) -> list[tuple[str, dt.time]]:
        """Every clock point of the day with its due time, in order."""
        if self.points == 2:
            return [(ClockPoint.IN, self.am_start), (ClockPoint.OUT, self.pm_end)]
        return [
            (ClockPoint.AM_IN, self.am_start),
            (ClockPoint.AM_OUT, self.am_end),
            (ClockPoint.PM_IN, self.pm_start),
            (ClockPoint.PM_OUT, self.pm_end),
        ]


@dataclass(frozen=True)
class HalfResult:
    status: str
    late_minutes: int = 0
    early_minutes: int = 0
    label: str = ""


@dataclass(frozen=True)
class DayResult:
    am: HalfResult
    pm: HalfResult

    @property
    def late_minutes(self) -> int:
        return self.am.late_minutes + self.pm.late_minutes

    @property
    def early_minutes(self) -> int:
        return self.am.early_minutes + self.pm.early_minutes

    @property
    def labels(self) -> str:
        if self.am.label and self.am.label == self.pm.label:
            return self.am.label
        parts = [
            f"{HALF_NAMES[half]}{result.label}"
            for half, result in (("am", self.am), ("pm", self.pm))
            if result.label
        ]
        return "；".join(parts)


def is_summer(day: dt.date, start: tuple[int, int], end: tuple[int, int]) -> bool:
    """Summer runs from ``start`` to ``end`` (month, day), both included."""
    return start <= (day.month, day.day) <= end


def hours_for(schedule: ScheduleValues, day: dt.date) -> DayHours:
    summer = is_summer(day, schedule.summer_start, schedule.summer_end)
    return DayHours(
        points=schedule.points,
        am_start=schedule.am_start,
        am_end=schedule.am_end,
        pm_start=schedule.summer_pm_start if summer else schedule.winter_pm_start,
        pm_end=schedule.summer_pm_end if summer else schedule.winter_pm_end,
        grace_minutes=schedule.grace_minutes,
        is_summer=summer,
    )


def _seconds(t: dt.time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def _midpoint(a: dt.time, b: dt.time) -> int:
    return (_seconds(a) + _seconds(b)) // 2


def point_for(hours: DayHours, moment: dt.time) -> str:
    """Which clock point a tap at ``moment`` counts for, from the time alone.

    The day is cut at the midpoints between consecutive due times, so a second tap at nearly
    the same moment always lands on the same point (and the database keeps one record).
    """
    due = hours.points_list()
    now = _seconds(moment)
    for (point, time_a), (_, time_b) in zip(due, due[1:], strict=False):
        if now < _midpoint(time_a, time_b):
            return point
    return due[-1][0]


def _at(day: dt.date, t: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, t, tzinfo=LOCAL)


def _overdue_minutes(seconds: float, grace_minutes: int) -> int:
    """Whole minutes (rounded up) when past the grace, else 0."""
    if seconds <= grace_minutes * 60:
        return 0
    return math.ceil(seconds / 60)


def pick_cover(covers: list[Cover]) -> Cover | None:
    """Leave beats a business trip beats an outing when several cover the same half."""
    if not covers:
        return None
    return min(covers, key=lambda c: COVER_PRIORITY.index(c.status))


def evaluate_half(
    *,
    half: str,
    day: dt.date,
    hours: DayHours,
    working: bool,
    clocks: Mapping[str, dt.datetime],
    cover: Cover | None,
    now: dt.datetime,
    late_absent_minutes: int,
) -> HalfResult:
    if not working:
        return HalfResult(DayStatus.REST)
    if cover is not None:
        return HalfResult(COVER_STATUS[cover.status], label=cover.label)
    in_point, out_point = hours.half_points(half)
    start, end = (hours.am_start, hours.am_end) if half == "am" else (hours.pm_start, hours.pm_end)
    clock_in = clocks.get(in_point) if in_point else None
    clock_out = clocks.get(out_point) if out_point else None
    late_seconds = (clock_in - _at(day, start)).total_seconds() if clock_in else 0.0
    early_seconds = (_at(day, end) - clock_out).total_seconds() if clock_out else 0.0
    late = _overdue_minutes(late_seconds, hours.grace_minutes)
    early = _overdue_minutes(early_seconds, hours.grace_minutes)
    limit = late_absent_minutes * 60
    day_over = now >= _at(day + dt.timedelta(days=1), dt.time(0))
    wanted = [p for p in (in_point, out_point) if p]
    present = [p for p in wanted if p in clocks]
    if not present and not day_over and now < _at(day, end):
        return HalfResult(DayStatus.PENDING)
    if late and late_seconds > limit or early and early_seconds > limit:
        return HalfResult(DayStatus.ABSENT, late, early)
    if not present or day_over and len(present) < len(wanted):
        other_clock_of_day = hours.points == 2 and bool(clocks)
        status = DayStatus.MISSING if present or other_clock_of_day else DayStatus.ABSENT
        return HalfResult(status, late, early)
    if late:
        return HalfResult(DayStatus.LATE, late, early)
    if early:
        return HalfResult(DayStatus.EARLY, late, early)
    return HalfResult(DayStatus.NORMAL)


def evaluate_day(
    *,
    day: dt.date,
    hours: DayHours,
    working: bool,
    clocks: Mapping[str, dt.datetime],
    covers: list[Cover],
    now: dt.datetime,
    late_absent_minutes: int,
) -> DayResult:
    """Status of each half of ``day`` for one person.

    ``clocks`` maps clock point -> aware datetime; ``covers`` are this person's covers for the
    day (either half); ``now`` decides whether the day is over.
    """
    results = {}
    for half in ("am", "pm"):
        results[half] = evaluate_half(
            half=half,
            day=day,
            hours=hours,
            working=working,
            clocks=clocks,
            cover=pick_cover([c for c in covers if c.half == half]),
            now=now,
            late_absent_minutes=late_absent_minutes,
        )
    return DayResult(results["am"], results["pm"])
