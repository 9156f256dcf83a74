"""When a 督办's progress feedback is due, and which due days were missed: pure functions of
plain values (no database), so the overdue job and the pages agree and tests need no rows.

A feedback day ``d`` is met by any feedback from the end of the previous feedback day (or the
registration, for the first) to the end of ``d`` (midnight after it, Shanghai time). Feedback
days run from the day after registration up to the day before the 办结时限's day: on that day
the completion itself is due, and missing it is flagged as such.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from inspections.dates import SHANGHAI

NONE, WEEKLY, DAYS = "none", "weekly", "days"


def day_end(day: dt.date) -> dt.datetime:
    """The end of ``day`` in the office: the midnight after it."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=SHANGHAI)


def feedback_days(
    *,
    interval: str,
    weekday: int | None,
    every_days: int | None,
    registered_at: dt.datetime,
    due_at: dt.datetime,
) -> list[dt.date]:
    """The days progress must be reported on, in order (empty for "none")."""
    start = registered_at.astimezone(SHANGHAI).date()
    last = due_at.astimezone(SHANGHAI).date() - dt.timedelta(days=1)
    if interval == WEEKLY and weekday is not None:
        first = start + dt.timedelta(days=(weekday - start.weekday() - 1) % 7 + 1)
        step = 7
    elif interval == DAYS and every_days:
        first, step = start + dt.timedelta(days=every_days), every_days
    else:
        return []
    days = []
    day = first
    while day <= last:
        days.append(day)
        day += dt.timedelta(days=step)
    return days


def missed_days(
    days: list[dt.date],
    *,
    registered_at: dt.datetime,
    feedback_at: Iterable[dt.datetime],
    now: dt.datetime,
) -> list[dt.date]:
    """The feedback days that have ended by ``now`` with no feedback in their window."""
    times = sorted(feedback_at)
    missed = []
    window_start = registered_at
    for day in days:
        end = day_end(day)
        if end > now:
            break
        if not any(window_start < at <= end for at in times):
            missed.append(day)
        window_start = end
    return missed


def next_feedback_day(days: list[dt.date], *, now: dt.datetime) -> dt.date | None:
    """The first feedback day not yet over (for the recipient's page), or None."""
    return next((day for day in days if day_end(day) > now), None)
