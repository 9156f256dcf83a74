"""Stored day statuses: recompute and upsert ``AttendanceDay`` rows in bulk.

Each write runs a fixed number of queries whatever the number of people or days (the refresh
of everyone: per batch of people): the schedules, assignments, calendar and settings are read
once, clocks and covers once per range, and the rows are written with one bulk insert and one
bulk update (each with its history).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from attendance import closing
from attendance.covers import Cover, covers_between
from attendance.engine import DayHours, DayResult, evaluate_day
from attendance.models import AttendanceDay, ClockRecord
from attendance.schedules import BOOK_LOADERS, ScheduleBook, book_from
from office import calendar, config, refdata
from office.audit import records_actor
from office.jobs import as_system
from office.models import Staff

UPDATED_FIELDS = [
    "am_status",
    "pm_status",
    "late_minutes",
    "early_minutes",
    "labels",
    "computed_at",
    "is_final",
]


@dataclass
class Context:
    """What every computation needs besides the people's own records."""

    book: ScheduleBook
    overrides: dict[dt.date, bool]
    settings: dict  # the city defaults; a person's own are ``settings_for`` their section
    values: config.Values
    # (section_id, year, month) closed (考勤封帐): the writer leaves those days as they are.
    closed: frozenset[closing.ClosedKey] = frozenset()

    @classmethod
    def load(cls, start: dt.date, end: dt.date) -> Context:
        """All three from the cache in one round trip (office.refdata)."""
        rows = refdata.rows_many(
            {
                **BOOK_LOADERS,
                config.CACHE_NAME: config.load_rows,
                **calendar.year_loaders(start, end),
                **closing.closed_loaders(start, end),
            }
        )
        values = config.Values(rows[config.CACHE_NAME])
        return cls(
            book_from(rows),
            calendar.overrides_from(rows, start, end),
            values.city,
            values,
            frozenset(closing.closed_from(rows, start, end)),
        )

    def settings_for(self, section_id: int) -> dict:
        """The settings of the section's unit (its overrides over the city defaults)."""
        return self.values.of_section(section_id)

    def hours_for(self, staff_id: int, section_id: int, day: dt.date) -> DayHours:
        """The person's hours: their own or their section's schedule, else their unit's
        (setting ``unit_schedule``, e.g. a 窗口单位), else the default schedule."""
        fallback = self.settings_for(section_id)["unit_schedule"]
        return self.book.hours_for(staff_id, section_id, day, fallback=fallback)

    def proofs_for(self, staff_id: int, section_id: int, day: dt.date) -> frozenset[str]:
        """The proofs the person's schedule asks of a tap that day (PRODUCT.md §7)."""
        fallback = self.settings_for(section_id)["unit_schedule"]
        return self.book.proofs_for(staff_id, section_id, day, fallback=fallback)


def compute(
    *,
    context: Context,
    staff_id: int,
    section_id: int,
    day: dt.date,
    clocks: dict[str, dt.datetime],
    covers: list[Cover],
    now: dt.datetime,
) -> DayResult:
    return evaluate_day(
        day=day,
        hours=context.hours_for(staff_id, section_id, day),
        working=calendar.is_working(day, context.overrides),
        clocks=clocks,
        covers=covers,
        now=now,
        late_absent_minutes=context.settings_for(section_id)["late_absent_minutes"],
    )


def _row_values(result: DayResult) -> dict:
    return {
        "am_status": result.am.status,
        "pm_status": result.pm.status,
        "late_minutes": result.late_minutes,
        "early_minutes": result.early_minutes,
        "labels": result.labels[:200],
    }


def day_live(
    *, staff: Staff, day: dt.date, clocks: list[ClockRecord], context: Context, now: dt.datetime
) -> AttendanceDay:
    """One person's day as it stands now, computed and not stored (an unsaved row).

    For the clock-in page and the home card: right after a tap they show its effect without
    writing anything (the stored row follows through pending_days_refresh; pages of many days
    use days_with_taps_counted).
    """
    result = compute(
        context=context,
        staff_id=staff.pk,
        section_id=staff.section_id,
        day=day,
        clocks={clock.point: clock.at for clock in clocks},
        covers=covers_between([staff.pk], day, day),
        now=now,
    )
    return AttendanceDay(staff=staff, date=day, **_row_values(result))


Key = tuple[int, dt.date]


