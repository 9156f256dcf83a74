"""Which schedule version applies to whom on which day, loaded in two queries and cached.

Resolution: a person's own assignment, else their section's, else the default schedule; of the
chosen schedule, the version with the latest ``valid_from`` not after the day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from attendance.engine import DayHours, ScheduleValues, hours_for
from attendance.models import Schedule, ScheduleAssignment
from attendance.models.schedule import DEFAULT_SCHEDULE_NAME
from office import refdata

BOOK_CACHE_NAME = "schedule-book"


def values_of(schedule: Schedule) -> ScheduleValues:
    return ScheduleValues(
        points=schedule.points,
        am_start=schedule.am_start,
        am_end=schedule.am_end,
        summer_pm_start=schedule.summer_pm_start,
        summer_pm_end=schedule.summer_pm_end,
        winter_pm_start=schedule.winter_pm_start,
        winter_pm_end=schedule.winter_pm_end,
        summer_start=(schedule.summer_start_month, schedule.summer_start_day),
        summer_end=(schedule.summer_end_month, schedule.summer_end_day),
        grace_minutes=schedule.grace_minutes,
    )


def _latest(dated: list[tuple[dt.date, object]], day: dt.date) -> object | None:
    """The entry with the latest date not after ``day`` (``dated`` is sorted newest first)."""
    return next((value for since, value in dated if since <= day), None)


@dataclass
class ScheduleBook:
    versions: dict[str, list[tuple[dt.date, ScheduleValues]]] = field(default_factory=dict)
    by_section: dict[int, list[tuple[dt.date, str]]] = field(default_factory=dict)
    by_staff: dict[int, list[tuple[dt.date, str]]] = field(default_factory=dict)

    def name_for(self, staff_id: int, section_id: int, day: dt.date) -> str:
        return (
            _latest(self.by_staff.get(staff_id, []), day)
            or _latest(self.by_section.get(section_id, []), day)
            or DEFAULT_SCHEDULE_NAME
        )

    def values_for(self, staff_id: int, section_id: int, day: dt.date) -> ScheduleValues:
        versions = self.versions.get(self.name_for(staff_id, section_id, day))
        if not versions:
            versions = self.versions.get(DEFAULT_SCHEDULE_NAME, [])
        if not versions:
            return ScheduleValues()
        # Before the first version existed, its hours are the best knowledge we have.
        return _latest(versions, day) or versions[-1][1]

    def hours_for(self, staff_id: int, section_id: int, day: dt.date) -> DayHours:
        return hours_for(self.values_for(staff_id, section_id, day), day)


def load_book() -> ScheduleBook:
    """Every schedule version and assignment (a handful of rows), cached by office.refdata;
    two queries when not cached."""
    return refdata.cached(BOOK_CACHE_NAME, load_book_uncached)


def load_book_uncached() -> ScheduleBook:
    book = ScheduleBook()
    versions: dict[str, list[tuple[dt.date, ScheduleValues]]] = defaultdict(list)
    for schedule in Schedule.objects.order_by("name", "-valid_from"):
        versions[schedule.name].append((schedule.valid_from, values_of(schedule)))
    by_section: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    by_staff: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    rows = ScheduleAssignment.objects.order_by("-valid_from", "-id").values_list(
        "section_id", "staff_id", "valid_from", "schedule_name"
    )
    for section_id, staff_id, since, name in rows:
        target = by_staff[staff_id] if staff_id else by_section[section_id]
        target.append((since, name))
    book.versions, book.by_section, book.by_staff = dict(versions), dict(by_section), dict(by_staff)
    return book
