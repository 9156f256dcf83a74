"""ISO weeks and Chinese date prose; pure functions, no database."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from office.calendar import year_supported

SHANGHAI = ZoneInfo("Asia/Shanghai")


def week_dates(year: int, week: int) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of an ISO week."""
    monday = dt.date.fromisocalendar(year, week, 1)
    return monday, monday + dt.timedelta(days=6)


def week_bounds(year: int, week: int) -> tuple[dt.datetime, dt.datetime]:
    """[Monday 00:00, next Monday 00:00) in Asia/Shanghai, as aware datetimes."""
    monday, _ = week_dates(year, week)
    start = dt.datetime.combine(monday, dt.time(), tzinfo=SHANGHAI)
    return start, start + dt.timedelta(days=7)


def previous_week(now: dt.datetime) -> tuple[int, int]:
    """The ISO (year, week) before the one ``now`` falls in, read on the office's clock."""
    year, week, _ = (now.astimezone(SHANGHAI).date() - dt.timedelta(days=7)).isocalendar()
    return year, week


def parse_week(value: str) -> tuple[int, int] | None:
    """ "2026-W47" (the HTML week input) -> (2026, 47); None when malformed."""
    try:
        year_text, week_text = value.split("-W")
        year, week = int(year_text), int(week_text)
        dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        return None
    return (year, week) if year_supported(year) else None


def cn_date(day: dt.date) -> str:
    """2026年11月24日, as official prose writes dates (no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_datetime(moment: dt.datetime) -> str:
    local = moment.astimezone(SHANGHAI)
    return f"{cn_date(local.date())} {local:%H:%M}"