def days_with_taps_counted(
    *,
    rows: dict[Key, AttendanceDay | None],
    people: dict[int, int],
    start: dt.date,
    end: dt.date,
    now: dt.datetime | None = None,
) -> dict[Key, AttendanceDay | None]:
    """Stored days as they stand now: each day of ``people`` (staff_id -> section_id) in the
    range with a tap not yet counted (``status_pending``) is computed in memory, as day_live
    does for one person, and written into ``rows`` (the stored row changed but never saved, or a
    new unsaved row). Nothing is written to the database: pages call this and stay read-only,
    the stored rows follow from pending_days_refresh (the minute job) and the night close.

    One query when no tap is pending (the clocks of the days that have one); otherwise the
    cached context and one query per cover provider more, however many people or days.
    """
    if not people or start > end:
        return rows
    pending = ClockRecord.objects.filter(
        staff_id=OuterRef("staff_id"), date=OuterRef("date"), status_pending=True
    )
    clocks: dict[Key, dict[str, dt.datetime]] = defaultdict(dict)
    for staff_id, day, point, at in ClockRecord.objects.filter(
        Exists(pending), staff_id__in=list(people), date__range=(start, end)
    ).values_list("staff_id", "date", "point", "at"):
        clocks[staff_id, day][point] = at
    if not clocks:
        return rows
    now = now or timezone.now()
    first, last = min(day for _, day in clocks), max(day for _, day in clocks)
    context = Context.load(first, last)
    covers: dict[Key, list[Cover]] = defaultdict(list)
    for cover in covers_between(list({staff_id for staff_id, _ in clocks}), first, last):
        covers[cover.staff_id, cover.date].append(cover)
    for (staff_id, day), day_clocks in clocks.items():
        result = compute(
            context=context,
            staff_id=staff_id,
            section_id=people[staff_id],
            day=day,
            clocks=day_clocks,
            covers=covers.get((staff_id, day), []),
            now=now,
        )
        row = rows.get((staff_id, day)) or AttendanceDay(staff_id=staff_id, date=day)
        for key, value in _row_values(result).items():
            setattr(row, key, value)
        row.computed_at = now
        rows[staff_id, day] = row
    return rows


DAYS_LOCK = 5_318_008  # any constant: the key of the advisory lock below


