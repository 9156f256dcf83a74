"""Which schedule version applies to whom on which day, loaded in two queries and cached.

Resolution: a person's own assignment, else their section's, else the default schedule; of the
chosen schedule, the version with the latest ``valid_from`` not after the day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from attendance.engine import DayHours, ScheduleValues, hours_for
from attendance.models import Schedule, ScheduleAssignment
from attendance.models.schedule import DEFAULT_SCHEDULE_NAME
from office import refdata

# The fields ScheduleValues shares with Schedule, then the whole row cached per version.
SAME_FIELDS = ("points", "am_start", "am_end", "summer_pm_start", "summer_pm_end")
SAME_FIELDS += ("winter_pm_start", "winter_pm_end", "grace_minutes")
SEASON_FIELDS = ("summer_start_month", "summer_start_day", "summer_end_month", "summer_end_day")
PROOF_FIELDS = {"proof_network": "network", "proof_door": "door", "proof_device": "device"}
SCHEDULE_FIELDS = ("name", "valid_from", *SAME_FIELDS, *SEASON_FIELDS, *PROOF_FIELDS)


def values_of(row: tuple) -> ScheduleValues:
    """A ``Schedule`` row (``SCHEDULE_FIELDS``) as the engine's values."""
    value = dict(zip(SCHEDULE_FIELDS, row, strict=True))
    return ScheduleValues(
        **{name: value[name] for name in SAME_FIELDS},
        summer_start=(value["summer_start_month"], value["summer_start_day"]),
        summer_end=(value["summer_end_month"], value["summer_end_day"]),
        proofs=frozenset(proof for name, proof in PROOF_FIELDS.items() if value[name]),
    )


def _latest(dated: list[tuple[dt.date, object]], day: dt.date) -> object | None:
    """The entry with the latest date not after ``day`` (``dated`` is sorted newest first)."""
    return next((value for since, value in dated if since <= day), None)


@dataclass
class ScheduleBook:
    versions: dict[str, list[tuple[dt.date, ScheduleValues]]] = field(default_factory=dict)
    by_section: dict[int, list[tuple[dt.date, str]]] = field(default_factory=dict)
    by_staff: dict[int, list[tuple[dt.date, str]]] = field(default_factory=dict)

    def name_for(self, staff_id: int, section_id: int, day: dt.date, fallback: str = "") -> str:
        """``fallback``: the schedule of the person's unit when neither they nor their section
        has one assigned (empty: the default schedule)."""
        return (
            _latest(self.by_staff.get(staff_id, []), day)
            or _latest(self.by_section.get(section_id, []), day)
            or fallback
            or DEFAULT_SCHEDULE_NAME
        )

    def values_for(
        self, staff_id: int, section_id: int, day: dt.date, fallback: str = ""
    ) -> ScheduleValues:
        versions = self.versions.get(self.name_for(staff_id, section_id, day, fallback))
        if not versions:
            versions = self.versions.get(DEFAULT_SCHEDULE_NAME, [])
        if not versions:
            return ScheduleValues()
        # Before the first version existed, its hours are the best knowledge we have.
        return _latest(versions, day) or versions[-1][1]

    def proofs_for(
        self, staff_id: int, section_id: int, day: dt.date, fallback: str = ""
    ) -> frozenset[str]:
        """What a tap of the person must prove that day (their schedule version's choice)."""
        return self.values_for(staff_id, section_id, day, fallback).proofs

    def hours_for(
        self, staff_id: int, section_id: int, day: dt.date, fallback: str = ""
    ) -> DayHours:
        return hours_for(self.values_for(staff_id, section_id, day, fallback), day)


# The rows a book is made of, cached by office.refdata: two queries when not cached.
BOOK_LOADERS: dict[str, Callable[[], Iterable[tuple]]] = {
    "schedules": lambda: Schedule.objects.order_by("name", "-valid_from").values_list(
        *SCHEDULE_FIELDS
    ),
    "schedule-assignments": lambda: ScheduleAssignment.objects.order_by(
        "-valid_from", "-id"
    ).values_list("section_id", "staff_id", "valid_from", "schedule_name"),
}


def load_book() -> ScheduleBook:
    """Every schedule version and assignment (a handful of rows)."""
    return book_from(refdata.rows_many(BOOK_LOADERS))


def book_from(rows: Mapping[str, Iterable[tuple]]) -> ScheduleBook:
    """The book out of the fetched rows of ``BOOK_LOADERS``."""
    versions: dict[str, list[tuple[dt.date, ScheduleValues]]] = defaultdict(list)
    for row in rows["schedules"]:
        versions[row[0]].append((row[1], values_of(row)))
    by_section: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    by_staff: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    for section_id, staff_id, since, name in rows["schedule-assignments"]:
        target = by_staff[staff_id] if staff_id else by_section[section_id]
        target.append((since, name))
    return ScheduleBook(dict(versions), dict(by_section), dict(by_staff))
