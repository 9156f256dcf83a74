"""Pure leave rules: working-day counting by half-days, annual entitlement, 销假 arithmetic.

No database here: callers pass the calendar overrides ({date: is_working}) and settings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from decimal import Decimal

from office.calendar import days, is_working, working_day_after

AM, PM = "am", "pm"
HALF = Decimal("0.5")


def position(day: dt.date, half: str) -> int:
    """A half-day as one ordinal number, so ranges compare and overlap simply."""
    return day.toordinal() * 2 + (0 if half == AM else 1)


def from_position(pos: int) -> tuple[dt.date, str]:
    return dt.date.fromordinal(pos // 2), AM if pos % 2 == 0 else PM


def half_before(day: dt.date, half: str) -> tuple[dt.date, str]:
    return from_position(position(day, half) - 1)


def leave_halves(
    start: dt.date, start_half: str, end: dt.date, end_half: str, overrides: Mapping[dt.date, bool]
) -> Iterator[tuple[dt.date, str]]:
    """Every working half-day from (start, start_half) to (end, end_half), both included."""
    first, last = position(start, start_half), position(end, end_half)
    for day in days(start, end):
        if not is_working(day, overrides):
            continue
        for half in (AM, PM):
            if first <= position(day, half) <= last:
                yield day, half


def count_days(
    start: dt.date, start_half: str, end: dt.date, end_half: str, overrides: Mapping[dt.date, bool]
) -> Decimal:
    """Working days in the range, halves counting 0.5; 0 when the range is empty or reversed."""
    return HALF * sum(1 for _ in leave_halves(start, start_half, end, end_half, overrides))


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two inclusive half-day position ranges share at least one half-day."""
    return a[0] <= b[1] and b[0] <= a[1]


def parse_tiers(text: str) -> list[tuple[int, int]]:
    """ "1:5,10:10,20:15" -> [(1, 5), (10, 10), (20, 15)], sorted by years."""
    tiers = []
    for part in text.split(","):
        if part.strip():
            years, entitled = part.split(":")
            tiers.append((int(years), int(entitled)))
    return sorted(tiers)


def service_years(work_start: dt.date | None, on: dt.date) -> int:
    if work_start is None or work_start > on:
        return 0
    years = on.year - work_start.year
    if (on.month, on.day) < (work_start.month, work_start.day):
        years -= 1
    return years


def annual_entitlement(work_start: dt.date | None, year: int, tiers: str) -> int:
    """年休假 days for ``year``: the tier reached by 1 January of that year (<1 year: 0).

    Counting from 1 January gives one figure for the whole year, which is how 政工科 plans it;
    a person who crosses a tier mid-year gets the higher figure the next year.
    """
    years = service_years(work_start, dt.date(year, 1, 1))
    entitled = 0
    for threshold, value in parse_tiers(tiers):
        if years >= threshold:
            entitled = value
    return entitled


def days_used_on_return(
    start: dt.date,
    start_half: str,
    end: dt.date,
    end_half: str,
    returned_on: dt.date,
    returned_half: str,
    overrides: Mapping[dt.date, bool],
) -> Decimal:
    """销假 arithmetic: the working days actually taken when back at (returned_on, half).

    Coming back late does not lengthen the leave (that is a discipline matter, not leave);
    coming back early shortens it.
    """
    last_day, last_half = half_before(returned_on, returned_half)
    if position(last_day, last_half) > position(end, end_half):
        last_day, last_half = end, end_half
    return count_days(start, start_half, last_day, last_half, overrides)


def report_back_deadline(
    end: dt.date, working_days: int, overrides: Mapping[dt.date, bool]
) -> dt.date:
    """The last day to 销假: ``working_days`` working days after the leave's last day."""
    return working_day_after(end, working_days, overrides)