def _days_lock(*, wait: bool) -> bool:
    """PostgreSQL: one writer of stored days at a time (a transaction-scoped advisory lock).
    Two at once could both insert a person's new day, or each write what it read before the
    other committed (a leave approval undone, a closed day reopened). With ``wait=False`` the
    lock is only tried. SQLite needs none: its writers take turns from BEGIN on."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [DAYS_LOCK])
            return True
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [DAYS_LOCK])
        return cursor.fetchone()[0]


def _store(**kwargs: Any) -> int:
    """Read and write under the lock, in one transaction (joining the caller's if any)."""
    with transaction.atomic(savepoint=False):
        _days_lock(wait=True)
        return _compute_and_write(**kwargs)


def _compute_and_write(
    *,
    people: list[tuple[int, int]],
    start: dt.date,
    end: dt.date,
    who: Q,
    cover_ids: list[int] | None,
    close: bool,
    context: Context | None = None,
) -> int:
    """Compute ``people`` ((staff_id, section_id) pairs) over the range and write the changes.

    Days of a closed month (考勤封帐) are skipped: whoever asks (the night close, the minute
    job, a calendar recompute), a closed month's stored days stay as they were.
    """
    now = timezone.now()
    context = context or Context.load(start, end)
    closed = context.closed
    clocks: dict[tuple[int, dt.date], dict[str, dt.datetime]] = defaultdict(dict)
    for staff_id, day, point, at in ClockRecord.objects.filter(
        who, date__range=(start, end)
    ).values_list("staff_id", "date", "point", "at"):
        clocks[staff_id, day][point] = at
    covers: dict[tuple[int, dt.date], list[Cover]] = defaultdict(list)
    for cover in covers_between(cover_ids, start, end):
        covers[cover.staff_id, cover.date].append(cover)
    existing = {
        (row.staff_id, row.date): row
        for row in AttendanceDay.objects.filter(who, date__range=(start, end))
    }
    to_create, to_update = [], []
    for staff_id, section_id in people:
        for day in calendar.days(start, end):
            if closed and (section_id, day.year, day.month) in closed:
                continue
            result = compute(
                context=context,
                staff_id=staff_id,
                section_id=section_id,
                day=day,
                clocks=clocks.get((staff_id, day), {}),
                covers=covers.get((staff_id, day), []),
                now=now,
            )
            row = existing.get((staff_id, day))
            fresh = row is None
            row = row or AttendanceDay(staff_id=staff_id, date=day)
            values = {**_row_values(result), "is_final": close or row.is_final}
            if not fresh and all(getattr(row, k) == v for k, v in values.items()):
                continue
            for key, value in values.items():
                setattr(row, key, value)
            row.computed_at = now
            (to_create if fresh else to_update).append(row)
    if to_create:
        bulk_create_with_history(to_create, AttendanceDay)
    if to_update:
        bulk_update_with_history(to_update, AttendanceDay, UPDATED_FIELDS)
    return len(to_create) + len(to_update)


@records_actor
def day_status_refresh(
    *,
    staff_ids: list[int],
    start: dt.date,
    end: dt.date,
    context: Context | None = None,
    acting_user: AbstractBaseUser | None,
) -> int:
    """Recompute the stored status of these people on these days (up to today).

    Called when a clock, leave, outing or make-up for those days changes. Returns the number
    of rows written (unchanged rows are not rewritten).
    """
    end = min(end, timezone.localdate())
    staff_ids = list(dict.fromkeys(staff_ids))
    if not staff_ids or start > end:
        return 0
    people = list(Staff.objects.filter(pk__in=staff_ids).values_list("pk", "section_id"))
    return _store(
        people=people,
        start=start,
        end=end,
        who=Q(staff_id__in=staff_ids),
        cover_ids=staff_ids,
        close=False,
        context=context,
    )


PENDING_BATCH = 5000


@records_actor
def pending_days_refresh(*, acting_user: AbstractBaseUser | None) -> int:
    """Count the taps that clock_in left pending into their stored days.

    A tap only inserts its record (the 08:30 rush stays fast); this refreshes all those days
    in a few queries per batch. Only jobs call it (every minute, and the weekly compile before
    it reads the week's days); pages never write: they count the pending taps in on read
    (days_with_taps_counted). If another caller is counting at that very moment it returns at
    once (it does not wait). Returns the rows written.
    """
    if not ClockRecord.objects.filter(status_pending=True).exists():
        return 0
    written = 0
    while True:
        with transaction.atomic(), as_system():
            if not _days_lock(wait=False):
                return written
            pending = list(
                ClockRecord.objects.filter(status_pending=True).values_list(
                    "pk", "staff_id", "date"
                )[:PENDING_BATCH]
            )
            by_day: dict[dt.date, list[int]] = defaultdict(list)
            for _, staff_id, day in pending:
                by_day[day].append(staff_id)
            for day, staff_ids in by_day.items():
                # Counting taps is the system's bookkeeping, whoever's compile asked for it.
                written += day_status_refresh(
                    staff_ids=staff_ids, start=day, end=day, acting_user=None
                )
            ClockRecord.objects.filter(pk__in=[pk for pk, _, _ in pending]).update(
                status_pending=False
            )
        if len(pending) < PENDING_BATCH:
            return written


@records_actor
def day_close(*, day: dt.date, acting_user: AbstractBaseUser | None) -> int:
    """Finalise ``day`` for every active staff member (the nightly job closes yesterday).

    Missing clocks become 缺卡/旷工 now that the day is over. No list of ids is sent to the
    database, so the query count is the same for 10 or 10,000 people.
    """
    active = Q(staff__status=Staff.Status.ACTIVE)
    people = list(Staff.objects.filter(status=Staff.Status.ACTIVE).values_list("pk", "section_id"))
    return _store(people=people, start=day, end=day, who=active, cover_ids=None, close=True)


EVERYONE_BATCH = 100  # people per transaction: a year of theirs is ~37,000 rows in memory


@records_actor
def day_status_refresh_everyone(
    *,
    start: dt.date,
    end: dt.date,
    progress: Callable[[int, int], None] | None = None,
    acting_user: AbstractBaseUser | None,
) -> int:
    """Recompute every active person over a range (up to today), after a calendar or schedule
    change; a background job calls it (attendance.tasks.recompute_days).

    A batch of people at a time, each batch its own short transaction under the days lock: the
    memory stays flat as staff grows, the taps' follow-ups are not held up for the whole run,
    and ``progress(done, total)`` counts the people done. Each batch reads the calendar and
    schedules afresh. Returns the rows written.
    """
    end = min(end, timezone.localdate())
    if start > end:
        return 0
    people = list(Staff.objects.filter(status=Staff.Status.ACTIVE).values_list("pk", "section_id"))
    written = 0
    for first in range(0, len(people), EVERYONE_BATCH):
        batch = people[first : first + EVERYONE_BATCH]
        ids = [pk for pk, _ in batch]
        written += _store(
            people=batch, start=start, end=end, who=Q(staff_id__in=ids), cover_ids=ids, close=False
        )
        if progress is not None:
            progress(first + len(batch), len(people))
    return written
